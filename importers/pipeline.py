"""reader → parsers → records: turn one document into an ImportBundle (no database access)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from . import limits
from .errors import (  # noqa: F401 - the names callers know from here
    PDF_ERRORS_JA,
    SANDBOX_ERRORS_JA,
    ImportInputError,
    SandboxError,
    pdf_rejection,
    sandbox_rejection,
    too_large_error,
)
from .limits import (  # noqa: F401 - re-exported
    MAX_PDF_BYTES,
    MAX_PDF_PAGES,
    MAX_TEXT_BYTES,
    PDF_CPU_SECONDS,
    PDF_MEMORY_MB,
    SANDBOX_CPU_SECONDS,
    SANDBOX_MEMORY_MB,
    MiB,
)
from .parsers.plan import parse_program
from .parsers.windows import (
    front_door_window,
    parse_directory_table,
    parse_form_contact,
    parse_routing_rules,
    windows_from_program,
)
from .readers.pdf_worker import blocks_from_json
from .readers.seedtext import Block, Table, read_seed_text
from .records import ImportBundle, Source, bundle_from_json
from .sandbox import run_limited

logger = logging.getLogger(__name__)


def check_import_file(path: Path, limit: int) -> int:
    """The checks every imported file gets before it is read: exists, is a file, not empty, ≤ `limit` bytes.

    Returns the size. Raises ImportInputError (English for the logs, Japanese for editors).
    """
    if not path.exists():
        raise ImportInputError(f"File not found: {path}", f"ファイルが見つかりません: {path.name}")
    if not path.is_file():
        raise ImportInputError(f"Not a file: {path}", f"ファイルではありません: {path.name}")
    size = path.stat().st_size
    if size == 0:
        raise ImportInputError(f"Empty file: {path}", f"ファイルが空です: {path.name}")
    if size > limit:
        raise too_large_error(path.name, size, limit)
    return size


def read_text_file(path: Path) -> str:
    check_import_file(path, MAX_TEXT_BYTES)
    return decode_text_bytes(path.read_bytes(), path)


def decode_text_bytes(raw: bytes, path: Path) -> str:
    """UTF-8 text (a BOM is dropped), or ImportInputError for binary or non-UTF-8 bytes (`path` names the file)."""
    if b"\x00" in raw:
        raise ImportInputError(
            f"Binary file, not text: {path}", f"テキストファイルではありません（バイナリ）: {path.name}"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportInputError(
            f"Not UTF-8 text ({error}): {path}", f"文字コードがUTF-8のテキストではありません: {path.name}"
        ) from error


def bundle_from_text(text: str, *, city: str, city_name: str, document: str, area_code: str) -> ImportBundle:
    """A plan or city page in the seeds' converted-text format → programme, windows, routing rules."""
    return _bundle_from_blocks(
        read_seed_text(text), text, city=city, city_name=city_name, document=document, area_code=area_code
    )


def bundle_from_text_file(
    path: Path, *, city: str, city_name: str, area_code: str, document: str = ""
) -> ImportBundle:
    """An untrusted text plan, decoded and parsed in the sandbox (`importers.readers.text_worker`).

    Like `read_text_file` + `bundle_from_text`, with the same rejections and messages, but the decoding and
    parsing run in a child limited to `SANDBOX_CPU_SECONDS` and `SANDBOX_MEMORY_MB`.
    """
    document = document or path.name
    check_import_file(path, MAX_TEXT_BYTES)  # not found, not a file, empty, too large: no child needed
    source = {"path": str(path.resolve()), "display": str(path)}
    fallback_ja = "テキストを読み取れませんでした。"
    try:
        data = run_limited(
            "importers.readers.text_worker:read_plan_text",
            source,
            city,
            city_name,
            document,
            area_code,
            cpu_seconds=limits.SANDBOX_CPU_SECONDS,  # read at call time: tests lower them
            memory_mb=limits.SANDBOX_MEMORY_MB,
        )
    except SandboxError as error:
        rejection = sandbox_rejection(error, document=document, what="text", fallback_ja=fallback_ja)
        (logger.error if error.kind == "crashed" else logger.warning)("%s", rejection)
        raise rejection from error
    if isinstance(data, dict) and isinstance(data.get("rejected"), dict):
        rejected = data["rejected"]
        raise ImportInputError(str(rejected.get("message", "")), str(rejected.get("message_ja", "")))
    try:
        return bundle_from_json(data["bundle"])
    except (KeyError, TypeError, ValueError) as error:
        logger.error("%s: malformed bundle from the text worker: %s", document, error)
        raise ImportInputError(
            f"{document}: text worker returned a malformed bundle: {error}", f"{document}: {fallback_ja}"
        ) from error


def is_pdf(path: Path) -> bool:
    """The file is a PDF by its magic bytes (「%PDF-」 within the first 1024 bytes), whatever its name."""
    try:
        with path.open("rb") as handle:
            return b"%PDF-" in handle.read(1024)
    except OSError:
        return False


