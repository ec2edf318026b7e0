"""Production settings refuse to start half-configured; every configured backend path imports."""

import subprocess
import sys

from django.conf import settings
from django.utils.module_loading import import_string

import pytest

BASE_ENV = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "portal.example.jp",
    "PATH": "/usr/bin:/bin",
}


def load_production(env: dict) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings.production'; django.setup()"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS"),
        ("DATABASE_URL", "DATABASE_URL"),
    ],
)
def test_production_settings_require_their_variables(missing, message):
    env = {**BASE_ENV, "DATABASE_URL": "postgres://u@127.0.0.1/db"}
    env.pop(missing, None)
    result = load_production(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_elasticsearch_engine_needs_its_url():
    env = {
        **BASE_ENV,
        "DATABASE_URL": "postgres://u@127.0.0.1/db",
        "TSUNAGU_SEARCH_ENGINE": "search.engines.elasticsearch.ElasticsearchEngine",
    }
    result = load_production(env)
    assert result.returncode != 0 and "ELASTICSEARCH_URL" in result.stderr


def test_complete_production_settings_load():
    result = load_production({**BASE_ENV, "DATABASE_URL": "postgres://u@127.0.0.1/db"})
    assert result.returncode == 0, result.stderr


def test_every_configured_backend_path_imports():
    import_string(settings.TSUNAGU_SEARCH["ENGINE"])
    import_string("search.engines.elasticsearch.ElasticsearchEngine")
    for backend in settings.WAGTAILSEARCH_BACKENDS.values():
        __import__(backend["BACKEND"])
    for backend in settings.TASKS.values():
        import_string(backend["BACKEND"])
