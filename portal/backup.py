"""One-archive backup and restore of a Tsunagu site: the database and the uploaded media files.

The archive is a gzip'd tar holding

- ``manifest.json``: format and version, when and from which engine it was made, the applied migrations, and the
  SHA-256 and size of every other member;
- ``database.sqlite3`` (SQLite, a consistent copy through SQLite's online-backup API) or ``database.pgdump``
  (PostgreSQL, ``pg_dump --format=custom``);
- ``media/…``: every file under ``MEDIA_ROOT`` (documents, images, uploaded forms) when media live on the local
  file system. Object storage keeps its own versions and is not copied.

``restore`` first reads and checks the whole archive in a staging directory — manifest, the checksum of every
member, no unlisted member, the engine of the target database, migrations this code knows, the database file
itself (``PRAGMA integrity_check`` / ``pg_restore --list``) — and refuses with a message in Japanese and English
before it writes anything. Only then does it replace the database in one transaction (the backup API / ``pg_restore
--single-transaction``) and swap the media directory in by renaming; the previous media directory is kept next to
it as ``<MEDIA_ROOT>.before-restore-<time>``. If the database step fails, the media swap is undone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.migrations.loader import MigrationLoader

FORMAT = "tsunagu-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is bilingual and says whether anything changed."""

    def __init__(self, ja: str, en: str, *, nothing_changed: bool = True):
        self.ja, self.en = ja, en
        suffix_ja = "何も変更していません。" if nothing_changed else ""
        suffix_en = " Nothing was changed." if nothing_changed else ""
        super().__init__(f"{ja}{suffix_ja}\n{en}{suffix_en}")


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    media_files: int
    previous_media: Path | None
    missing_migrations: tuple[str, ...]


