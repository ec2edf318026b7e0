"""Loader: upserts ImportBundles into pages and snippets, keyed by stable source ids.

This module writes the programme's pages (ProgramPage, BusinessPage and their rows); the windows and
organisations are `importers.loader_windows`; the report and content hash are `importers.load_common`.

Content enters as draft revisions; only the demo command (`load_seeds`) publishes directly. A record whose
content hash equals the one stored at the last import is skipped, so re-running an import changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.db import transaction

from wagtail.models import Page

from directory import phones as phone_rules
from directory.national import NATIONAL_SLUG
from guides.models import (
    Agency,
    BusinessKind,
    BusinessPage,
    BusinessStatus,
    CityPage,
    Indicator,
    Meeting,
    ProgramMilestone,
    ProgramPage,
    ProgramSection,
    SubProgram,
)

from . import garble
from .load_common import (
    LoadReport,
    content_digest,
    content_hash,
    is_unchanged,
    join_lines,
    operation_value,
    provenance,
)
from .loader_windows import WindowLoader, merged_organisations, org_key
from .records import ImportBundle, PhoneRecord, ProgramRecord

__all__ = ["CONSENT_BY_LABEL", "STATUS_BY_LABEL", "LoadReport", "Loader", "content_hash"]

logger = logging.getLogger("tsunagu.importers")

STATUS_BY_LABEL = {
    "新規": BusinessStatus.NEW,
    "拡充": BusinessStatus.EXPANDED,
    "既存": BusinessStatus.EXISTING,
}
CONSENT_BY_LABEL = {"本人同意あり": "required", "本人同意なし": "not_required"}


def _in_order(children: list) -> list:
    """Child rows in the document's order. Orderable sorts by sort_order, and rows left at NULL come back in whatever
    order the database stores them, which a PostgreSQL restore or VACUUM FULL changes."""
    for position, child in enumerate(children):
        child.sort_order = position
    return children


class Loader(WindowLoader):
    """Writes one city's bundles. `publish=False` leaves everything as drafts for editorial review.

    ``city=None`` loads the national lines (全国共通, importers/national.py): windows and organisations without a
    city; a bundle for the national scope holds windows only.
    """

    def __init__(self, city: CityPage | None, *, publish: bool = False, user=None):
        self.city = city
        self.scope = city.slug if city is not None else NATIONAL_SLUG
        self.area_code = city.area_code if city is not None else ""
        self.publish = publish
        self.user = user
        self.report = LoadReport()
        self._seen_windows: set[str] = set()

    @transaction.atomic
    def load(self, bundle: ImportBundle) -> LoadReport:
        """Everything or nothing: one transaction, so a failure (or a killed process) leaves the database as it was."""
        if self.city is None and (bundle.program is not None or bundle.main_phone):
            raise ValueError("a national bundle holds windows only")
        if bundle.main_phone and not self.city.main_phone:
            self._set_city_main_phone(bundle.main_phone)
        if bundle.program is not None:
            self._load_program(bundle.program)
        windows = []
        for record in bundle.windows:
            national = getattr(record, "national_line", "")
            if national:
                numbers = "、".join(p.number for p in record.phones if p.kind == "voice")
                self.report.national_links.append(
                    f"{record.organisation_full_name or record.organisation}（{numbers}）→ {national}"
                )
            else:
                windows.append(record)
        organisations = {
            key: self._organisation(record) for key, record in merged_organisations(windows).items()
        }
        for record in windows:
            self._load_window(record, organisations[org_key(record)])
        self._flag_missing_windows(bundle.document)
        self.report.warnings.extend(bundle.warnings)
        return self.report

    # --- pages ---------------------------------------------------------------------------------------

    def _save_page(self, page: Page, key: str, digest: str, is_new: bool, parent: Page | None = None) -> None:
        page.source_key, page.import_hash = key, digest
        if is_new:
            page.live = self.publish
            parent.add_child(instance=page)
        revision = page.save_revision(user=self.user, log_action=True)
        if self.publish:
            revision.publish(user=self.user)
        else:
            # A draft revision does not write the page row; the hash must be there for the next run to
            # recognise unchanged input (it is bookkeeping, not content).
            type(page).objects.filter(pk=page.pk).update(source_key=key, import_hash=digest)
        (self.report.created if is_new else self.report.updated).append(key)

    def _upsert_page(self, model, parent: Page, key: str, data: dict, fill) -> Page | None:
        digest = content_digest(data)
        page = model.objects.child_of(parent).filter(source_key=key).first()
        if page is not None and is_unchanged(page.import_hash, data):
            if page.import_hash != digest:  # an older digest of the same content: bookkeeping only
                model.objects.filter(pk=page.pk).update(import_hash=digest)
            self.report.unchanged.append(key)
            return page
        is_new = page is None
        # Pages have no review queue: garbled text goes to the report editors read after an import.
        self.report.warnings += [
            f"{key}: {message}" for text in garble.strings_in(data) for message in garble.findings(text)
        ]
        page = model() if is_new else page.get_latest_revision_as_object()
        fill(page)
        self._save_page(page, key, digest, is_new, parent)
        return model.objects.get(pk=page.pk)

    def _set_city_main_phone(self, phone: PhoneRecord) -> None:
        parsed = phone_rules.parse_phone(phone.number, default_area_code=self.city.area_code)
        self.city.main_phone = parsed.display
        revision = self.city.save_revision(user=self.user)
        if self.publish or self.city.live:
            revision.publish(user=self.user)
        self.report.updated.append(f"{self.city.slug}/main_phone")

    def _load_program(self, record: ProgramRecord) -> None:
        contact = record.contact
        if contact is not None:
            self._load_city_contact(record)
        key = f"{self.city.slug}/program"

        def fill(page: ProgramPage) -> None:
            page.title = "重層的支援体制整備事業"
            page.slug = "program"
            page.plan_title = record.plan_title or record.document_title
            page.published = record.published
            page.period_start, page.period_end = record.period_start, record.period_end
            page.basic_policy = record.basic_policy
            page.legal_basis = record.legal_basis or "社会福祉法第106条の4"
            page.coordinators = join_lines(record.coordinators)
            page.source_document, page.source_location = record.source.document, record.source.location
            page.milestones = _in_order(
                [
                    ProgramMilestone(fiscal_year=m.fiscal_year, label=m.label, **provenance(m.source))
                    for m in record.timeline
                ]
            )
            page.sections = _in_order(
                [
                    ProgramSection(heading=s.heading[:200], body=s.body, **provenance(s.source))
                    for s in record.sections
                ]
            )
            page.meetings = _in_order(
                [
                    Meeting(
                        name=m.name[:120],
                        kind=m.kind if m.kind in {"support", "layered"} else "other",
                        schedule=m.schedule[:120],
                        organiser=m.organiser[:200],
                        members=join_lines(m.members),
                        roles=join_lines(m.roles),
                        consent=CONSENT_BY_LABEL.get(m.consent, ""),
                        notes=join_lines(m.notes),
                        **provenance(m.source),
                    )
                    for m in record.meetings
                ]
            )
            page.indicators = _in_order(
                [
                    Indicator(
                        name=i.name[:255],
                        kind=i.kind if i.kind in {"outcome", "plan_target"} else "outcome",
                        unit=i.unit[:20],
                        survey=i.survey[:120],
                        baseline_label=(i.baseline.year if i.baseline else "")[:40],
                        baseline_value=(i.baseline.value if i.baseline else "")[:120],
                        targets=[{"year": t.year, "value": t.value} for t in i.targets],
                        notes=join_lines(i.notes),
                        **provenance(i.source),
                    )
                    for i in record.indicators
                ]
            )

        data = asdict(record) | {"contact": None}
        program = self._upsert_page(ProgramPage, self.city, key, data, fill)
        for business in record.businesses:
            self._load_business(program, business)

    def _load_city_contact(self, record: ProgramRecord) -> None:
        contact = record.contact
        voice = [p for p in contact.phones if p.kind != "fax"]
        fax = [p for p in contact.phones if p.kind == "fax"]

        def shown(phones: list[PhoneRecord]) -> str:
            return " / ".join(f"{p.number}（{p.label}）" if p.label else p.number for p in phones)

        values = {
            "contact_department": contact.department[:120],
            "contact_address": " ".join(
                filter(None, [f"〒{contact.postcode}" if contact.postcode else "", contact.address])
            )[:200],
            "contact_phone": shown(voice)[:80],
            "contact_fax": shown(fax)[:30],
            "contact_email": contact.email,
        }
        representative = next((p for p in voice if p.label == "代表"), None)
        if representative and not self.city.main_phone:
            values["main_phone"] = phone_rules.parse_phone(representative.number).display
        if all(getattr(self.city, k) == v for k, v in values.items()):
            return
        for name, value in values.items():
            setattr(self.city, name, value)
        revision = self.city.save_revision(user=self.user)
        if self.publish or self.city.live:
            revision.publish(user=self.user)
        self.report.updated.append(f"{self.city.slug}/contact")

    def _load_business(self, program: ProgramPage, record) -> None:
        kind = BusinessKind(record.kind)
        key = f"{self.city.slug}/business/{record.kind}"

        def fill(page: BusinessPage) -> None:
            page.title = kind.label
            page.slug = f"business-{record.kind}"
            page.kind = record.kind
            page.status = STATUS_BY_LABEL.get(record.status, BusinessStatus.UNKNOWN)
            page.description = record.description
            page.overview = join_lines(record.overview)
            page.target = record.target
            page.activities = record.activities
            page.responsible = record.responsible[:255]
            page.notes = join_lines(record.notes)
            page.source_document, page.source_location = record.source.document, record.source.location
            page.agencies = _in_order(
                [
                    Agency(
                        name=a.name[:200],
                        field=a.field[:60],
                        sites=a.sites,
                        sites_text=a.sites_text[:120],
                        site_type=a.site_type[:120],
                        operation=operation_value(a.operation),
                        department=a.department[:120],
                        area=a.area[:120],
                        target=a.target,
                        activities=a.activities,
                        role=a.role[:60],
                        notes=join_lines(a.notes),
                        **provenance(a.source),
                    )
                    for a in record.agencies
                ]
            )
            page.subprograms = _in_order(
                [
                    SubProgram(
                        group=s.group[:120],
                        name=s.name[:200],
                        field=s.field[:60],
                        count=s.count,
                        count_text=s.count_text[:120],
                        operation=s.operation[:20],
                        department=s.department[:120],
                        target=s.target,
                        notes=join_lines(s.notes),
                        **provenance(s.source),
                    )
                    for s in record.subprograms
                ]
            )

        self._upsert_page(BusinessPage, program, key, asdict(record), fill)
