"""Uploads: only real PDF, DOCX and XLSX of at most 10 MB; zip bombs and renamed executables are refused."""

import io
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.forms import get_document_form
from wagtail.documents.models import Document
from wagtail.models import Collection

import pytest

from directory.uploads import validate_form_file
from importers.demosite.sample_sheets import SampleSheet, sample_pdf, sample_xlsx

XLSX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def rejected(name, content) -> str:
    with pytest.raises(ValidationError) as info:
        validate_form_file(upload(name, content))
    return " ".join(info.value.messages)


def test_real_files_pass():
    sheet = SampleSheet(city_name="テスト市")
    validate_form_file(upload("シート.pdf", sample_pdf(sheet)))
    validate_form_file(upload("シート.xlsx", sample_xlsx(sheet)))


def test_renamed_exe_is_rejected():
    exe = b"MZ\x90\x00" + b"\x00" * 2000
    assert "一致しません" in rejected("つなぐシート.pdf", exe)
    assert "一致しません" in rejected("つなぐシート.xlsx", exe)
    assert "だけです" in rejected("つなぐシート.exe", exe)


def test_zip_bomb_xlsx_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", XLSX_TYPES)
        package.writestr("xl/workbook.xml", b"\x00" * (100 * 1024 * 1024))
    assert len(buffer.getvalue()) < 10 * 1024 * 1024
    assert "安全に開けない" in rejected("bomb.xlsx", buffer.getvalue())


def test_xlsx_renamed_docx_and_broken_zip_are_rejected():
    xlsx = sample_xlsx(SampleSheet(city_name="テスト市"))
    assert "一致しません" in rejected("シート.docx", xlsx)
    assert "安全に開けない" in rejected("シート.xlsx", xlsx[:200])


def test_macro_workbook_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", XLSX_TYPES)
        package.writestr("xl/vbaProject.bin", b"macro")
    assert "マクロ" in rejected("macro.xlsx", buffer.getvalue())


def test_eleven_megabyte_pdf_is_rejected():
    big = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    assert "10MB" in rejected("big.pdf", big)


@pytest.mark.django_db
def test_wagtail_document_form_uses_the_checks():
    DocumentForm = get_document_form(Document)
    collection = Collection.get_first_root_node()
    form = DocumentForm(
        data={"title": "偽物", "collection": collection.pk},
        files={"file": upload("fake.pdf", b"MZ" + b"\x00" * 100)},
    )
    assert not form.is_valid()
    assert "一致しません" in " ".join(form.errors["file"])


# --- PDF content checks (directory/pdf_checks.py): the same kinds the import path refuses ---


def _pdf_with_stream(stream: bytes, extra: bytes = b"") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R" + extra + b">>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length " + str(len(stream)).encode() + b"/Filter/FlateDecode>>stream\n" + stream + b"\n"
        b"endstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _reportlab_pdf(pages=1, **kwargs) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, **kwargs)
    for number in range(pages):
        pdf.drawString(72, 720, f"page {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_plain_pdfs_pass():
    validate_form_file(upload("plan.pdf", _reportlab_pdf(pages=3)))
    validate_form_file(upload("tiny.pdf", _pdf_with_stream(zlib.compress(b"BT /F1 12 Tf (x) Tj ET"))))


def test_encrypted_pdf_is_rejected():
    assert "パスワード" in rejected("locked.pdf", _reportlab_pdf(encrypt="secret"))


def test_twenty_thousand_page_pdf_is_rejected():
    assert "ページ数が多すぎます" in rejected("huge.pdf", _reportlab_pdf(pages=600))


def test_pdf_with_javascript_is_rejected():
    js = b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
    assert "スクリプト" in rejected("js.pdf", _pdf_with_stream(zlib.compress(b"q Q"), extra=js))
    # Hidden inside a compressed object stream:
    hidden = zlib.compress(b"<</S/JavaScript/JS(app.alert(1))>>")
    assert "スクリプト" in rejected("objstm.pdf", _pdf_with_stream(hidden))


def test_html_pdf_polyglot_is_rejected():
    polyglot = _reportlab_pdf() + b"\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    assert "HTML" in rejected("polyglot.pdf", polyglot)


def test_pdf_bomb_is_rejected():
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (4 * 1024 * 1024)
    bomb = b"".join(compressor.compress(chunk) for _ in range(55)) + compressor.flush()  # 220 MB inflated
    assert len(bomb) < 10 * 1024 * 1024
    assert "極端に大きく" in rejected("bomb.pdf", _pdf_with_stream(bomb))


def test_pdf_with_leading_junk_is_rejected():
    assert "一致しません" in rejected("junk.pdf", b"<html>" + _reportlab_pdf())
