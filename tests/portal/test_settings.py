"""Production settings refuse to start half-configured; every configured backend path imports."""

import subprocess
import sys

from django.conf import settings
from django.utils.module_loading import import_string

import pytest

BASE_ENV = {
    "DJANGO_SECRET_KEY": "k3Jx9-Qw2Lm8Zp4Rt7Vb1Nc6Hd5Fs0Gy_Ue2Io3Pa4Sd5Fg6Hj7Kl8Zx9Cv0Bn1Mq2W",
    "DJANGO_ALLOWED_HOSTS": "portal.example.jp",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "DEFAULT_FROM_EMAIL": "noreply@portal.example.jp",
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
        ("REDIS_URL", "REDIS_URL"),
        ("DEFAULT_FROM_EMAIL", "DEFAULT_FROM_EMAIL"),
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


@pytest.mark.parametrize(
    "weak",
    [
        "x" * 50,
        "short-key",
        "django-insecure-" + "abcdefghij" * 5,
        "dev-only-insecure-key-do-not-use-in-production",
    ],
)
def test_weak_secret_key_is_refused(weak):
    env = {**BASE_ENV, "DATABASE_URL": "postgres://u@127.0.0.1/db", "DJANGO_SECRET_KEY": weak}
    result = load_production(env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_check_deploy_has_no_warnings():
    env = {
        **BASE_ENV,
        "DATABASE_URL": "postgres://u@127.0.0.1/db",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_pools_connections_with_timeouts():
    code = (
        "import os, json; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings.production';"
        "from django.conf import settings; db = settings.DATABASES['default'];"
        "print(json.dumps({'pool': sorted(db['OPTIONS']['pool']), 'max': db['OPTIONS']['pool']['max_size'],"
        " 'connect_timeout': db['OPTIONS']['connect_timeout'], 'options': db['OPTIONS']['options'],"
        " 'health': db['CONN_HEALTH_CHECKS'], 'static': settings.STORAGES['staticfiles']['BACKEND']}))"
    )
    env = {**BASE_ENV, "DATABASE_URL": "postgres://u@127.0.0.1/db"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.returncode == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    assert "timeout" in data["pool"] and data["max"] >= 1
    assert data["connect_timeout"] <= 10
    assert "statement_timeout=" in data["options"]
    assert data["health"] is True
    assert data["static"].startswith("whitenoise.")
