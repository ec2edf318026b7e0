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
    "対象年齢",  # 「65-」「15-49」「-17」 (directory.values.format_ages); empty: read from 対象者
    "対象区分",  # 「家族」「事業者」 or empty; empty: read from 対象者
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


# --- window targets (対象: ages, 本人/家族, 事業者向け) -------------------------------------------------------------

AUDIENCE_RESIDENT = ""  # anyone (the default)
AUDIENCE_FAMILY = "family"  # 本人と家族 (ひきこもりの方と家族, 介護をしている家族)
AUDIENCE_BUSINESS = "business"  # 事業者向け (経営相談, 事業主)
#: The 対象区分 CSV cell for each audience, and back.
AUDIENCE_LABELS = {AUDIENCE_FAMILY: "家族", AUDIENCE_BUSINESS: "事業者"}
AUDIENCE_BY_LABEL = {label: value for value, label in AUDIENCE_LABELS.items()} | {"本人": AUDIENCE_RESIDENT}


@dataclass(frozen=True)
class TargetFacts:
    """What a window's 対象 states, structured: an age range (either end open) and who it is for."""

    age_min: int | None = None
    age_max: int | None = None
    audience: str = AUDIENCE_RESIDENT


_AGE = r"(?:おおむね|概ね|満)?(\d{1,3})\s*歳"
_AGE_RANGE = re.compile(_AGE + r"\s*(?:から|〜|～|-|ー|―|・)\s*" + _AGE)
_AGE_FROM = re.compile(_AGE + r"\s*(?:以上|から|超)")
_AGE_UNDER = re.compile(_AGE + r"\s*(?:未満)")
_AGE_UNTIL = re.compile(r"(?:〜|～)?" + _AGE + r"\s*(?:以下|まで)")
_DECADES = re.compile(r"(\d)0\s*歳?代(?:まで)")
_SCHOOL_AGES = (
    ("就学前", 0, 6),
    ("乳幼児", 0, 6),
    ("小学生・中学生", 6, 15),
    ("小中学生", 6, 15),
    ("小学生", 6, 12),
    ("中学生", 12, 15),
    ("高校生", 15, 18),
)
_BUSINESS = re.compile(r"事業者|事業主|企業|経営者|法人|店舗")
_FAMILY = re.compile(r"家族|保護者|介護者|支援者|周りの方|親族")


def parse_target(text: str) -> TargetFacts:
    """「65歳以上の方とその家族」→ ages 65–, family; 「15歳から49歳まで」→ 15–49; 「市内の事業者」→ business.

    Only what the text states: a window whose 対象 names no age gets no age range. Used by the importers (CSV
    reader now; the page extractors can pass their 対象 text through it) and re-run when an editor leaves the
    structured fields empty.
    """
    text = (text or "").replace("　", " ")
    age_min = age_max = None
    if match := _AGE_RANGE.search(text):
        age_min, age_max = int(match.group(1)), int(match.group(2))
    else:
        if match := _AGE_FROM.search(text):
            age_min = int(match.group(1))
        if match := _AGE_UNDER.search(text):
            age_max = int(match.group(1)) - 1
        elif match := _AGE_UNTIL.search(text):
            age_max = int(match.group(1))
        elif match := _DECADES.search(text):
            age_max = int(match.group(1)) * 10 + 9
        if age_min is None and age_max is None:
            for word, low, high in _SCHOOL_AGES:
                if word in text:
                    age_min, age_max = low, high
                    break
    if age_min is not None and age_max is not None and age_min > age_max:
        age_min, age_max = age_max, age_min
    if _BUSINESS.search(text) and not re.search(r"住民|市民|町民|労働者|求職者", text):
        audience = AUDIENCE_BUSINESS
    elif _FAMILY.search(text):
        audience = AUDIENCE_FAMILY
    else:
        audience = AUDIENCE_RESIDENT
    return TargetFacts(age_min, age_max, audience)


#: Groups a window is only for, as its 対象 text states them (「障害のある方」「外国籍の住民」「男性」「女性」).
GROUP_PATTERNS = (
    ("disabled", re.compile(r"障害|障がい|障碍")),
    ("foreign", re.compile(r"外国|外国籍|在留")),
    ("men", re.compile(r"^男性|男性の方|男性のみ")),
    ("women", re.compile(r"^女性|女性の方|女性のみ")),
)


def target_groups(text: str) -> list[str]:
    """The groups a window's 対象 names (「障害のある方とその家族」→ [disabled]); empty for everyone."""
    text = (text or "").strip()
    return [group for group, pattern in GROUP_PATTERNS if pattern.search(text)]


def format_ages(age_min: int | None, age_max: int | None) -> str:
    """The 対象年齢 CSV cell: 「65-」「15-49」「-17」, empty when no range is known."""
    if age_min is None and age_max is None:
        return ""
    return f"{'' if age_min is None else age_min}-{'' if age_max is None else age_max}"


def parse_ages(cell: str) -> tuple[int | None, int | None] | None:
    """「65-」「15-49」「-17」 → (min, max); None when the cell is not in that form."""
    match = re.fullmatch(r"\s*(\d{1,3})?\s*-\s*(\d{1,3})?\s*", cell or "")
    if match is None or not any(match.groups()):
        return None
    low, high = (int(g) if g else None for g in match.groups())
    return low, high
