"""Generate importers/radicals.py from the Unicode Character Database's EquivalentUnifiedIdeograph.txt.

Word and some PDF producers emit a Kangxi radical (U+2F00–U+2FD5) or a CJK radical supplement
(U+2E80–U+2EF3) where the document has an ordinary kanji: the font draws both with one glyph and the
PDF's ToUnicode map names the radical (⽀ U+2F40 for 支, ⻑ U+2ED1 for 長). NFKC folds the Kangxi
radicals but not most of the supplement, so the importers fold both with the UCD's own table.

Usage: ``python scripts/make_radical_table.py [UCD_FILE]`` (default: Debian ``unicode-data``'s
/usr/share/unicode/EquivalentUnifiedIdeograph.txt). The output is committed; CI needs no UCD files.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = Path("/usr/share/unicode/EquivalentUnifiedIdeograph.txt")
OUT = ROOT / "importers" / "radicals.py"
# CJK Radicals Supplement and Kangxi Radicals.
RADICALS = (0x2E80, 0x2FDF)


def parse(text: str) -> dict[int, int]:
    table: dict[int, int] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        codes, target = (part.strip() for part in line.split(";"))
        first, _, last = codes.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            if RADICALS[0] <= code <= RADICALS[1]:  # not the CJK strokes: no producer emits them for kanji
                table[code] = int(target, 16)
    return table


def render(table: dict[int, int], version: str) -> str:
    lines = [
        '"""CJK radicals (supplement and Kangxi) → the unified ideograph they stand for (generated; do not edit).',
        "",
        f"Source: Unicode Character Database, EquivalentUnifiedIdeograph.txt ({version}).",
        "Regenerate with ``python scripts/make_radical_table.py``; used by `importers.normalise`.",
        '"""',
        "",
        "EQUIVALENT_UNIFIED_IDEOGRAPH: dict[int, int] = {",
    ]
    for code, target in sorted(table.items()):
        lines.append(f"    0x{code:04X}: 0x{target:04X},  # {chr(code)} → {chr(target)}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT
    text = source.read_text(encoding="utf-8")
    version = next(
        (line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# Equivalent")), ""
    )
    OUT.write_text(render(parse(text), version or source.name), encoding="utf-8")
    sys.stdout.write(f"{OUT.relative_to(ROOT)}: {len(parse(text))} mappings\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
