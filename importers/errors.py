"""Every error of the importers, and what editors are told about it, in one place.

* `ImportInputError` — input that cannot be imported: `str()` (English) goes to the logs, `message_ja` to the
  editor. Every reader, parser and intake path raises it, and the commands and the admin upload show it.
* `SandboxError` — a sandboxed reader's child failed; `kind` is cpu / memory / timeout / crashed, or the kind
  the reader reported (encrypted, damaged, too_deep …). `sandbox_rejection` turns it into an ImportInputError
  with the Japanese message of `SANDBOX_ERRORS_JA` (or, for a PDF, `PDF_ERRORS_JA`).
* `PdfReadError` — the PDF reader's own rejection (encrypted, damaged, too many pages, empty, memory), which
  travels from the child as its `kind`.

This module imports nothing of the package but its limits, so that any module can import it at the top.
"""

from __future__ import annotations

from .limits import MAX_PDF_PAGES, SANDBOX_MEMORY_MB, MiB

__all__ = [
    "PDF_ERRORS_JA",
    "SANDBOX_ERRORS_JA",
    "ImportInputError",
    "PdfReadError",
    "SandboxError",
    "pdf_rejection",
    "sandbox_rejection",
    "too_large_error",
]


class ImportInputError(ValueError):
    """Input that cannot be imported. `message_ja` is shown to editors; str() goes to the logs."""

    def __init__(self, message: str, message_ja: str):
        super().__init__(message)
        self.message_ja = message_ja


class SandboxError(RuntimeError):
    """The child failed. `kind`: cpu / memory / timeout / crashed, or the kind the function reported."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


class PdfReadError(ValueError):
    """The PDF could not be read: `kind` is one of encrypted / damaged / too_many_pages / empty / memory."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def too_large_error(name: str, size: int, limit: int) -> ImportInputError:
    """The one wording for a file over its size limit (in MB, as editors read it), for paths and uploads alike."""
    return ImportInputError(
        f"File too large ({size} bytes > {limit // MiB} MB limit): {name}",
        f"ファイルが大きすぎます（上限{limit // MiB}MB）: {name}",
    )


# What an editor is told when the sandbox stops a parser, whatever the format, by `SandboxError.kind`.
SANDBOX_ERRORS_JA = {
    "cpu": "ファイルの処理に時間がかかりすぎたため中止しました。",
    "timeout": "ファイルの処理に時間がかかりすぎたため中止しました。",
    "memory": f"ファイルの処理に必要なメモリが上限（{SANDBOX_MEMORY_MB}MB）を超えたため中止しました。",
    "too_deep": "タグの入れ子が深すぎるため読み取れません（壊れたページの可能性があります）。",
}
# What an editor is told when a PDF is rejected, by the kind of failure the reader or sandbox reports.
PDF_ERRORS_JA = {
    "encrypted": "パスワードで保護されたPDFは取り込めません。保護を解除したPDFをアップロードしてください。",
    "damaged": "PDFが壊れているため読み取れません（ファイルが途中で切れている可能性があります）。",
    "empty": "PDFにページがありません。",
    "too_many_pages": f"ページ数が多すぎます（上限{MAX_PDF_PAGES}ページ）。",
    **SANDBOX_ERRORS_JA,
}


def sandbox_rejection(error: Exception, *, document: str, what: str, fallback_ja: str) -> ImportInputError:
    """An ImportInputError for a `SandboxError` (its `kind` picks the Japanese message; `what`: "HTML", "CSV"…)."""
    kind = getattr(error, "kind", "crashed")
    message_ja = SANDBOX_ERRORS_JA.get(kind, fallback_ja)
    return ImportInputError(f"{document}: {what} rejected ({kind}): {error}", f"{document}: {message_ja}")


def pdf_rejection(error: SandboxError, *, name: str) -> ImportInputError:
    message_ja = PDF_ERRORS_JA.get(error.kind, "PDFを読み取れませんでした。")
    return ImportInputError(f"{name}: PDF rejected ({error.kind}): {error}", f"{name}: {message_ja}")
