"""Production: PostgreSQL, Redis, gunicorn behind a reverse proxy or CDN (docs/deploy.md). Refuses to start
half-configured: every missing or weak required variable is an ImproperlyConfigured naming it."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
# The same bar as Django's security.W009, enforced instead of warned about: a short, repetitive or generated-dev
# key would let anyone forge sessions and password-reset links.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith(("django-insecure", "dev-only")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak: use at least 50 random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", required=True)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
if env_str("DATABASE_URL") is None:
    raise ImproperlyConfigured("DATABASE_URL is required in production (PostgreSQL).")
# Several processes share one page cache and its purge: a per-process memory cache would serve stale pages.
if REDIS_URL is None:  # noqa: F405
    raise ImproperlyConfigured("REDIS_URL is required in production (the shared page cache and rate limits).")

# Connection pooling (psycopg_pool inside each process; Django ≥ 5.1). Each gunicorn worker thread borrows a
# connection per request; DATABASE_POOL_MAX_SIZE=0 falls back to persistent connections (e.g. behind pgbouncer in
# transaction mode — then also unset the statement timeout option, see docs/deploy.md).
_pool_max = env_int("DATABASE_POOL_MAX_SIZE", 4)
if _pool_max > 0 and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405  (the pool keeps the connections)
    DATABASES["default"]["OPTIONS"]["pool"] = {  # noqa: F405
        "min_size": 1,
        "max_size": _pool_max,
        # Waiting longer than this for a free connection is an error (503), not a queue that grows.
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 5),
        "max_idle": 300,
    }  # CONN_HEALTH_CHECKS (base.py) makes Django pass ConnectionPool.check_connection: dead connections are replaced

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (portal.<hash>.css) and pre-compressed copies; whitenoise serves them with a one-year max-age.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WHITENOISE_USE_FINDERS = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True

# Workflow notifications to moderators and editors (docs/deploy.md, "Email").
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", required=True)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Uploads in the admin are queued in the database; run `manage.py db_worker` as a service next to the web
# process or on another machine, with the same DATABASE_URL: jobs and their files live in the database
# (docs/importers.md, "Background work").

if TSUNAGU_SEARCH["ENGINE"].endswith("ElasticsearchEngine") and not TSUNAGU_SEARCH["ELASTICSEARCH_URL"]:  # noqa: F405
    raise ImproperlyConfigured(
        "TSUNAGU_SEARCH_ENGINE selects Elasticsearch but ELASTICSEARCH_URL is not set."
    )
