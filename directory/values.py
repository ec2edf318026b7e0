"""Plain value types shared by the directory rules (phones, hours) and the importers that feed them."""

from dataclasses import dataclass
from datetime import time


@dataclass
class PhoneRecord:
    number: str  # as written (normalised with phonenumbers when stored)
    kind: str = "voice"  # "voice" / "fax"
    extension: str = ""
    label: str = ""  # 代表 / 直通


@dataclass
class HoursRecord:
    weekdays: list[int]  # 0 = Monday … 6 = Sunday
    opens: time
    closes: time
    note: str = ""
    open_on_holidays: bool = False
