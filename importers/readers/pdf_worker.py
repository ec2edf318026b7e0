"""The PDF reader as a JSON-speaking worker, for `importers.sandbox`.

``python -m importers.readers.pdf_worker FILE [--max-pages N]`` prints the blocks as JSON;
`read_blocks` is what the sandbox calls, and `blocks_from_json` turns the JSON back into blocks.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from importers.records import tagged_list_from_json, tagged_to_json

from .pdf import read_pdf
from .seedtext import Block, Table, TextLine

__all__ = ["blocks_from_json", "blocks_to_json", "read_blocks"]


# The block classes that cross the sandbox's process boundary.
BLOCK_TYPES = {"TextLine": TextLine, "Table": Table}


def blocks_to_json(blocks: list[Block]) -> list[dict[str, Any]]:
    """Blocks as tagged JSON, through the package's one codec (`records.tagged_to_json`)."""
    return [tagged_to_json(BLOCK_TYPES, block) for block in blocks]


def blocks_from_json(data: list[Any]) -> list[Block]:
    return tagged_list_from_json(BLOCK_TYPES, data, "blocks")


def read_blocks(path: str, max_pages: int | None = None) -> list[dict[str, Any]]:
    """Read a PDF (raises `PdfReadError`, whose `kind` the sandbox passes on) → JSON blocks."""
    return blocks_to_json(read_pdf(path, max_pages=max_pages))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Read a PDF plan into JSON blocks.")
    parser.add_argument("path")
    parser.add_argument("--max-pages", type=int, default=None)
    args = parser.parse_args(argv)
    json.dump(read_blocks(args.path, args.max_pages), sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
