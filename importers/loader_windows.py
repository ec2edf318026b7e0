"""The loader's snippet half: organisations and consultation windows, merged field by field with editors' changes.

`importers.loader.Loader` mixes this in; see it for the load as a whole. A window's changed field that an
editor had also changed is not overwritten but reported for review; a window gone from its source is
flagged, never deleted.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from typing import Any

from django.core.exceptions import FieldDoesNotExist

from directory import phones as phone_rules
from directory.models import (
    Category,
    ConsultationWindow,
    Organisation,
    OrganisationPhone,
    WindowHours,
    WindowLink,
    WindowPhone,
)
from search.analyzer import katakana_reading

from . import garble
from .load_common import LoadReport, content_digest, content_hash, is_unchanged, join_lines, operation_value
from .records import PhoneRecord, WindowRecord


class WindowLoader:
    """Organisations and windows of one scope (a city, or the national lines); the state is `Loader`'s."""

    city: Any
    scope: str
    area_code: str
    publish: bool
    user: Any
    report: LoadReport
    _seen_windows: set[str]

    def _save_snippet(self, obj, key: str, digest: str, is_new: bool) -> None:
        obj.source_key, obj.import_hash = key, digest
        if is_new:
            obj.live = self.publish
            obj.save()
        revision = obj.save_revision(user=self.user, log_action=True)
        if self.publish:
            revision.publish(user=self.user)
        (self.report.created if is_new else self.report.updated).append(f"{self.scope}/{key}")

    def _organisation(self, record: WindowRecord) -> Organisation:
        """Upsert one organisation from the merged record of every window that names it."""
        parent = self._parent_organisation(record.parent_organisation) if record.parent_organisation else None
        key = org_key(record)
        data = {
            "name": record.organisation,
            "parent": record.parent_organisation,
            "operation": record.operation,
            "address": record.address,
            "phones": [asdict(p) for p in record.phones],
        }
        digest = content_digest(data)
        existing = Organisation.objects.filter(city=self.city, source_key=key).first()
        if existing is not None and is_unchanged(existing.import_hash, data):
            if existing.import_hash != digest:  # an older digest of the same content: bookkeeping only
                Organisation.objects.filter(pk=existing.pk).update(import_hash=digest)
            self.report.unchanged.append(f"{self.scope}/{key}")
            return existing
        org = existing.get_latest_revision_as_object() if existing else Organisation(city=self.city)
        phones = [self._phone(OrganisationPhone, p) for p in record.phones]
        imported = {
            "name": record.organisation[:200],
            "parent": record.parent_organisation,
            "operation": operation_value(record.operation),
            "address": record.address[:200],
            "phones": [_phone_value(p) for p in phones],
        }
        setters = {
            "name": lambda: setattr(org, "name", imported["name"]),
            "parent": lambda: setattr(org, "parent", parent),
            "operation": lambda: setattr(org, "operation", imported["operation"]),
            "address": lambda: setattr(org, "address", imported["address"]),
            "phones": lambda: setattr(org, "phones", phones),
        }
        reasons = self._merge_import(org, existing, key, imported, _organisation_values(org), setters, [])
        if not org.name_kana:
            # Derived from the name (Sudachi readings); an editor's correction is never overwritten.
            org.name_kana = katakana_reading(org.name)[:200]
        review = _review_fields(org, imported, reasons)
        self._save_snippet(org, key, digest, existing is None)
        # A draft revision does not write the row: the hash must be stored too, or the next run re-imports.
        Organisation.objects.filter(pk=org.pk).update(**review, import_hash=digest)
        return Organisation.objects.get(pk=org.pk)

    def _parent_organisation(self, name: str) -> Organisation:
        """A parent named only as part of a child's name (福祉課 of 福祉課保護係): created once, never overwritten."""
        key = f"org:/{name}"
        existing = Organisation.objects.filter(city=self.city, source_key=key).first()
        if existing is not None:
            return existing
        org = Organisation(city=self.city, name=name[:200], name_kana=katakana_reading(name)[:200])
        self._save_snippet(org, key, content_digest({"name": name}), True)
        return org

    def _phone(self, model, record: PhoneRecord):
        parsed = phone_rules.parse_phone(record.number, default_area_code=self.area_code)
        return model(
            number=parsed.display,
            e164=parsed.e164,
            kind="fax" if record.kind == "fax" else "voice",
            extension=record.extension or parsed.extension,
            label=record.label[:30],
        )

    def _load_window(self, record: WindowRecord, org: Organisation) -> None:
        title = record.title or org.full_name
        identity = [
            record.parent_organisation,
            record.organisation,
            sorted(record.categories),
            title,
            record.is_front_door,
        ]
        key = record.key or "w:" + content_hash(identity)[:20]
        # The source (document, line) is provenance, not content: the same window moved to another line or
        # file (e.g. re-imported from the open-data CSV) must hash the same. The organisation hash above
        # never included it.
        data = asdict(record) | {"source": None}
        digest = content_digest(data)
        self._seen_windows.add(key)
        existing = ConsultationWindow.objects.filter(city=self.city, source_key=key).first()
        if existing is not None and is_unchanged(existing.import_hash, data):
            if existing.import_hash != digest:  # an older digest of the same content: bookkeeping only
                ConsultationWindow.objects.filter(pk=existing.pk).update(import_hash=digest)
            self.report.unchanged.append(f"{self.scope}/{key}")
            _clear_missing(existing)
            return
        window = existing.get_latest_revision_as_object() if existing else ConsultationWindow(city=self.city)
        window.organisation = org
        kinds = getattr(record, "business_kinds", None) or (
            [record.business_kind] if record.business_kind else []
        )
        window.source_document, window.source_location = record.source.document, record.source.location
        categories = list(Category.objects.filter(slug__in=record.categories))
        hours = [
            WindowHours(
                weekdays=",".join(str(d) for d in h.weekdays),
                opens=h.opens,
                closes=h.closes,
                note=h.note[:200],
                open_on_holidays=h.open_on_holidays,
                month_days=",".join(str(d) for d in h.month_days),
            )
            for h in record.hours
        ]
        imported = {
            "title": title[:200],
            "topics": join_lines(record.topics),
            "description": record.description,
            "target": record.target,
            "age_min": record.age_min,
            "age_max": record.age_max,
            "audience": record.audience or "",
            "is_front_door": record.is_front_door,
            "address": record.address[:200],
            "business_kind": kinds[0] if kinds else None,
            "categories": sorted(c.slug for c in categories),
            "hours": [_hours_value(h) for h in hours],
        }
        # Fields only some sources state (the national dataset): imported only when stated, so a city import that
        # says nothing about languages never blanks what an editor entered.
        stated = {name: getattr(record, name) for name in OPTIONAL_WINDOW_FIELDS if getattr(record, name)}
        imported.update(stated)
        if record.crisis_kinds:
            imported["crisis_kinds"] = ",".join(record.crisis_kinds)
        window_phones = [self._phone(WindowPhone, p) for p in record.window_phones]
        links = [WindowLink(label=link.label[:100], url=link.url, kind=link.kind) for link in record.links]
        if window_phones:
            imported["window_phones"] = [_phone_value(p) for p in window_phones]
        if links:
            imported["links"] = [[link.label, link.url, link.kind] for link in links]
        setters = {name: _setattr_from(window, name, imported[name]) for name in WINDOW_SCALAR_FIELDS}
        setters.update({name: _setattr_from(window, name, value) for name, value in stated.items()})
        if "crisis_kinds" in imported:
            setters["crisis_kinds"] = _setattr_from(window, "crisis_kinds", imported["crisis_kinds"])
        setters["window_phones"] = lambda: setattr(window, "phones", window_phones)
        setters["links"] = lambda: setattr(window, "links", links)
        setters["categories"] = lambda: setattr(window, "categories", categories)
        setters["hours"] = lambda: setattr(window, "hours", hours)
        codes = [str(code) for code in getattr(record, "uncertain_codes", None) or []]
        uncertain = [
            (codes[index] if index < len(codes) else "", str(item))
            for index, item in enumerate(getattr(record, "uncertain", None) or [])
        ]
        window._import_source_lines = list(getattr(record, "source_lines", None) or [])
        reasons = self._merge_import(
            window, existing, key, imported, _window_values(window), setters, uncertain
        )
        review = _review_fields(window, imported, reasons)
        self._save_snippet(window, key, digest, existing is None)
        # A draft revision does not write the row: the hash must be stored too, or the next run re-imports.
        ConsultationWindow.objects.filter(pk=window.pk).update(**review, import_hash=digest)

    # --- re-import safety ----------------------------------------------------------------------------

    def _merge_import(
        self, obj, existing, key: str, imported: dict, current: dict, setters: dict, uncertain: list
    ):
        """Three-way merge of one snippet: the last import (snapshot), the editor's latest revision, this import.

        A field still as last imported takes the new upstream value. A field the editor changed is kept; when
        upstream changed it too (to something else), that is a conflict: reported, and stored for the review
        queue. Without a snapshot (new, or imported before snapshots existed) upstream wins everywhere.
        Returns the review reasons to store on the object.
        """
        snapshot = (existing.import_snapshot if existing is not None else None) or {}
        conflicts = []
        for name, value in imported.items():
            mine = current.get(name)
            if not snapshot or name not in snapshot or mine == snapshot[name]:
                if mine != value:
                    setters[name]()
                continue
            if value != snapshot[name] and value != mine:
                conflict = {
                    "key": f"{self.scope}/{key}",
                    "object": str(getattr(obj, "title", "") or getattr(obj, "name", "")),
                    "field": name,
                    "editor": mine,
                    "imported": value,
                    "source": f"{obj.source_document} {obj.source_location}".strip(),
                }
                conflicts.append(conflict)
                self.report.conflicts.append(conflict)
        reasons = [
            {
                "kind": "conflict",
                "field": c["field"],
                "editor": c["editor"],
                "imported": c["imported"],
                "message": f"「{_field_label(obj, c['field'])}」は編集者の修正を残しました。取込元では別の値に変わっています。",
            }
            for c in conflicts
        ]
        reasons += [
            {"kind": "uncertain", "code": code, "field": "", "message": text} for code, text in uncertain
        ]
        reasons += garble.review_reasons(imported, lambda name: _field_label(obj, name))
        source_lines = [str(line) for line in getattr(obj, "_import_source_lines", None) or []]
        if uncertain and source_lines:
            reasons.append(
                {"kind": "source", "field": "", "message": "\n".join(source_lines), "lines": source_lines}
            )
        return reasons

    def _flag_missing_windows(self, document: str) -> None:
        """Windows imported from `document` that this edition no longer lists: flagged for review, not deleted."""
        if not document:
            return
        missing = (
            ConsultationWindow.objects.filter(city=self.city, source_document=document)
            .exclude(source_key="")
            .exclude(source_key__in=self._seen_windows)
        )
        for window in missing:
            if any(reason.get("kind") == "missing" for reason in window.review_reasons):
                continue
            reason = {
                "kind": "missing",
                "field": "",
                "message": f"取込元「{document}」の最新の内容にこの窓口がありません。削除せずに確認待ちにしています。",
            }
            ConsultationWindow.objects.filter(pk=window.pk).update(
                needs_review=True, review_reasons=[*window.review_reasons, reason]
            )
            self.report.flagged.append(f"{self.scope}/{window.source_key}")


