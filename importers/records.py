"""Neutral records: what every reader and parser produces and what the loader consumes.

They know nothing of Django. A fact carries its `Source` so an editor can find it in the original document.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Phones and hours are directory value types; importers produce them, the directory owns them.
from directory.values import HoursRecord, PhoneRecord


def _many():
    # A helper rather than `field(...)` inline: records have a data attribute named `field` (分野),
    # which would shadow dataclasses.field inside their class bodies.
    return field(default_factory=list)


@dataclass(frozen=True)
class Source:
    document: str  # file name as imported, e.g. "000_798662377a1ac82b.txt" or "plan.pdf"
    location: str  # "line 42", "p.3", "p.3 table 2 row 4"

    def __str__(self) -> str:
        return f"{self.document} {self.location}".strip()


@dataclass
class AgencyRecord:
    """One agency (機関) that carries out a business, as listed in a plan's table."""

    name: str
    source: Source
    field: str = ""  # 主な対象分野, e.g. 高齢 / 障がい者 / DV被害者等
    sites: int | None = None  # 設置箇所数 / 機関数
    sites_text: str = ""  # the count as written when it is not a bare number
    site_type: str = ""  # 設置形態, e.g. 基本型事業・拠点
    operation: str = ""  # 委託 / 直営 / 委託・直営 / 団体補助
    department: str = ""  # 所管課
    area: str = ""  # 対象圏域
    target: str = ""  # 支援対象者
    activities: str = ""  # 実施内容
    role: str = ""  # 担当機関, 連携先 …
    notes: list[str] = _many()


@dataclass
class SubProgramRecord:
    """A sub-programme of a business (e.g. 地域子育て支援拠点事業, 10か所)."""

    name: str
    source: Source
    group: str = ""  # the heading it sits under, e.g. 「エ 地域子育て支援拠点事業」
    field: str = ""
    count: int | None = None
    count_text: str = ""  # e.g. 「10か所」「11名」「第1層 1 / 第2層 14」
    operation: str = ""
    department: str = ""
    target: str = ""
    notes: list[str] = _many()
    activities: str = ""  # 実施内容
    status: str = ""  # 新規 when the plan marks the sub-programme 【新規】


@dataclass
class BusinessRecord:
    """One of the five businesses of 社会福祉法第106条の4第2項 (kind = clause number 1–5)."""

    kind: int
    source: Source
    status: str = ""  # 新規 / 拡充 / 既存 / ""
    description: str = ""
    responsible: str = ""  # 担当機関 / 実施機関 as stated in prose
    agencies: list[AgencyRecord] = _many()
    subprograms: list[SubProgramRecord] = _many()
    notes: list[str] = _many()
    legal_basis: str = ""  # e.g. 社会福祉法第106条の4第2項第1号
    overview: list[str] = _many()  # the points of a 「各事業の概要」 table, as written
    target: str = ""  # 支援対象者 of the business itself
    activities: str = ""  # 実施内容 of the business itself


@dataclass
class MeetingRecord:
    name: str
    source: Source
    kind: str = "other"  # "support" (支援会議) / "layered" (重層的支援会議) / "other"
    schedule: str = ""  # as written: 毎月第4水曜日 / 月1回 / 随時
    organiser: str = ""
    members: list[str] = _many()
    roles: list[str] = _many()  # 主な協議内容 / 役割
    consent: str = ""  # 本人同意あり / 本人同意なし / ""
    notes: list[str] = _many()


@dataclass
class IndicatorValue:
    year: str  # as written: "R7", "令和7年度", "H31・R1"
    value: str  # as written after repair: "64.1%", "226,650件", "100%", "増加"


@dataclass
class IndicatorRecord:
    name: str
    source: Source
    kind: str = "outcome"  # "outcome" (評価指標) or "plan_target" (プラン作成目標件数)
    unit: str = ""  # "%", "件", "件／年"
    survey: str = ""  # data source, e.g. 市民意識調査
    baseline: IndicatorValue | None = None
    targets: list[IndicatorValue] = _many()
    notes: list[str] = _many()


@dataclass
class MilestoneRecord:
    fiscal_year: int  # western year in which the fiscal year starts (令和4年度 → 2022)
    label: str  # e.g. 移行準備事業開始
    source: Source


@dataclass
class ContactRecord:
    department: str = ""
    postcode: str = ""
    address: str = ""
    phones: list[PhoneRecord] = _many()
    email: str = ""
    source: Source | None = None


@dataclass
class SectionRecord:
    """Explanatory prose kept as the city wrote it (shown with attribution on the programme page)."""

    heading: str
    body: str
    source: Source


@dataclass
class WindowRecord:
    """A consultation window (相談窓口): one service an organisation offers."""

    organisation: str
    source: Source
    title: str = ""
    parent_organisation: str = ""
    categories: list[str] = _many()  # category slugs (directory.categories)
    topics: list[str] = _many()
    phones: list[PhoneRecord] = _many()
    hours: list[HoursRecord] = _many()
    target: str = ""
    description: str = ""
    operation: str = ""  # 委託 / 直営
    business_kind: int | None = None
    is_front_door: bool = False
    address: str = ""
    # The department as written, shown as 「福祉課 保護係」 when split into parent and organisation.
    organisation_full_name: str = ""
    # Every business (1–5) the agency carries out, when one agency appears in several.
    business_kinds: list[int] = _many()


@dataclass
class RoutingRuleRecord:
    """つなぐシート routing: who should consult which 所管課 first."""

    sender: str  # 介護関連事業所
    departments: list[str]  # 高齢者支援課
    source: Source


@dataclass
class ProgramRecord:
    city: str  # city slug
    source: Source
    document_title: str = ""
    plan_title: str = ""
    published: str = ""  # as written, e.g. 令和7年3月
    period_start: int | None = None  # western year the first fiscal year starts
    period_end: int | None = None
    basic_policy: str = ""
    legal_basis: str = ""
    timeline: list[MilestoneRecord] = _many()
    businesses: list[BusinessRecord] = _many()
    meetings: list[MeetingRecord] = _many()
    indicators: list[IndicatorRecord] = _many()
    sections: list[SectionRecord] = _many()
    coordinators: list[str] = _many()  # e.g. 包括化推進員（長寿福祉課配置）
    contact: ContactRecord | None = None
    footnotes: list[str] = _many()


__all__ = ["HoursRecord", "PhoneRecord"]  # re-exported for readers and parsers


@dataclass
class ImportBundle:
    """Everything one document yields."""

    city: str
    document: str
    program: ProgramRecord | None = None
    windows: list[WindowRecord] = _many()
    routing: list[RoutingRuleRecord] = _many()
    main_phone: PhoneRecord | None = None  # the city hall number the document states
    warnings: list[str] = _many()

    def to_dict(self) -> dict:
        return asdict(self)
