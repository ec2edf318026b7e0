"""What kind of document a file is (html / csv / text / pdf), from its content first, then its name. No Django."""

from __future__ import annotations

from pathlib import Path

KINDS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".csv": "csv",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".pdf": "pdf",
}
# Magic bytes of files that are never a directory page (an office zip, images, archives, executables).
_BINARY_MAGIC = (
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"MZ",
    b"\x7fELF",
)


def detect_kind(name: str, head: bytes) -> str:
    """ "html" / "csv" / "text" / "pdf" from the content first, then the file name."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    kind = KINDS.get(Path(name).suffix.lower())
    if kind and kind != "pdf":
        return kind
    if kind == "pdf":
        return "pdf"  # named .pdf but not a PDF: bundle_for_file rejects it with a clear message
    sample = head[:4096].lower()
    if any(tag in sample for tag in (b"<!doctype html", b"<html", b"<table", b"<body", b"<dl")):
        return "html"
    return "text"