def engine_of(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(
            f"このデータベース（{vendor}）のバックアップには対応していません。",
            f"Backups of a {vendor} database are not supported (SQLite and PostgreSQL are).",
        )
    return vendor


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def local_media_root() -> Path | None:
    """MEDIA_ROOT when uploads live on this file system; None for object storage."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def applied_migrations(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


# -- PostgreSQL client programs ------------------------------------------------------------------------------------
def _pg_env(alias: str) -> tuple[dict[str, str], str]:
    config = connections[alias].settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if config.get(key):
            env[name] = str(config[key])
    options = config.get("OPTIONS") or {}
    env["PGCONNECT_TIMEOUT"] = str(options.get("connect_timeout", 5))
    return env, str(config["NAME"])


def _run(command: list[str], env: dict[str, str], ja: str, *, nothing_changed: bool = True) -> None:
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} が見つかりません。PostgreSQL のクライアントを入れてください。",
            f"{command[0]} not found: install the PostgreSQL client programs ({error}).",
        ) from error
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise BackupError(
            ja,
            f"{command[0]} failed (exit {completed.returncode}): {detail[-1] if detail else ''}",
            nothing_changed=nothing_changed,
        )


# -- backup ----------------------------------------------------------------------------------------------------------
def _dump_database(alias: str, engine: str, target: Path) -> None:
    if engine == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return
    env, name = _pg_env(alias)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", name],
        env,
        "データベースのダンプに失敗しました。",
    )


def create_backup(destination: Path, *, alias: str = "default", include_media: bool = True) -> dict[str, Any]:
    """Write the archive to ``destination`` (through a temporary file renamed at the end) and return its manifest."""
    engine = engine_of(alias)
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tsunagu-backup-", dir=destination.parent) as work:
        database_file = Path(work) / DB_MEMBERS[engine]
        migrations = applied_migrations(alias)
        _dump_database(alias, engine, database_file)
        files: dict[str, dict[str, Any]] = {
            DB_MEMBERS[engine]: {"sha256": sha256_file(database_file), "size": database_file.stat().st_size}
        }
        media_root = local_media_root() if include_media else None
        media_files: list[tuple[str, Path]] = []
        if media_root is not None and media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    member = MEDIA_PREFIX + path.relative_to(media_root).as_posix()
                    media_files.append((member, path))
                    files[member] = {"sha256": sha256_file(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database": DB_MEMBERS[engine],
            "media": "local" if media_root is not None else "not included",
            "migrations": migrations,
            "files": files,
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(datetime.now(UTC).timestamp())
            archive.addfile(info, _BytesReader(payload))
            archive.add(database_file, arcname=DB_MEMBERS[engine], recursive=False)
            for member, path in media_files:
                archive.add(path, arcname=member, recursive=False)
        os.replace(partial, destination)
    return manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self._data, self._offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._offset + size
        chunk = self._data[self._offset : end]
        self._offset += len(chunk)
        return chunk


# -- restore ---------------------------------------------------------------------------------------------------------
def _corrupt(detail_ja: str, detail_en: str) -> BackupError:
    return BackupError(
        f"バックアップファイルが壊れているか、Tsunagu のバックアップではありません（{detail_ja}）。",
        f"The archive is corrupt or not a Tsunagu backup ({detail_en}).",
    )


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _extract(archive_path: Path, staging: Path) -> dict[str, Any]:
    """Extract every member into ``staging`` and check it against the manifest; return the manifest."""
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            manifest: dict[str, Any] | None = None
            seen: set[str] = set()
            for member in archive:
                if not _safe_member_name(member.name) or not member.isfile():
                    raise _corrupt(f"不正な項目 {member.name!r}", f"unexpected member {member.name!r}")
                if member.name in seen:
                    raise _corrupt(f"重複した項目 {member.name!r}", f"duplicate member {member.name!r}")
                seen.add(member.name)
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                with target.open("wb") as handle:
                    shutil.copyfileobj(source, handle, CHUNK)
                if member.name == MANIFEST:
                    manifest = json.loads(target.read_text(encoding="utf-8"))
    except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error) as error:
        raise _corrupt("読み込めません", f"cannot be read: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _corrupt("manifest.json がありません", "no Tsunagu manifest.json")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"このバックアップの形式（版 {manifest.get('version')}）には対応していません。",
            f"Unsupported backup format version {manifest.get('version')!r} (this code reads {VERSION}).",
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or manifest.get("database") not in files:
        raise _corrupt("ファイル一覧がありません", "the manifest lists no database")
    extra = seen - set(files) - {MANIFEST}
    missing = set(files) - seen
    if extra or missing:
        name = sorted(extra | missing)[0]
        raise _corrupt(f"一覧と中身が一致しません：{name}", f"members do not match the manifest: {name}")
    for name, expected in files.items():
        path = staging / name
        if path.stat().st_size != expected.get("size") or sha256_file(path) != expected.get("sha256"):
            raise _corrupt(f"{name} のチェックサムが一致しません", f"checksum mismatch for {name}")
    return manifest


def _check_compatible(manifest: dict[str, Any], engine: str, staging: Path) -> tuple[str, ...]:
    if manifest.get("engine") != engine:
        raise BackupError(
            f"このバックアップは {manifest.get('engine')} のもので、復元先のデータベースは {engine} です。",
            f"The archive holds a {manifest.get('engine')} database but the target database is {engine}.",
        )
    archived = set(manifest.get("migrations") or [])
    unknown = sorted(archived - known_migrations())
    if unknown:
        raise BackupError(
            f"このバックアップは新しい版の Tsunagu で作られています（未知のマイグレーション {unknown[0]}）。"
            "先にプログラムを更新してください。",
            f"The archive comes from a newer Tsunagu (unknown migration {unknown[0]}); upgrade the code first.",
        )
    database_file = staging / manifest["database"]
    if engine == "sqlite":
        try:
            probe = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
            try:
                result = probe.execute("PRAGMA integrity_check").fetchone()
            finally:
                probe.close()
        except sqlite3.DatabaseError as error:
            raise _corrupt("データベースが読めません", f"the database cannot be read: {error}") from error
        if not result or result[0] != "ok":
            raise _corrupt("データベースの整合性検査に失敗", f"integrity_check: {result}")
    else:
        _run(
            ["pg_restore", "--list", str(database_file)],
            dict(os.environ),
            "データベースのダンプが読めません。",
        )
    return tuple(sorted(known_migrations() - archived))


def _restore_database(alias: str, engine: str, database_file: Path) -> None:
    if engine == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError(
                "トランザクションの中では復元できません。", "Cannot restore inside an open transaction."
            )
        source = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)  # one write transaction on the target: all or nothing
        except sqlite3.Error as error:
            raise BackupError(
                "データベースの復元に失敗しました。",
                f"restoring the SQLite database failed: {error}",
            ) from error
        finally:
            source.close()
        connection.close()
        return
    env, name = _pg_env(alias)
    connections[alias].close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={name}",
            str(database_file),
        ],
        env,
        "データベースの復元に失敗しました。",
    )


def restore_backup(archive_path: Path, *, alias: str = "default") -> RestoreResult:
    """Check the whole archive, then replace the database and the media directory with its contents."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(
            f"バックアップファイル {archive_path} が見つかりません。", f"Archive {archive_path} not found."
        )
    engine = engine_of(alias)
    media_root = local_media_root()
    staging_parent = media_root.parent if media_root is not None else Path(settings.BASE_DIR)
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tsunagu-restore-", dir=staging_parent) as work:
        staging = Path(work)
        manifest = _extract(archive_path, staging)
        missing_migrations = _check_compatible(manifest, engine, staging)
        media_files = [name for name in manifest["files"] if name.startswith(MEDIA_PREFIX)]
        restores_media = manifest.get("media") == "local" and media_root is not None
        previous_media: Path | None = None
        new_media = staging / MEDIA_PREFIX.rstrip("/")
        swapped = False
        try:
            if restores_media:
                new_media.mkdir(exist_ok=True)
                if media_root.exists():
                    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
                    previous_media = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
                    media_root.rename(previous_media)
                new_media.rename(media_root)
                swapped = True
            _restore_database(alias, engine, staging / manifest["database"])
        except BaseException:
            if swapped:
                shutil.rmtree(media_root, ignore_errors=True)
            if previous_media is not None and previous_media.exists() and not media_root.exists():
                previous_media.rename(media_root)
            raise
    return RestoreResult(
        engine=engine,
        media_files=len(media_files) if restores_media else 0,
        previous_media=previous_media,
        missing_migrations=missing_migrations,
    )
