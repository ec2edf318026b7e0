"""`manage.py backup` / `restore`: a restore gives the same pages, windows, revisions, documents and search results,
and a corrupt or mismatched archive is refused before anything is written.

The seeded test database is backed up, then restored into a *fresh* database (a new SQLite file, or a new
PostgreSQL database when the suite runs on PostgreSQL) and an empty MEDIA_ROOT; the site is then read through that
database and compared with the original. An empty target proves the restore did the work.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.utils import load_backend
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

import pytest

from directory.models import ConsultationWindow
from guides.templatetags.city_scope import clear_cache
from search.engines import get_engine
from search.places import invalidate_cities

SEARCHES = ("借金", "ひきこもり", "子育て 相談", "介護")
API_URLS = ("/api/v1/cities", "/api/v1/windows?city=yufu")


def _file_sha(document) -> str:
    with document.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def site_fingerprint() -> dict:
    """What residents and editors see, read through the current `default` connection and MEDIA_ROOT."""
    get_engine().invalidate()
    invalidate_cities()
    clear_cache()
    client = Client()
    pages = {}
    for page in Page.objects.live().specific().order_by("path"):
        url = page.url
        if url:
            response = client.get(url)
            pages[url] = (response.status_code, hashlib.sha256(response.content).hexdigest())
    searches = {}
    for query in SEARCHES:
        response = client.get("/search/", {"q": query})
        searches[query] = (response.status_code, response.content.decode())
        api = client.get("/api/v1/search", {"q": query})
        searches[f"api:{query}"] = (api.status_code, api.json())
    return {
        "pages": pages,
        "page_rows": list(
            Page.objects.order_by("path").values("id", "path", "title", "live", "latest_revision_id")
        ),
        "windows": list(ConsultationWindow.objects.order_by("pk").values()),
        "revisions": [
            (
                r.pk,
                r.content_type_id,
                r.object_id,
                json.dumps(r.content, sort_keys=True, default=str),
                r.created_at,
            )
            for r in Revision.objects.order_by("pk")
        ],
        "documents": [
            (d.pk, d.title, d.file.name, _file_sha(d)) for d in get_document_model().objects.order_by("pk")
        ],
        "searches": searches,
        "api": {url: client.get(url).json() for url in API_URLS},
    }


@contextmanager
def fresh_database(tmp_path: Path):
    """A new, empty database alias `restored` of the same engine as `default`."""
    base = connections["default"].settings_dict
    vendor = connections["default"].vendor
    config = dict(base)
    if vendor == "sqlite":
        config["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        import psycopg

        config["NAME"] = f"tsunagu_restore_{uuid.uuid4().hex[:10]}"
        admin = psycopg.connect(
            dbname="postgres",
            host=base.get("HOST") or None,
            port=base.get("PORT") or None,
            user=base.get("USER") or None,
            password=base.get("PASSWORD") or None,
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    # Built outside connections.settings: Django's test case allows such dynamically created connections.
    connections["restored"] = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias="restored")
    try:
        yield "restored"
    finally:
        connections["restored"].close()
        del connections["restored"]
        if vendor != "sqlite":
            admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
            admin.close()


@contextmanager
def reading_from(alias: str):
    """Serve requests and ORM queries of `default` from another alias."""
    original = connections["default"]
    connections["default"] = connections[alias]
    try:
        yield
    finally:
        connections["default"] = original
        get_engine().invalidate()
        invalidate_cities()
        clear_cache()


@pytest.fixture
def archive(seeded, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "site.tar.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def test_restore_gives_the_same_site(seeded, archive, tmp_path, settings):
    before = site_fingerprint()
    assert before["documents"], "the seeded site has documents (the つなぐシート samples)"
    assert len(before["pages"]) > 10 and before["windows"] and before["revisions"]

    settings.MEDIA_ROOT = str(tmp_path / "media")  # empty: every document file must come from the archive
    with fresh_database(tmp_path) as alias:
        out = io.StringIO()
        call_command("restore", str(archive), database=alias, interactive=False, stdout=out)
        assert "restored" in out.getvalue()
        with reading_from(alias):
            after = site_fingerprint()

    for part in before:
        assert after[part] == before[part], part


def _rewrite(archive: Path, target: Path, change) -> Path:
    """Copy the archive with `change(name, data) -> data | None` applied to each member (None drops it)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is not None:
                info = tarfile.TarInfo(member.name)
                info.size = len(data)
                copy.addfile(info, io.BytesIO(data))
    return target


def _tamper_database(name, data):
    if name.startswith("database."):
        return data[:4096] + bytes([data[4096] ^ 0xFF]) + data[4097:]
    return data


def _other_engine(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
        return json.dumps(manifest).encode()
    return data


def _newer_code(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["migrations"].append("guides.9999_from_the_future")
        return json.dumps(manifest).encode()
    return data


def _drop_a_media_file(name, data):
    return None if name.startswith("media/") and name.endswith(".pdf") else data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_tamper_database, "チェックサムが一致しません"),
        (_other_engine, "復元先のデータベースは"),
        (_newer_code, "新しい版の Tsunagu"),
        (_drop_a_media_file, "一覧と中身が一致しません"),
        ("truncate", "壊れているか"),
        ("not-an-archive", "壊れているか"),
    ],
)
def test_a_bad_archive_is_refused_and_nothing_is_written(
    seeded, archive, tmp_path, settings, change, message
):
    bad = tmp_path / "bad.tar.gz"
    if change == "truncate":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif change == "not-an-archive":
        bad.write_bytes(b"%PDF-1.7 this is not a backup")
    else:
        _rewrite(archive, bad, change)
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "kept.txt").write_text("unchanged")
    settings.MEDIA_ROOT = str(media)
    with fresh_database(tmp_path) as alias:
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(bad), database=alias, interactive=False)
        assert message in str(refused.value)
        assert "何も変更していません" in str(refused.value) and "Nothing was changed" in str(refused.value)
        with connections[alias].cursor() as cursor:
            tables = connections[alias].introspection.table_names(cursor)
        assert tables == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("media")) == ["media"]
    assert (media / "documents" / "kept.txt").read_text() == "unchanged"
    assert [p.name for p in (media / "documents").iterdir()] == ["kept.txt"]
