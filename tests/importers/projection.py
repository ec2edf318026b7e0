"""The whole projected JSON of an import, and the facts in it, for comparing a PDF import with a text import.

`project` is `records.bundle_to_json` without provenance (every `source`, the document's name, the reader's
notes in `warnings`), which necessarily differs between a PDF (「p.3」) and a text (「line 42」). Everything else — titles, period, every
business with its agencies and sub-programmes, meetings, indicators, sections, milestones, coordinators,
contact, footnotes, windows, routing rules — is compared.

`facts` splits a projection into countable facts: each scalar of the programme, each business (without its
lists), each agency, sub-programme, meeting, indicator, section, milestone, coordinator and footnote, the
contact, each window and routing rule. `agreement` counts the facts of the text import the PDF import
reproduces exactly.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from importers.records import ImportBundle, bundle_to_json

# Provenance, and the reader's notes for editors (「表がページをまたいで結合されました (p.3→p.4)」), which only a PDF has.
_PROVENANCE = {"source", "document", "source_document", "source_location", "warnings"}


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _strip(item) for key, item in value.items() if key not in _PROVENANCE}
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value


def project(bundle: ImportBundle) -> dict[str, Any]:
    return _strip(bundle_to_json(bundle))


def _key(kind: str, value: Any) -> str:
    return f"{kind}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}"


def facts(projection: dict[str, Any]) -> list[str]:
    out: list[str] = []
    program = projection.get("program") or {}
    lists = {"timeline", "businesses", "meetings", "indicators", "sections", "coordinators", "footnotes"}
    for name, value in program.items():
        if name in lists or name == "city":
            continue
        out.append(_key(name, value))
    for business in program.get("businesses", []):
        out.append(
            _key("business", {k: v for k, v in business.items() if k not in {"agencies", "subprograms"}})
        )
        out += [_key("agency", {"kind": business["kind"], **a}) for a in business.get("agencies", [])]
        out += [_key("subprogram", {"kind": business["kind"], **s}) for s in business.get("subprograms", [])]
    for name in ("meetings", "indicators", "sections", "timeline", "coordinators", "footnotes"):
        out += [_key(name, item) for item in program.get(name, [])]
    out += [_key("window", window) for window in projection.get("windows", [])]
    out += [_key("routing", rule) for rule in projection.get("routing", [])]
    out.append(_key("main_phone", projection.get("main_phone")))
    return out


def agreement(text: dict[str, Any], pdf: dict[str, Any]) -> tuple[int, int, list[str], list[str]]:
    """(facts of the text import the PDF import reproduces, facts of the text import, missing, extra)."""
    expected, got = Counter(facts(text)), Counter(facts(pdf))
    same = sum((expected & got).values())
    return (
        same,
        sum(expected.values()),
        sorted((expected - got).elements()),
        sorted((got - expected).elements()),
    )
