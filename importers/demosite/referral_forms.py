"""The demo つなぐシート: 由布市's published ReferralForm with the SAMPLE (見本) PDF and XLSX. Demo only.

The seeds contain no form file, so the files are generated (``importers.demosite.sample_sheets``). The routing rules and the
submit-to department come from the city's seed through the parsers. ``ensure_sample_referral_forms`` is called by
``load_seeds`` (and ``make_sample_forms --load``) and is idempotent: an existing form is left alone.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.documents import get_document_model

from directory.models import Organisation
from directory.phones import normalize_text
from directory.referral import ReferralForm, ReferralFormFile, RoutingRule, Variant
from guides.models import CityPage, city_collection
from importers.cities import city_info
from importers.demosite.sample_sheets import SAMPLE_NOTE, SampleSheet, sample_pdf, sample_xlsx
from importers.parsers.windows import AGENCY_CATEGORY_RULES, parse_form_contact, parse_routing_rules
from importers.pipeline import read_text_file

SAMPLE_CITY = "yufu"
SAMPLE_SLUG = "tsunagu-sheet"
SAMPLE_VERSION = "見本 令和7年4月版"
SAMPLE_EFFECTIVE = date(2025, 4, 1)


def sample_sheet_for(slug: str = SAMPLE_CITY) -> tuple[SampleSheet, list]:
    """The sample sheet of a demo city, from its seed: (sheet, routing rule records)."""
    info = city_info(slug)
    if info is None:
        return SampleSheet(city_name=slug), []
    text = read_text_file(info.seed_path)
    rules = parse_routing_rules(text, document=info.seed)
    department, location = parse_form_contact(text)
    sheet = SampleSheet(
        city_name=info.name,
        submit_to=f"{info.name} {department}".strip() if department else "",
        submit_location=location,
        rules=[(rule.sender, list(rule.departments)) for rule in rules],
    )
    return sheet, rules


# The kinds of sender an audience word of the page stands for, when the page gives that audience no example rule:
# 【介護・障がい・医療関係事業所のみなさまへ】 names 障がい, and its examples cover only 介護 and 医療.
AUDIENCE_SENDERS: dict[str, tuple[str, ...]] = {"障がい": ("障がい福祉サービス事業所", "相談支援事業所")}
_AUDIENCE_RE = re.compile(r"【([^】]+?)のみなさまへ】")
_CITY_UNIT_RE = re.compile(r"[課係室]$")


def audience_rules(text: str, city, rules: list) -> list[tuple[str, list[str]]]:
    """(sender, [department]) for audiences the page names without a rule, routed to the city's own department
    (a 課/係, not an agency) whose windows are in that field: 障がい → 福祉課 障がい福祉係 in 由布市."""
    match = _AUDIENCE_RE.search(normalize_text(text))
    if match is None:
        return []
    audience = match.group(1)
    extra = []
    for word, senders in AUDIENCE_SENDERS.items():
        if word not in audience or any(word in rule.sender for rule in rules):
            continue
        fields = {slug for keyword, slugs in AGENCY_CATEGORY_RULES if keyword == word for slug in slugs}
        departments = (
            Organisation.objects.filter(city=city, live=True, windows__categories__slug__in=fields)
            .select_related("parent")
            .distinct()
            .order_by("pk")
        )
        department = next((o.full_name for o in departments if _CITY_UNIT_RE.search(o.name)), "")
        if department:
            extra += [(sender, [department]) for sender in senders]
    return extra


def _document(collection, title: str, filename: str, content: bytes):
    Document = get_document_model()
    document = Document(title=title, collection=collection)
    document.file.save(filename, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


@transaction.atomic
def ensure_sample_referral_forms(report=None) -> ReferralForm | None:
    """Create and publish 由布市's sample つなぐシート once (demo only). A second call changes nothing."""
    city = CityPage.objects.filter(slug=SAMPLE_CITY).first()
    if city is None:
        return None
    existing = ReferralForm.objects.filter(city=city, slug=SAMPLE_SLUG).first()
    if existing is not None:
        if report is not None:
            report.unchanged.append(f"{SAMPLE_CITY}/tsunagu-sheet")
        return existing
    sheet, rules = sample_sheet_for(SAMPLE_CITY)
    info = city_info(SAMPLE_CITY)
    extra = audience_rules(read_text_file(info.seed_path), city, rules) if info else []
    sheet.rules = [*sheet.rules, *extra]
    collection = city_collection(city, create=True)
    department = sheet.submit_to.removeprefix(city.title).strip()
    organisation = (
        Organisation.objects.filter(city=city, name=department, parent__isnull=True).first()
        if department
        else None
    )
    form = ReferralForm(
        city=city,
        title="つなぐシート",
        slug=SAMPLE_SLUG,
        variant=Variant.COMMON,
        version_label=SAMPLE_VERSION,
        effective_date=SAMPLE_EFFECTIVE,
        submit_to_organisation=organisation,
        submit_to=sheet.submit_to,
        submit_location=sheet.submit_location,
        instructions=(
            f"{SAMPLE_NOTE}\n"
            "介護・障がい・医療関係事業所のみなさまは、つなぐシートを提出される前に、まず所管課へご相談ください。"
        ),
    )
    pdf = _document(collection, f"{sheet.title} PDF", "tsunagu-sheet-sample-yufu.pdf", sample_pdf(sheet))
    xlsx = _document(collection, f"{sheet.title} Excel", "tsunagu-sheet-sample-yufu.xlsx", sample_xlsx(sheet))
    form.files = [ReferralFormFile(document=pdf), ReferralFormFile(document=xlsx)]
    form.routing_rules = [
        RoutingRule(sender=rule.sender, departments="、".join(rule.departments)) for rule in rules
    ] + [RoutingRule(sender=sender, departments="、".join(departments)) for sender, departments in extra]
    form.save()
    form.save_revision().publish()
    if report is not None:
        report.created.append(f"{SAMPLE_CITY}/tsunagu-sheet")
    return form
