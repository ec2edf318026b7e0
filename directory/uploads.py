"""Upload checks for Wagtail documents: only PDF, DOCX and XLSX, checked by content, at most 10 MB.

Wired in through ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` so the single and the multiple upload views both use it.
DOCX and XLSX are zip packages: the package must open, declare the right main content type, carry no macros,
and decompress to a bounded size (read for real, since the sizes a zip declares can lie), so zip bombs are refused.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm

from .pdf_checks import MAX_PAGES, PdfCheckError, check_pdf

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_RATIO = 200  # per entry, uncompressed / compressed

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
MAIN_CONTENT_TYPES = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ALLOWED = ("pdf", "docx", "xlsx")

MSG_TYPE = _("登録できるのはPDF・Word（docx）・Excel（xlsx）のファイルだけです。")
MSG_SIZE = _("ファイルが大きすぎます。10MB以下にしてください。")
MSG_CONTENT = _("ファイルの中身が拡張子（%(ext)s）と一致しません。正しいファイルを選んでください。")
MSG_PACKAGE = _(
    "ファイルが壊れているか、安全に開けない形式です（%(ext)s）。保存し直してから登録してください。"
)
MSG_PDF = {
    "encrypted": _("パスワードで保護されたPDFは登録できません。保護を解除したPDFを登録してください。"),
    "too_many_pages": _("ページ数が多すぎます（%(max)sページまで）。分割してから登録してください。"),
    "active_content": _(
        "スクリプトや埋め込みファイルなどを含むPDFは登録できません。印刷用PDFとして保存し直してください。"
    ),
    "polyglot": _("PDF以外の形式（HTMLなど）が混ざったファイルは登録できません。"),
    "bomb": _("展開すると極端に大きくなるPDFは登録できません。保存し直してから登録してください。"),
    "damaged": _("PDFが壊れているか、読み取れません。保存し直してから登録してください。"),
}
MSG_MACRO = _("マクロを含むファイルは登録できません。マクロなしの形式で保存し直してください。")


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _check_package(uploaded, ext: str) -> None:
    error = ValidationError(MSG_PACKAGE, code="bad_package", params={"ext": ext})
    try:
        with zipfile.ZipFile(uploaded) as package:
            entries = package.infolist()
            if not entries or len(entries) > MAX_ZIP_ENTRIES:
                raise error
            names = {entry.filename for entry in entries}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise ValidationError(MSG_MACRO, code="macro")
            if "[Content_Types].xml" not in names:
                raise error
            total = 0
            for entry in entries:
                if entry.flag_bits & 0x1:  # encrypted
                    raise error
                if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
                    raise error
                # Read for real: the declared sizes are not to be trusted.
                with package.open(entry) as member:
                    while chunk := member.read(64 * 1024):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED_BYTES:
                            raise error
            content_types = package.read("[Content_Types].xml")
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise error from exc
    if b"<!DOCTYPE" in content_types or b"<!ENTITY" in content_types:
        raise error
    if MAIN_CONTENT_TYPES[ext] not in content_types:
        raise ValidationError(MSG_CONTENT, code="mismatch", params={"ext": ext})


def validate_form_file(uploaded) -> None:
    """Raise a ValidationError (in Japanese) unless ``uploaded`` is a safe PDF, DOCX or XLSX of at most 10 MB."""
    ext = _extension(getattr(uploaded, "name", ""))
    if ext not in ALLOWED:
        raise ValidationError(MSG_TYPE, code="type")
    size = getattr(uploaded, "size", None)
    if size is None or size > MAX_UPLOAD_BYTES:
        raise ValidationError(MSG_SIZE, code="size")
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        uploaded.seek(0)
        head = uploaded.read(1024)
        uploaded.seek(0)
        if ext == "pdf":
            if not head.startswith(PDF_MAGIC):
                raise ValidationError(MSG_CONTENT, code="mismatch", params={"ext": ext})
            try:
                check_pdf(uploaded.read())
            except PdfCheckError as error:
                raise ValidationError(
                    MSG_PDF[error.kind], code=f"pdf_{error.kind}", params={"max": MAX_PAGES}
                ) from error
        elif not head.startswith(ZIP_MAGIC):
            raise ValidationError(MSG_CONTENT, code="mismatch", params={"ext": ext})
        else:
            _check_package(uploaded, ext)
    finally:
        uploaded.seek(position)


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form with the content checks above."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            validate_form_file(uploaded)
        return uploaded
