"""Is the local database already migrated and seeded from these exact inputs? Used by `make run`.

`make run` used to migrate, import the five seeds and set up roles on every start (39 s). The stamp records a hash of
everything those steps read (migrations, seed documents, the importers and demo-site code, the national lines, the
dev admin's name and password) next to the database; the next `make run` skips them while the hash is unchanged and
the database is still there. `make seed` always runs them.

    python scripts/seed_stamp.py check   # exit 0: up to date, 1: set up needed
    python scripts/seed_stamp.py write   # after a successful set-up

No Django import: the check runs in a few tens of milliseconds.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
INPUTS = (
    "*/migrations/*.py",
    "data/seeds/*",
    "data/corrections/*",
    "data/national/*",
    "importers/**/*.py",
    "*/management/commands/*.py",
    "pyproject.toml",
)


def database_url() -> str:
    return os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{REPO / 'db.sqlite3'}"


def sqlite_file(url: str) -> Path | None:
    """The SQLite file of a ``sqlite:///relative`` or ``sqlite:////absolute`` URL, None for a server database."""
    if urlparse(url).scheme != "sqlite":
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    path = Path(rest or "db.sqlite3")
    return path if path.is_absolute() else REPO / path


def stamp_path(url: str) -> Path:
    """Beside a SQLite file (deleting the database invalidates it); in var/ for a server database."""
    db = sqlite_file(url)
    if db is not None:
        return db.with_name(db.name + ".seeded")
    return REPO / "var" / f"seeded-{hashlib.sha256(url.encode()).hexdigest()[:16]}"


def database_present(url: str) -> bool:
    db = sqlite_file(url)
    # A server database: the stamp is the only record (run `make seed` after dropping the database).
    return db is None or db.exists()


def inputs_hash() -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in INPUTS for p in REPO.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    for name in ("ADMIN_USER", "ADMIN_PASSWORD"):
        digest.update(f"{name}={os.environ.get(name, '')}".encode())
    return digest.hexdigest()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in {"check", "write"}:
        sys.stderr.write("usage: seed_stamp.py check|write\n")
        return 2
    url = database_url()
    stamp = stamp_path(url)
    if argv[1] == "write":
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(inputs_hash() + "\n", encoding="utf-8")
        return 0
    if not database_present(url) or not stamp.exists():
        return 1
    return 0 if stamp.read_text(encoding="utf-8").strip() == inputs_hash() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
