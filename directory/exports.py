"""Open-data exports of the directory: a CSV per city and an Open Referral HSDS 3.0 JSON document.

CSV (自治体標準オープンデータセット style, UTF-8 with BOM, CRLF so Excel opens it):

* the standard columns come first, exactly: 名称, 名称_カナ, 住所, 電話番号, 内線番号, FAX番号, 利用可能曜日,
  開始時間, 終了時間, 利用可能日時特記事項, URL, 備考;
* then one column per category (経済 … 人権) holding 1 or blank;
* then the columns that make the file import back losslessly (`importers.readers.csvdir`), see
  `EXTRA_COLUMNS`. The column names are defined once, in `directory.values`, which the reader imports too. Multi-valued cells (相談内容, 電話・FAX, 受付時間) hold one value per line inside the
  quoted cell.

Rows are windows, so 住所 is the window's own address and 運営形態 the organisation's (blank on the
front door, which is the city's entry point rather than an agency's contract). Phones: 電話番号/内線番号 hold the first voice number, FAX番号 the first FAX; every other number is listed
in 備考 (「電話 097-582-1111（代表）」, separated by 「／」). The full list, with kind, extension and label, is
in 電話・FAX. Hours: 利用可能曜日/開始時間/終了時間 hold the first row; 利用可能日時特記事項 describes all rows
in words and 受付時間 lists them one per line (「月火水木金 08:30-17:15 祝日も受付 ※備考」).

HSDS: organisations (the city itself, then its departments with `parent_organization_id`), services with
phones, weekly schedules and the eleven categories as taxonomy terms (through `attributes`). Ids are
UUIDv5 over our stable keys, so they do not change between exports.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import time

from django.db.models import Prefetch

from directory.categories import CATEGORIES
from directory.hours import WEEKDAYS, describe_hours
from guides.models import Agency, CityPage
from search.analyzer import katakana_reading

from .models import ConsultationWindow, Organisation, OrganisationPhone, PhoneKind, Status
from .national import NATIONAL_LABEL, NATIONAL_SLUG
from .values import (
    AUDIENCE_LABELS,
    CATEGORY_COLUMNS,
    EXTRA_COLUMNS,
    STANDARD_COLUMNS,
    agency_key,
    format_ages,
)

COLUMNS: tuple[str, ...] = STANDARD_COLUMNS + CATEGORY_COLUMNS + EXTRA_COLUMNS

LINE_SEPARATOR = "\n"  # between values inside one multi-valued cell
REMARK_SEPARATOR = "／"
VOICE_LABEL, FAX_LABEL = "電話", "FAX"
HOLIDAY_MARK = "祝日も受付"
NOTE_MARK = "※"
FLAG = "1"

HSDS_VERSION = "3.0"
# Namespace of every HSDS id we mint: uuid5(NAMESPACE_URL, "https://tsunagu.jp/hsds").
HSDS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://tsunagu.jp/hsds")
TAXONOMY_NAME = "つなぐ 相談分野（11分野）"
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TOKYO_OFFSET = "+09:00"


# --- shared formatting --------------------------------------------------------------------------------


def format_time(value: time) -> str:
    """08:30; a time with seconds (such as the 24-hour row's time.max) keeps full precision."""
    return value.strftime("%H:%M") if not (value.second or value.microsecond) else value.isoformat()


def weekdays_text(days: Iterable[int]) -> str:
    """[0, 1, 2, 3, 4] → 月火水木金."""
    return "".join(WEEKDAYS[d] for d in days)


def phone_line(phone) -> str:
    """「電話 097-582-1111 内線123（代表）」: one phone of a 電話・FAX cell."""
    kind = FAX_LABEL if phone.kind == PhoneKind.FAX else VOICE_LABEL
    text = f"{kind} {phone.number}"
    if phone.extension:
        text += f" 内線{phone.extension}"
    if phone.label:
        text += f"（{phone.label}）"
    return text


def hours_line(row) -> str:
    """「月火水木金 08:30-17:15 祝日も受付 ※第2・4水曜日は19時まで」: one row of a 受付時間 cell."""
    parts = [weekdays_text(row.weekdays), f"{format_time(row.opens)}-{format_time(row.closes)}"]
    if row.open_on_holidays:
        parts.append(HOLIDAY_MARK)
    if row.note:
        parts.append(f"{NOTE_MARK}{row.note}")
    return " ".join(parts)


# --- business kinds ---------------------------------------------------------------------------------


def business_kinds_by_title(city: CityPage) -> dict[str, list[int]]:
    """agency_key → every business (1–5) the agency carries out in the city's plan, from the 事業 pages.

    A window made from a plan agency stores only its first business; the plan pages list them all.
    Partners named as examples (連携先) are not the agency's own businesses.
    """
    kinds: dict[str, set[int]] = {}
    agencies = Agency.objects.filter(page__path__startswith=city.path, page__live=True).select_related("page")
    for agency in agencies:
        if "連携先" in agency.role or not agency.page.kind:
            continue
        kinds.setdefault(agency_key(agency.name), set()).add(int(agency.page.kind))
    return {key: sorted(values) for key, values in kinds.items()}


def window_business_kinds(window: ConsultationWindow, by_title: dict[str, list[int]]) -> list[int]:
    if window.business_kind is None:
        return []
    kinds = by_title.get(agency_key(window.title), [])
    return kinds if window.business_kind in kinds else [window.business_kind]


# --- CSV --------------------------------------------------------------------------------------------


def window_row(
    window: ConsultationWindow, *, base_url: str = "", business_kinds: Sequence[int] = ()
) -> dict[str, str]:
    """One CSV row (column → text) for a window, reading the prefetched relations of `public_windows()`."""
    org = window.organisation
    phones = window.contact_phones
    voice = next((p for p in phones if p.kind != PhoneKind.FAX), None)
    fax = next((p for p in phones if p.kind == PhoneKind.FAX), None)
    rows = list(window.hours.all())
    first = rows[0] if rows else None
    slugs = {c.slug for c in window.categories.all()}
    remarks = [phone_line(p) for p in phones if p is not voice and p is not fax]
    if window.status == Status.CLOSED:
        remarks.insert(0, str(Status.CLOSED.label))
    row = {
        "名称": window.title,
        "名称_カナ": katakana_reading(window.title),
        "住所": window.address,
        "電話番号": voice.number if voice else "",
        "内線番号": voice.extension if voice else "",
        "FAX番号": fax.number if fax else "",
        "利用可能曜日": weekdays_text(first.weekday_list) if first else "",
        "開始時間": format_time(first.opens) if first else "",
        "終了時間": format_time(first.closes) if first else "",
        "利用可能日時特記事項": "。".join(
            filter(None, [describe_hours([r.as_record() for r in rows]) if rows else "", window.hours_note])
        ),
        "URL": f"{base_url.rstrip('/')}{window.get_url()}" if base_url else window.get_url(),
        "備考": REMARK_SEPARATOR.join(remarks),
    }
    row |= {c.name: FLAG if c.slug in slugs else "" for c in CATEGORIES}
    row |= {
        "組織名": org.name,
        "上位組織": org.parent.name if org.parent_id else "",
        "相談内容": LINE_SEPARATOR.join(window.topic_list),
        "対象者": window.target,
        "対象年齢": format_ages(window.age_min, window.age_max),
        "対象区分": AUDIENCE_LABELS.get(window.audience, ""),
        "説明": window.description,
        "総合窓口": FLAG if window.is_front_door else "",
        "運営形態": "" if window.is_front_door else org.operation,
        "事業区分": ",".join(str(k) for k in business_kinds),
        "電話・FAX": LINE_SEPARATOR.join(phone_line(p) for p in phones),
        "受付時間": LINE_SEPARATOR.join(hours_line(r.as_record()) for r in rows),
        "状態": str(Status(window.status).label),
        "最終確認日": window.verified_on.isoformat() if window.verified_on else "",
        "確認者": window.verified_by,
        "対応言語": window.languages,
        "窓口ID": str(window.pk),
        "出典": " ".join(filter(None, [window.source_document, window.source_location])),
    }
    return row


# A cell starting with one of these is a formula to Excel (CSV injection). Such cells get a leading
# apostrophe, which Excel shows as text and read_directory_csv strips again, so the round trip is exact.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


def rows_to_csv(rows: Iterable[dict[str, str]]) -> str:
    """The CSV text: BOM, header, CRLF line ends; every field quoted only when it has to be."""
    out = io.StringIO(newline="")
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows({key: neutralise_formula(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def city_windows_csv(
    city: CityPage | None, windows: Iterable[ConsultationWindow], *, base_url: str = ""
) -> str:
    """The city's windows (live ones, as `public_windows()` lists them) as the open-data CSV; city None: the
    national lines (全国共通), which belong to no plan and so carry no 事業区分."""
    by_title = business_kinds_by_title(city) if city is not None else {}
    return rows_to_csv(
        window_row(w, base_url=base_url, business_kinds=window_business_kinds(w, by_title)) for w in windows
    )


# --- HSDS 3.0 ---------------------------------------------------------------------------------------


def hsds_id(*parts: object) -> str:
    """A deterministic UUID (v5) for one of our records, e.g. hsds_id("service", "yufu", "w:abc")."""
    return str(uuid.uuid5(HSDS_NAMESPACE, "/".join(str(p) for p in parts)))


def _taxonomy_id() -> str:
    return hsds_id("taxonomy", "categories")


def hsds_taxonomy() -> dict:
    return {
        "id": _taxonomy_id(),
        "name": TAXONOMY_NAME,
        "description": "重層的支援体制ポータル「つなぐ」の相談分野。窓口は複数の分野に属することがあります。",
        "version": "1",
    }


def hsds_taxonomy_terms() -> list[dict]:
    return [
        {
            "id": hsds_id("taxonomy_term", c.slug),
            "code": c.slug,
            "name": c.name,
            "description": f"相談分野「{c.name}」",
            "taxonomy": TAXONOMY_NAME,
            "taxonomy_id": _taxonomy_id(),
            "language": "ja",
        }
        for c in CATEGORIES
    ]


def _org_key(org) -> str:
    return org.source_key or f"pk:{org.pk}"


def _window_key(window: ConsultationWindow) -> str:
    return window.source_key or f"pk:{window.pk}"


def _absolute(base_url: str, path: str) -> str | None:
    return f"{base_url.rstrip('/')}{path}" if base_url else None


def _hsds_phone(phone, *, owner_field: str, owner_id: str, key: str) -> dict:
    out = {
        "id": hsds_id("phone", key),
        owner_field: owner_id,
        "number": phone.number,
        "type": "fax" if phone.kind == PhoneKind.FAX else "voice",
    }
    if phone.extension.isdigit():
        out["extension"] = int(phone.extension)
    description = " ".join(filter(None, [phone.label, f"内線{phone.extension}" if phone.extension else ""]))
    if description:
        out["description"] = description
    return out


def hsds_city_organization(city: CityPage) -> dict:
    out = {
        "id": hsds_id("organization", city.slug, "city"),
        "name": city.title,
        "description": f"{city.prefecture}{city.title}（全国地方公共団体コード {city.local_gov_code}）",
        "legal_status": "地方公共団体",
    }
    if city.website:
        out["website"] = city.website
    return out


def _scope(obj) -> str:
    """The city slug of a row, or the national scope's slug for a national line and its operator."""
    return obj.city.slug if obj.city_id else NATIONAL_SLUG


def hsds_organization(org) -> dict:
    scope = _scope(org)
    # A national operator (内閣府, いのちの電話連盟 …) stands on its own: no city organisation above it.
    city_id = hsds_id("organization", scope, "city") if org.city_id else None
    org_id = hsds_id("organization", scope, _org_key(org))
    parent_id = hsds_id("organization", scope, _org_key(org.parent)) if org.parent_id else city_id
    where = org.city.title if org.city_id else NATIONAL_LABEL
    out = {
        "id": org_id,
        "name": org.full_name,
        "description": org.notes or f"{where} {org.full_name}",
        "phones": [
            _hsds_phone(p, owner_field="organization_id", owner_id=org_id, key=f"{scope}/org/{p.pk}")
            for p in org.phones.all()
        ],
    }
    if parent_id:
        out["parent_organization_id"] = parent_id
    if org.name_kana:
        out["alternate_name"] = org.name_kana
    if org.email:
        out["email"] = org.email
    if org.url:
        out["website"] = org.url
    return out


def _hsds_schedule(row, *, service_id: str, key: str) -> dict:
    # 毎月10日 is a monthly rule (RFC 5545 BYMONTHDAY), every other row a weekly one.
    days = (
        {"freq": "MONTHLY", "bymonthday": ",".join(str(d) for d in row.month_days)} if row.month_days else {}
    )
    out = {
        "id": hsds_id("schedule", key),
        "service_id": service_id,
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": ",".join(RRULE_DAYS[d] for d in row.weekdays),
        **days,
        "opens_at": f"{format_time(row.opens)[:5]}{TOKYO_OFFSET}",
        "closes_at": f"{format_time(row.closes)[:5]}{TOKYO_OFFSET}",
        "timezone": 9,
        "description": hours_line(row),
    }
    notes = [row.note] if row.note else []
    notes.append("祝日・年末年始も受付" if row.open_on_holidays else "祝日・年末年始（12/29〜1/3）は休み")
    out["notes"] = "。".join(notes)
    return out


def hsds_service(window: ConsultationWindow, *, base_url: str = "") -> dict:
    slug = _scope(window)
    service_id = hsds_id("service", slug, _window_key(window))
    topics = window.topic_list
    terms = {t["code"]: t for t in hsds_taxonomy_terms()}
    out = {
        "id": service_id,
        "organization_id": hsds_id("organization", slug, _org_key(window.organisation)),
        "name": window.title,
        "description": window.description or "、".join(topics) or window.title,
        "status": "temporarily closed" if window.status == Status.CLOSED else "active",
        "phones": [
            _hsds_phone(
                p, owner_field="service_id", owner_id=service_id, key=f"{slug}/{_window_key(window)}/{i}"
            )
            for i, p in enumerate(window.contact_phones)
        ],
        "schedules": [
            _hsds_schedule(r.as_record(), service_id=service_id, key=f"{slug}/{_window_key(window)}/{i}")
            for i, r in enumerate(window.hours.all())
        ],
        "attributes": [
            {
                "id": hsds_id("attribute", slug, _window_key(window), c.slug),
                "link_id": service_id,
                "link_type": "category",
                "link_entity": "service",
                "taxonomy_term_id": hsds_id("taxonomy_term", c.slug),
                "taxonomy_term": terms[c.slug],
            }
            for c in window.categories.all()
        ],
    }
    if topics:
        out["alternate_name"] = "、".join(topics)
    url = _absolute(base_url, window.get_url())
    if url:
        out["url"] = url
    if window.target:
        out["eligibility_description"] = window.target
    if window.languages and window.languages != "日本語":
        out["interpretation_services"] = window.languages
    if window.verified_on:
        out["assured_date"] = window.verified_on.isoformat()
    if window.is_national:
        out["description"] = f"【全国共通】{out['description']}"
        if window.source_url:
            # HSDS has no field for the page an entry was checked against: it goes into the description.
            out["description"] += f"（確認した出典: {window.source_url}）"
    return out


def _organisations_with_parents(ids: set[int]) -> dict[int, Organisation]:
    """The organisations `ids` and all their ancestors, by pk: a few queries per level, not per organisation.

    Each level is loaded with its city and parent (for ids and ordering) and its phones, so rendering the
    HSDS organisations asks the database nothing more.
    """
    found: dict[int, Organisation] = {}
    pending = set(ids)
    while pending:
        level = list(
            Organisation.objects.filter(pk__in=pending)
            .select_related("city", "parent")
            .prefetch_related(Prefetch("phones", queryset=OrganisationPhone.objects.order_by("sort_order")))
        )
        found |= {org.pk: org for org in level}
        pending = {org.parent_id for org in level if org.parent_id and org.parent_id not in found}
    return found


def hsds_document(
    cities: Sequence[CityPage], windows: Iterable[ConsultationWindow], *, base_url: str = ""
) -> dict:
    """The HSDS 3.0 export: {organizations, services, taxonomies, taxonomy_terms} for the given cities.

    Each list holds HSDS objects (organization.json, service.json, taxonomy.json, taxonomy_term.json);
    only organisations that run a listed window (and their parents) are included.
    """
    windows = list(windows)
    organisations = _organisations_with_parents({w.organisation_id for w in windows})
    # National operators after every city's organisations.
    ordered = sorted(
        organisations.values(),
        key=lambda o: (o.city_id is None, o.city.path if o.city_id else "", o.parent_id is not None, o.pk),
    )
    return {
        "hsds_version": HSDS_VERSION,
        "publisher": "つなぐ 重層的支援体制ポータル",
        "organizations": [hsds_city_organization(c) for c in cities]
        + [hsds_organization(o) for o in ordered],
        "services": [hsds_service(w, base_url=base_url) for w in windows],
        "taxonomies": [hsds_taxonomy()],
        "taxonomy_terms": hsds_taxonomy_terms(),
    }


_SAFE_FILENAME_RE = re.compile(r"[^a-z0-9_-]")


def export_filename(city_slug: str, extension: str) -> str:
    return f"{_SAFE_FILENAME_RE.sub('', city_slug.lower()) or 'all'}-windows.{extension}"
