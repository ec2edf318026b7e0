"""Settings shared by every environment. Environment-specific files import this and override."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from .env import env_int, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "guides",
    "directory",
    "search",
    "importers",
    "portal.apps.PortalConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    # /api/v1/docs serves Swagger UI from ninja's own static files instead of a CDN: it works in a closed network (LGWAN).
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "corsheaders",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Hashed, compressed static files with far-future caching, served by the app server itself.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS for the read-only open-data API and files (outside the page cache: it depends on the Origin header).
    "corsheaders.middleware.CorsMiddleware",
    # 429 + Retry-After on search, the API and the login forms (before the page cache: a budget is a budget).
    "portal.security.RateLimitMiddleware",
    # ETag / If-None-Match → 304 on every GET (cached or not).
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous GET pages and API responses from the shared cache (a hit skips everything below); purged when
    # anything public is published (portal/purge.py).
    "portal.cache.PublicPageCacheMiddleware",
    # NUL bytes and unpaired surrogates in the path or query: 400 before any view or database sees them.
    "portal.middleware.RejectHostileInputMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    # A database that is down or hung answers 503 with the baked contact page (portal/errors.py).
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Locks an account after AXES_FAILURE_LIMIT wrong passwords (must be last).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "guides.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL (or anything dj-database-url parses).
# Persistent connections are checked before reuse (a dropped connection is replaced, not turned into a 500).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A hung or unreachable server fails in seconds (libpq connect_timeout), and no statement runs longer than
    # DATABASE_STATEMENT_TIMEOUT_MS: a web worker is never parked on the database for good.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    _options.setdefault("options", f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 15000)}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files: whitenoise serves them with far-future caching once `collectstatic` has hashed their names
# (production's STORAGES); here in dev and tests the finders serve them directly.
WHITENOISE_MAX_AGE = 31536000
WHITENOISE_USE_FINDERS = (
    True  # production serves only what collectstatic wrote (portal/settings/production.py)
)
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

WAGTAIL_SITE_NAME = "つなぐ 重層的支援体制ポータル"
# No avatar service: Gravatar would call an external host from every admin page and leak staff e-mail hashes.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor the superuser dashboard's check for new Wagtail releases (another external call).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
# Wagtail's own search backend (admin listings). Resident search uses the search app's engines.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Downloads are served through a view that checks permissions and publication state.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx"]
# Uploads are checked by content (magic bytes, zip package, size): directory/uploads.py.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "directory.uploads.SafeDocumentForm"

# Background tasks (the admin's file imports, and Wagtail's search/reference index updates): queued in the
# database, run by `manage.py db_worker`, which `make run` starts next to runserver and production runs as its
# own service (docs/importers.md). Without a worker they wait in the queue.
# Wagtail's own tasks (search and reference index updates on save) run inline; editors' imports are queued for
# the worker (`manage.py db_worker --backend imports`, started by `make run`).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Resident search: the engine is chosen by dotted path, like Django's cache backends.
TSUNAGU_SEARCH = {
    "ENGINE": env_str("TSUNAGU_SEARCH_ENGINE", "search.engines.embedded.EmbeddedEngine"),
    "ELASTICSEARCH_URL": env_str("ELASTICSEARCH_URL"),
    "INDEX_PREFIX": env_str("TSUNAGU_INDEX_PREFIX", "tsunagu-dev"),
    "MAX_QUERY_LENGTH": 200,
}

# The shared cache: Redis when REDIS_URL is set (production and `make prod`), else memory in this process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("TSUNAGU_CACHE_PREFIX", "tsunagu"),
            # A hung Redis must not hang the page: the cache is an accelerator, the database the truth.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tsunagu"}}
# Anonymous pages: seconds a browser keeps a page, and seconds the shared cache and a CDN keep it
# (publishing purges the shared cache at once, and the CDN through Wagtail's frontend cache when configured).
TSUNAGU_PAGE_CACHE = {
    "ENABLED": True,
    "BROWSER_MAX_AGE": env_int("TSUNAGU_BROWSER_MAX_AGE", 60),
    "SHARED_MAX_AGE": env_int("TSUNAGU_SHARED_MAX_AGE", 600),
}
# 500/503 pages rendered at deploy time with every city's front door and the national lines
# (`manage.py bake_error_pages`); served from disk when the database is down.
TSUNAGU_ERROR_PAGES_DIR = Path(env_str("TSUNAGU_ERROR_PAGES_DIR", str(BASE_DIR / "var" / "error_pages")))

# --- Abuse limits (portal/security.py) ---
# Reverse proxies in front of the app that append to X-Forwarded-For (0: REMOTE_ADDR is the client).
TSUNAGU_TRUSTED_PROXIES = env_int("TSUNAGU_TRUSTED_PROXIES", 0)
# group: (path prefixes, methods, rate per client address). A resident searching by hand stays far below these.
TSUNAGU_RATE_LIMITS = {
    "login": (("/admin/login/", "/_util/login/"), ("POST",), env_str("TSUNAGU_RATE_LOGIN", "10/m")),
    "search": (("/search/", "/api/v1/search"), ("GET", "HEAD"), env_str("TSUNAGU_RATE_SEARCH", "60/m")),
    "api": (("/api/", "/opendata/"), ("GET", "HEAD"), env_str("TSUNAGU_RATE_API", "300/m")),
}
RATELIMIT_FAIL_OPEN = True  # without the cache, residents are served rather than refused
# Login lockout per account (django-axes): the 6th wrong password within the cool-off locks that username.
AXES_FAILURE_LIMIT = env_int("TSUNAGU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TSUNAGU_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"
AXES_VERBOSE = False
# axes.W006 asks for the IP in the lockout key; we lock the account itself on purpose (rotating addresses must not
# buy more guesses), and the per-address login budget is TSUNAGU_RATE_LIMITS["login"].
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Security headers ---
# Content-Security-Policy for the public site: nothing inline (JSON-LD blocks are data, not script).
# The Wagtail admin ships inline scripts and styles of its own; it keeps X-Frame-Options and same-origin rules.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The open-data API and files are read-only and public: any origin may read them (no credentials).
CORS_URLS_REGEX = r"^/(api/v1|opendata)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# The search-terms log keeps only normalised queries as daily counts (wagtail.contrib.search_promotions), and only
# for this many days: `manage.py searchpromotions_garbage_collect` (daily; `make prod` runs it) deletes older
# counts and every query left without counts or promotions.
WAGTAILSEARCH_HITS_MAX_AGE = env_int("TSUNAGU_SEARCH_LOG_DAYS", 90)
# An admin import keeps the uploaded file in its job row for the worker; `manage.py prune_import_files` (daily)
# empties it this many days after the job finished (the job's report stays).
TSUNAGU_IMPORT_FILE_DAYS = env_int("TSUNAGU_IMPORT_FILE_DAYS", 30)
# The admin's avatars would otherwise be fetched from an external service for every editor.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "tsunagu": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
