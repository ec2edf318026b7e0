"""Run a parser on untrusted input in a subprocess with CPU and memory limits.

`run_limited("importers.readers.pdf_worker:read_blocks", path)` starts ``python -m importers.sandbox``,
which imports the function, calls it with the (JSON) arguments, sent on stdin, and prints its JSON
result. The child gets ``RLIMIT_CPU`` (CPU seconds; the kernel sends SIGXCPU, then SIGKILL) and ``RLIMIT_AS`` (address
space: allocations beyond it raise MemoryError) before it executes anything, and the parent also stops
it after a wall-clock timeout. A PDF that is a decompression bomb, loops, or needs gigabytes
therefore ends as a `SandboxError` instead of taking the web worker down.

The function's own expected errors travel back as ``{"error": {"kind": ..., "message": ...}}`` so
the caller can tell an encrypted file from a damaged one; see `importers.pipeline.bundle_from_pdf`.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from importers.errors import SandboxError

__all__ = ["SandboxError", "run_limited"]

ROOT = Path(__file__).resolve().parents[1]


def _limits(cpu_seconds: int, memory_mb: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run_limited(
    func_path: str,
    *args: Any,
    cpu_seconds: int = 10,
    memory_mb: int = 512,
    wall_seconds: float | None = None,
) -> Any:
    """Call ``module:function`` (or ``module.function``) with JSON-able `args` in a limited subprocess.

    Returns the function's JSON result. Raises `SandboxError` when the child hits a limit, crashes,
    or reports an error.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the child needs no Django
    try:
        completed = subprocess.run(
            # The arguments go on stdin: one argv string is capped at 128 KiB on Linux, a page is larger.
            [sys.executable, "-m", "importers.sandbox", func_path],
            input=json.dumps(list(args)).encode("utf-8"),
            capture_output=True,
            timeout=wall_seconds if wall_seconds is not None else cpu_seconds * 3 + 5,
            preexec_fn=_limits(cpu_seconds, memory_mb),  # noqa: PLW1509 - no threads started here
            cwd=ROOT,
            env=env,
        )
    except subprocess.TimeoutExpired as error:
        raise SandboxError(f"{func_path}: wall-clock timeout", "timeout") from error
    code = completed.returncode
    stderr = completed.stderr.decode("utf-8", "replace")[-2000:]
    if code in (-signal.SIGXCPU, -signal.SIGKILL) and "MemoryError" not in stderr:
        raise SandboxError(f"{func_path}: CPU limit of {cpu_seconds}s reached (signal {-code})", "cpu")
    try:
        payload = json.loads(completed.stdout.decode("utf-8") or "null")
    except ValueError:
        payload = None
    if isinstance(payload, dict) and "error" in payload:
        error = payload["error"]
        raise SandboxError(str(error.get("message", "")), str(error.get("kind", "crashed")))
    if code != 0 or not isinstance(payload, dict) or "result" not in payload:
        kind = "memory" if "MemoryError" in stderr or "Cannot allocate memory" in stderr else "crashed"
        raise SandboxError(f"{func_path}: exit code {code}: {stderr.strip()[-500:]}", kind)
    return payload["result"]


def _resolve(func_path: str):
    module_name, _, name = func_path.partition(":") if ":" in func_path else func_path.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def _main(argv: list[str]) -> int:
    """``python -m importers.sandbox module:function [JSON_ARGS]``; without JSON_ARGS they are read from stdin."""
    func_path = argv[0]
    raw = argv[1] if len(argv) > 1 else sys.stdin.buffer.read().decode("utf-8")
    try:
        result = _resolve(func_path)(*json.loads(raw))
        out = json.dumps({"result": result}, ensure_ascii=False)
    except MemoryError:
        out = json.dumps({"error": {"kind": "memory", "message": "memory limit reached"}})
    except Exception as error:  # reported to the parent, which decides what it means
        kind = getattr(error, "kind", "crashed")
        out = json.dumps(
            {"error": {"kind": kind, "message": f"{type(error).__name__}: {error}"}}, ensure_ascii=False
        )
    sys.stdout.write(out)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
