"""Shared fixtures. The five seeds are imported once per test session, through the real importers."""

from django.core.management import call_command

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_seeds", verbosity=0)
        call_command("rebuild_search_index", verbosity=0)


@pytest.fixture
def seeded(db):
    """Marks a test that reads the seeded demo site (loaded once in django_db_setup)."""
    return db


@pytest.fixture(autouse=True)
def _fresh_city_lists():
    """City lists are cached per process and refreshed on publication; a rolled-back test publishes nothing, so
    every test starts from the database as it is."""
    from guides.templatetags.city_scope import clear_cache
    from search.places import invalidate_cities

    invalidate_cities()
    clear_cache()
