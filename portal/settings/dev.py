from .base import *  # noqa: F403
from .env import env_list, env_str

DEBUG = True
# A fixed key is acceptable only here: dev settings never serve the public.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Uploads in the admin are queued and imported by `manage.py db_worker`, which `make run` starts alongside.
