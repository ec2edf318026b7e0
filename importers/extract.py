"""Windows from one city page, in this process (for `import_eval` and `bench_import`; uploads use the sandbox)."""

from __future__ import annotations

from pathlib import Path

from importers.pipeline import bundle_from_text
from importers.readers.html import parse_html_bundle
from importers.records import WindowRecord
from importers.tasks import detect_kind


def extract_windows(data: bytes, *, name: str, area_code: str, city_name: str = "") -> list[WindowRecord]:
    """The windows of one page (HTML, text or PDF) as the importer reads them. Raises ImportInputError."""
    kind = detect_kind(name, data[:4096])
    if kind == "html":
        bundle, _codec = parse_html_bundle(data, city="", document=name, area_code=area_code)
        return bundle.windows
    if kind == "pdf":
        import tempfile

        from importers.pipeline import _bundle_from_blocks
        from importers.readers.pdf import read_pdf
        from importers.readers.seedtext import Table

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "page.pdf"
            path.write_bytes(data)
            blocks = read_pdf(path)
        text = "\n".join(
            "\n".join("\t".join(row.cells) for row in block.rows) if isinstance(block, Table) else block.text
            for block in blocks
        )
        bundle = _bundle_from_blocks(
            blocks, text, city="", city_name=city_name, document=name, area_code=area_code
        )
        return bundle.windows
    text = data.decode("utf-8-sig", errors="replace")
    bundle = bundle_from_text(text, city="", city_name=city_name, document=name, area_code=area_code)
    return bundle.windows
