"""Fixtures for the つなぐシート, upload and per-city permission tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command

from wagtail.documents import get_document_model

import pytest

from directory.referral import ReferralForm, ReferralFormFile
from guides.models import CityPage, city_collection
from importers.demosite.sample_sheets import SampleSheet, sample_pdf


@pytest.fixture
def roles(seeded):
    call_command("setup_city_roles", verbosity=0)


def make_user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.jp", "pw", is_superuser=superuser
    )
    if superuser:
        user.is_staff = True
        user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_document(city, title, content=None, filename="sheet.pdf"):
    Document = get_document_model()
    document = Document(title=title, collection=city_collection(city))
    document.file.save(filename, ContentFile(content or sample_pdf(SampleSheet(city_name=title))), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def make_form(city, slug="tsunagu-sheet", publish=True):
    document = make_document(city, f"{city.title} つなぐシート")
    form = ReferralForm(
        city=city, title="つなぐシート", slug=slug, version_label="第1版", submit_to=f"{city.title} 福祉課"
    )
    form.files = [ReferralFormFile(document=document)]
    form.save()
    revision = form.save_revision()
    if publish:
        revision.publish()
    return form


@pytest.fixture
def yufu(seeded):
    return CityPage.objects.get(slug="yufu")


@pytest.fixture
def sanjo(seeded):
    return CityPage.objects.get(slug="sanjo")
