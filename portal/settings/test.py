from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TSUNAGU_SEARCH = {**TSUNAGU_SEARCH, "INDEX_PREFIX": "tsunagu-test"}  # noqa: F405
# Tasks run inside the request, so the suite needs no worker; tests/importers/test_background_import.py
# switches to the database backend and runs `db_worker --batch` itself.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# Each test sees the database as it left it: the page cache and the rate limits stay off unless a test turns them on
# (tests/portal/conftest.py runs them against the real Redis).
TSUNAGU_PAGE_CACHE = {**TSUNAGU_PAGE_CACHE, "ENABLED": False}  # noqa: F405
RATELIMIT_ENABLE = False
