"""Plain values shared by the directory rules (phones, hours), its exports and the importers that feed them.

No models and no querysets: importers (which sit above directory) import these; directory never imports importers.
"""

import re
from dataclasses import dataclass, field
from datetime import time

from directory.categories import CATEGORIES


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
    # Only these days of each month (いのちの電話's free line: 毎月10日); then weekdays and holidays do not apply.
    month_days: list[int] = field(default_factory=list)


# --- the open-data CSV columns (written by directory.exports, read back by importers.readers.csvdir) ---------------

# 自治体標準オープンデータセット: these come first, exactly in this order.
STANDARD_COLUMNS: tuple[str, ...] = (
    "名称",
    "名称_カナ",
    "住所",
    "電話番号",
    "内線番号",
    "FAX番号",
    "利用可能曜日",
    "開始時間",
    "終了時間",
    "利用可能日時特記事項",
    "URL",
    "備考",
)
# Then one column per category (経済 … 人権) holding 1 or blank.
CATEGORY_COLUMNS: tuple[str, ...] = tuple(c.name for c in CATEGORIES)
# Then what makes the file import back losslessly; INFORMATIONAL_COLUMNS among them are not read back.
EXTRA_COLUMNS: tuple[str, ...] = (
    "組織名",
    "上位組織",
    "相談内容",
    "対象者",
    "説明",
    "総合窓口",
    "運営形態",
    "事業区分",  # 社会福祉法第106条の4第2項 clause numbers, e.g. 「3,4,5」
    "電話・FAX",
    "受付時間",
    "状態",
    "最終確認日",
    "確認者",
    "対応言語",
    "窓口ID",
    "出典",
)
INFORMATIONAL_COLUMNS: tuple[str, ...] = ("状態", "最終確認日", "確認者", "対応言語", "窓口ID", "出典")


# --- agency identity -------------------------------------------------------------------------------------------

LEGAL_FORMS: tuple[str, ...] = (
    "社会福祉法人",
    "特定非営利活動法人",
    "NPO法人",
    "株式会社",
    "有限会社",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "医療法人",
)


def agency_key(name: str) -> str:
    """Identity of an agency across tables: without spaces, legal form or an (委託)/(直営) remark.

    Shared by the plan importer (one window per agency) and the exports (an agency's businesses by title).
    """
    # Imported here: directory.phones imports this module for PhoneRecord.
    from directory.phones import normalize_text

    key = re.sub(r"\s+", "", normalize_text(name))
    key = re.sub(r"\((?:委託|直営|団体補助)\)", "", key)
    for form in LEGAL_FORMS:
        key = key.replace(form, "")
    return key


@dataclass
class LinkRecord:
    """A way to reach a window other than the phone: チャット, SNS, メール, ウェブ."""

    label: str
    url: str
    kind: str = "web"  # chat / sns / mail / web