def read_pdf_blocks(path: Path) -> list[Block]:
    """Read an untrusted PDF in a sandboxed subprocess (CPU and memory limits) into blocks."""
    check_import_file(path, MAX_PDF_BYTES)
    try:
        data = run_limited(
            "importers.readers.pdf_worker:read_blocks",
            str(path.resolve()),
            MAX_PDF_PAGES,
            cpu_seconds=limits.PDF_CPU_SECONDS,
            memory_mb=limits.PDF_MEMORY_MB,
        )
    except SandboxError as error:
        raise pdf_rejection(error, name=path.name) from error
    return blocks_from_json(data)


def bundle_from_pdf(
    path: Path, *, city: str, city_name: str, area_code: str, document: str = ""
) -> ImportBundle:
    """A plan PDF → programme and windows, like `bundle_from_text`; every fact's source names its page."""
    blocks = read_pdf_blocks(path)
    text = "\n".join(_pipe_table(block) if isinstance(block, Table) else block.text for block in blocks)
    bundle = _bundle_from_blocks(
        blocks, text, city=city, city_name=city_name, document=document or path.name, area_code=area_code
    )
    # What the reader repaired (tables joined over page breaks, cut rows rejoined) goes to the editors'
    # report with the import, so that they check those rows.
    bundle.warnings.extend(reader_notes(blocks))
    return bundle


def reader_notes(blocks: list) -> list[str]:
    """What the PDF reader repaired, for the editors: tables joined over a page break, cut rows joined back."""
    return [note for block in blocks if isinstance(block, Table) for note in block.notes]


def _pipe_table(table: Table) -> str:
    """A PDF table as the pipe table of the converted texts, so the text parsers read it as they read a text.

    Trailing empty cells are left out (a row that lost cells in the source has fewer), and a cell's line
    breaks become spaces, as the converter wrote them.
    """
    lines = []
    for index, row in enumerate(table.rows):
        cells = [" ".join(cell.split()) for cell in row.cells]
        while cells and not cells[-1]:
            cells.pop()
        lines.append(" | ".join(cells) + " |")
        if index == 0:
            lines.append("---|" * len(cells))
    return "\n".join(lines)


def _has_directory_table(blocks: list[Block]) -> bool:
    """A 「項目 | 内容 | 連絡先」 table: a pipe table of a converted text, or any table of a PDF."""
    return any(isinstance(block, Table) and block.kind in ("pipe", "ruled", "borderless") for block in blocks)


def _bundle_from_blocks(
    blocks: list[Block], text: str, *, city: str, city_name: str, document: str, area_code: str
) -> ImportBundle:
    program = parse_program(blocks, city=city, document=document)
    windows, main_phone = [], None
    if _has_directory_table(blocks) and "連絡先" in text:
        windows, main_phone = parse_directory_table(
            text, city=city, document=document, default_area_code=area_code
        )
    if not windows:
        windows = windows_from_program(program)
    bundle = ImportBundle(
        city=city, document=document, program=program, windows=windows, main_phone=main_phone
    )
    bundle.routing = parse_routing_rules(text, document=document)
    door = _front_door(bundle, city_name, text)
    if door is not None:
        bundle.windows.insert(0, door)
    if not program.businesses and not program.sections and not windows:
        raise ImportInputError(
            f"{document}: nothing recognisable (no business, section or window table)",
            f"{document} から事業・説明・相談窓口のいずれも読み取れませんでした。形式をご確認ください。",
        )
    return bundle


_STAFF_OF_DEPARTMENT = re.compile(r"^(?P<department>.+?(?:課|室|係|センター))の.+$")


def _department_of(name: str) -> str:
    """「長寿福祉課の包括化推進員」 → 「長寿福祉課」: residents call the department, not a job title."""
    match = _STAFF_OF_DEPARTMENT.match(name)
    return match.group("department") if match else name


def _front_door(bundle: ImportBundle, city_name: str, text: str):
    """The city's 「どこに相談したらよいかわからないとき」 window, from the contact the document states.

    Preference: the publisher's contact (with its phones), then the department named as the page's
    contact or つなぐシート office, then the 多機関協働事業 agency, which coordinates complex cases.
    """
    program = bundle.program
    source = Source(bundle.document, "contact")
    if program and program.contact and program.contact.department:
        return front_door_window(city_name, program.contact)
    department, location = parse_form_contact(text)
    if department:
        phones = [bundle.main_phone] if bundle.main_phone else []
        door = front_door_window(city_name, department, phones, source=source)
        door.address = location
        return door
    if program:
        for business in program.businesses:
            if business.kind == 5 and (business.agencies or business.responsible):
                name = business.agencies[0].name if business.agencies else business.responsible
                return front_door_window(city_name, _department_of(name), [], source=business.source)
    return None
