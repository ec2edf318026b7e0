from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", required=True)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
if env_str("DATABASE_URL") is None:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DATABASE_URL is required in production (PostgreSQL).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_CONTENT_TYPE_NOSNIFF = True

# Uploads in the admin are queued in the database; run `manage.py db_worker` as a service next to the web
# process, with the same DATABASE_URL and IMPORTS_ROOT (docs/importers.md, "Background work").

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

if TSUNAGU_SEARCH["ENGINE"].endswith("ElasticsearchEngine") and not TSUNAGU_SEARCH["ELASTICSEARCH_URL"]:  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "TSUNAGU_SEARCH_ENGINE selects Elasticsearch but ELASTICSEARCH_URL is not set."
    )
