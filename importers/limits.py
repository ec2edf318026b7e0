"""The limits every import path shares (sizes, pages, the sandbox's CPU and memory)."""

from __future__ import annotations

MiB = 1024 * 1024
MAX_TEXT_BYTES = 5 * MiB
MAX_PDF_BYTES = 20 * MiB  # one limit for the command and the admin upload
MAX_PDF_PAGES = 200
# Limits for parsing one untrusted file (PDF, HTML, CSV, text) in `importers.sandbox`.
SANDBOX_CPU_SECONDS = 10
SANDBOX_MEMORY_MB = 512
PDF_CPU_SECONDS = SANDBOX_CPU_SECONDS
PDF_MEMORY_MB = SANDBOX_MEMORY_MB
