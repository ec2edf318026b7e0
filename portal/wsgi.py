import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_wsgi_application()


def _warm_up() -> None:
    """One-time work done here, in the server's master before it forks (gunicorn preload_app), instead of in every
    worker's first search: the holiday calendars (~1 s of imports) and Sudachi's dictionary (memory-mapped, then
    shared). Nothing here touches the database: a connection must never be inherited by forked workers."""
    from django.utils import timezone

    from directory.hours import is_japanese_holiday
    from search.analyzer import readings

    is_japanese_holiday(timezone.localdate())
    readings("相談")


_warm_up()
