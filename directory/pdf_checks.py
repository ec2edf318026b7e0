"""Content checks for uploaded PDFs (documents and つなぐシート files), the same kinds the import path applies:

- **encryption**: a password-protected PDF cannot be checked, indexed or read by every resident's viewer;
- **page count**: at most `MAX_PAGES` (a 20,000-page PDF is a denial of service for every viewer and indexer);
- **active content**: JavaScript, launch actions, embedded files, XFA forms, rich media;
- **polyglots**: a PDF that is also HTML/SVG/script (a browser that sniffs would run it);
- **decompression bombs**: every Flate stream is inflated, 1 MB at a time and without keeping it, within a budget
  (`MAX_INFLATED_BYTES` for all streams together), before any parser expands it.

Parsing uses pdfminer.six (pdfplumber's parser), with the bomb check run first so the parser never inflates a bomb.
"""

from __future__ import annotations

import io
import re
import zlib

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.psparser import PSException

MAX_PAGES = 500
# All streams together, inflated: far above any real plan or form (a 20-page scanned plan inflates to ~30 MB).
MAX_INFLATED_BYTES = 200 * 1024 * 1024

ACTIVE_NAMES = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFile|EmbeddedFiles|RichMedia|XFA|SubmitForm|ImportData|GoToE)\b"
)
MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|object|body|!doctype\s+html)\b", re.IGNORECASE)
STREAM = re.compile(rb"stream\r?\n")


class PdfCheckError(ValueError):
    """`kind` is one of encrypted / too_many_pages / active_content / polyglot / bomb / damaged."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def _inflated_size(raw: bytes, budget: int) -> tuple[int, bytes]:
    """Inflate `raw` 1 MB at a time without keeping it; stop past `budget`. Returns (size, first megabyte)."""
    inflater = zlib.decompressobj()
    size, head, tail = 0, b"", raw
    while True:
        out = inflater.decompress(tail, 1024 * 1024)
        if not head:
            head = out
        size += len(out)
        tail = inflater.unconsumed_tail
        if size > budget or not out or not tail and inflater.eof:
            return size, head
        if not tail and not out:
            return size, head


def _check_streams(data: bytes) -> None:
    total = 0
    position = 0
    while match := STREAM.search(data, position):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        position = end + len(b"endstream")
        try:
            size, head = _inflated_size(data[start:end], MAX_INFLATED_BYTES - total)
        except zlib.error:
            continue  # not Flate (DCT images, LZW …) or damaged: the parser below judges
        total += size
        if total > MAX_INFLATED_BYTES:
            raise PdfCheckError(f"streams inflate beyond {MAX_INFLATED_BYTES} bytes", "bomb")
        if ACTIVE_NAMES.search(head):  # names hidden inside compressed object streams
            raise PdfCheckError("active content inside a compressed object stream", "active_content")


def check_pdf(data: bytes) -> int:
    """Raise PdfCheckError unless `data` is a plain, readable PDF; return its page count."""
    if MARKUP.search(data):
        raise PdfCheckError("HTML/SVG/script markup in a PDF (polyglot)", "polyglot")
    if ACTIVE_NAMES.search(data):
        raise PdfCheckError("active content (JavaScript, launch, embedded files, XFA …)", "active_content")
    _check_streams(data)

    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser)
        if document.encryption is not None:
            raise PdfCheckError("encrypted PDF", "encrypted")
        pages = 0
        for _page in PDFPage.create_pages(document):
            pages += 1
            if pages > MAX_PAGES:
                raise PdfCheckError(f"more than {MAX_PAGES} pages", "too_many_pages")
    except (PDFEncryptionError, PDFPasswordIncorrect) as error:
        raise PdfCheckError(f"encrypted PDF ({error})", "encrypted") from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, RecursionError) as error:
        if isinstance(error, PdfCheckError):
            raise
        raise PdfCheckError(f"damaged PDF ({type(error).__name__})", "damaged") from error
    if pages == 0:
        raise PdfCheckError("PDF without pages", "damaged")
    return pages
