"""What the loader's two halves share: the report of one load, the content hash that makes a re-import a no-op,
and the small value helpers (`importers.loader` pages, `importers.loader_windows` snippets)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

OPERATIONS = {"委託", "直営", "委託・直営", "団体補助"}


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Re-import safety: fields an editor changed that upstream changed too (the editor's value is kept), and
    # imported windows no longer in their source document (flagged for review, never deleted).
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    # Numbers a page lists that are known national lines (directory.national): linked, no city window made.
    national_links: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.updated)

    def merge(self, other: LoadReport) -> None:
        for name in ("created", "updated", "unchanged", "warnings", "conflicts", "flagged", "national_links"):
            getattr(self, name).extend(getattr(other, name))

    def counts(self) -> dict[str, dict[str, int]]:
        """Windows and organisations counted apart: {"windows": {"created": n, …}, "organisations": {…}}."""

        def kind(key: str) -> str:
            tail = key.split("/", 1)[-1]
            return (
                "windows"
                if tail.startswith("w:")
                else "organisations"
                if tail.startswith("org:")
                else "other"
            )

        counts: dict[str, dict[str, int]] = {
            name: {"created": 0, "updated": 0, "unchanged": 0}
            for name in ("windows", "organisations", "other")
        }
        for state in ("created", "updated", "unchanged"):
            for key in getattr(self, state):
                counts[kind(key)][state] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"changed": self.changed, "counts": self.counts()}


def content_hash(data: Any) -> str:
    """A stable digest of any JSON-like value (also used to derive the keys of windows without one)."""
    return hashlib.sha256(
        json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()


# Where a value came from (document and line or page) is provenance, not content.
PROVENANCE_KEYS = frozenset({"source", "source_document", "source_location"})


def _content_only(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _content_only(item) for key, item in value.items() if key not in PROVENANCE_KEYS}
    if isinstance(value, list | tuple):
        return [_content_only(item) for item in value]
    if isinstance(value, str):
        # Japanese text has no spaces between words: a PDF's line wraps, a text file's indentation and
        # full-width spaces are layout, so whitespace is left out altogether rather than collapsed.
        return "".join(value.split())
    return value


def content_digest(data: Any) -> str:
    """What decides whether a re-import changed anything: the content alone. The same plan re-imported from
    its PDF instead of its text, or with its lines wrapped elsewhere, hashes the same and creates no revision."""
    return content_hash(_content_only(data))


def is_unchanged(stored: str, data: Any) -> bool:
    """True when `data` is what was imported last. A digest stored before provenance and whitespace were left
    out (the plain `content_hash`) still counts, so the first re-import after that change creates no revisions."""
    return bool(stored) and stored in (content_digest(data), content_hash(data))


def join_lines(items: list[str]) -> str:
    return "\n".join(item for item in items if item)


def operation_value(value: str) -> str:
    return value if value in OPERATIONS else ""


def provenance(source) -> dict[str, str]:
    return {"source_document": source.document[:255], "source_location": source.location[:255]}
