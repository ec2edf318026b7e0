"""The national lines (全国共通): the reviewed dataset (data/national/lines.toml) → WindowRecords → the Loader.

Loaded with ``city=None``: organisations and windows without a city, keyed ``national/<key>``, so re-running changes
nothing and an editor's later correction is kept like any imported window's (three-way merge in the loader).
"""

from __future__ import annotations

from pathlib import Path

from directory.national import DATA_PATH, NATIONAL_SLUG, NationalLine, read_national_lines

from .loader import Loader, LoadReport
from .records import ImportBundle, Source, WindowRecord


def national_bundle(path: Path | str = DATA_PATH) -> ImportBundle:
    """One bundle of window records from the dataset (raises directory.national.NationalDataError)."""
    lines = read_national_lines(path)
    document = Path(path).name
    return ImportBundle(
        city=NATIONAL_SLUG,
        document=document,
        windows=[_record(line, Source(document, f"[[line]] {line.key}")) for line in lines],
    )


def _record(line: NationalLine, source: Source) -> WindowRecord:
    return WindowRecord(
        organisation=line.operator,
        source=source,
        title=line.title,
        categories=list(line.categories),
        topics=[],
        window_phones=list(line.phones),
        hours=list(line.hours),
        description=line.purpose,
        key=f"national/{line.key}",
        languages=line.languages,
        hours_note=line.hours_note,
        source_url=line.source_url,
        verified_on=line.verified_on.isoformat(),
        verified_by="データセット（data/national/lines.toml）",
        crisis_kinds=list(line.crisis),
        links=list(line.links),
    )


def load_national_lines(*, publish: bool, path: Path | str = DATA_PATH, user=None) -> LoadReport:
    """Upsert the national lines (drafts unless ``publish``; the demo seeding publishes)."""
    return Loader(None, publish=publish, user=user).load(national_bundle(path))
