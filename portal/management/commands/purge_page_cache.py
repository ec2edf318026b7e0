"""Drop every cached anonymous page and API response (the next request of each renders afresh).

Publishing does this by itself (portal/purge.py); run it after a deploy that changes templates, or after editing
the database by hand.
"""

from django.core.management.base import BaseCommand

from portal.cache import bump_generation


class Command(BaseCommand):
    help = "Purge the anonymous page cache (all pages and API responses)."

    def handle(self, *args, **options):
        bump_generation()
        self.stdout.write("page cache purged")