WINDOW_SCALAR_FIELDS = (
    "title",
    "topics",
    "description",
    "target",
    "age_min",
    "age_max",
    "audience",
    "is_front_door",
    "address",
    "business_kind",
)


# Stated by the national dataset (and any source that has them); see Loader._load_window.
OPTIONAL_WINDOW_FIELDS = ("languages", "hours_note", "source_url", "verified_on", "verified_by")


def _setattr_from(obj, name: str, value):
    return lambda: setattr(obj, name, value)


def _clock(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def _hours_value(row) -> list:
    value = [row.weekdays, _clock(row.opens), _clock(row.closes), row.note, bool(row.open_on_holidays)]
    # Older snapshots have five items; a sixth only where the row has days of the month, so they still compare equal.
    return [*value, row.month_days] if getattr(row, "month_days", "") else value


def _phone_value(phone) -> list:
    return [phone.number, phone.kind, phone.extension, phone.label]


def _window_values(window: ConsultationWindow) -> dict[str, Any]:
    """The fields a re-import compares, as they are now (the latest revision, with the editor's changes)."""
    values = {name: getattr(window, name) for name in WINDOW_SCALAR_FIELDS}
    values["categories"] = sorted(c.slug for c in window.categories.all()) if window.pk else []
    values["hours"] = [_hours_value(h) for h in window.hours.all()] if window.pk else []
    for name in (*OPTIONAL_WINDOW_FIELDS, "crisis_kinds"):
        value = getattr(window, name)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else (value or "")
    values["window_phones"] = [_phone_value(p) for p in window.phones.all()] if window.pk else []
    values["links"] = [[link.label, link.url, link.kind] for link in window.links.all()] if window.pk else []
    return values


def _organisation_values(org: Organisation) -> dict[str, Any]:
    parent = org.parent if org.parent_id else None
    return {
        "name": org.name,
        "parent": parent.name if parent else "",
        "operation": org.operation,
        "address": org.address,
        "phones": [_phone_value(p) for p in org.phones.all()] if org.pk else [],
    }


def _field_label(obj, name: str) -> str:
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _review_fields(obj, imported: dict, reasons: list[dict]) -> dict[str, Any]:
    """Snapshot and review state, set on the object (so its revision carries them) and written to the row
    after saving (a draft revision alone does not update the row, and the loader reads them from the row)."""
    fields = {
        "import_snapshot": json.loads(json.dumps(imported, ensure_ascii=False, default=str)),
        "needs_review": bool(reasons),
        "review_reasons": json.loads(json.dumps(reasons, ensure_ascii=False, default=str)),
    }
    for name, value in fields.items():
        setattr(obj, name, value)
    return fields


def _clear_missing(obj) -> None:
    """A window flagged as missing is back in its source: drop that reason (no revision, nothing else)."""
    reasons = [r for r in obj.review_reasons if r.get("kind") != "missing"]
    if len(reasons) != len(obj.review_reasons):
        type(obj).objects.filter(pk=obj.pk).update(review_reasons=reasons, needs_review=bool(reasons))


def org_key(record: WindowRecord) -> str:
    return f"org:{record.parent_organisation}/{record.organisation}"


def merged_organisations(windows: list[WindowRecord]) -> dict[str, WindowRecord]:
    """One record per organisation: several windows of one organisation (子育て支援課 for 子ども and DV, an agency
    that runs two businesses) must not overwrite each other's phones or operation on every run."""
    merged: dict[str, WindowRecord] = {}
    for record in windows:
        key = org_key(record)
        if key not in merged:
            merged[key] = replace(record, phones=list(record.phones))
            continue
        into = merged[key]
        into.operation = into.operation or record.operation
        into.address = into.address or record.address
        known = {(p.number, p.kind, p.extension) for p in into.phones}
        into.phones.extend(p for p in record.phones if (p.number, p.kind, p.extension) not in known)
    return merged
