"""Uploads: only real PDF, DOCX and XLSX of at most 10 MB; zip bombs and renamed executables are refused."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.forms import get_document_form
from wagtail.documents.models import Document
from wagtail.models import Collection

import pytest

from directory.referral_seed import SampleSheet, sample_pdf, sample_xlsx
from directory.uploads import validate_form_file

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
