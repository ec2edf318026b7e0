"""setup_city_roles is idempotent; add_city onboards a city and rejects bad or duplicate codes."""

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

import pytest

from guides.models import BusinessPage, CityPage, ProgramPage

pytestmark = pytest.mark.usefixtures("seeded")


def state():
    return [
        model.objects.count()
        for model in (
            Group,
            GroupPagePermission,
            GroupCollectionPermission,
            Workflow,
            WorkflowTask,
            WorkflowPage,
            WorkflowContentType,
        )
    ]


def test_setup_city_roles_is_idempotent():
    call_command("setup_city_roles", verbosity=0)
    first = state()
    call_command("setup_city_roles", verbosity=0)
    assert state() == first
    assert Group.objects.filter(name="yufu-moderators").exists()
    assert WorkflowContentType.objects.count() == 3
    assert WorkflowPage.objects.filter(page__slug="yufu").exists()


def test_add_city():
    call_command("add_city", "beppu", "別府市", "--prefecture", "大分県", "--code", "442020", verbosity=0)
    city = CityPage.objects.get(slug="beppu")
    program = ProgramPage.objects.child_of(city).get()
    assert sorted(BusinessPage.objects.child_of(program).values_list("kind", flat=True)) == [1, 2, 3, 4, 5]
    assert not city.live
    assert Collection.objects.filter(name="別府市").exists()
    assert Group.objects.filter(name__in=["beppu-editors", "beppu-moderators"]).count() == 2
    with pytest.raises(CommandError, match="already"):
        call_command("add_city", "beppu2", "別府市2", "--prefecture", "大分県", "--code", "442020")
    with pytest.raises(CommandError, match="Invalid code"):
        call_command("add_city", "x-city", "某市", "--prefecture", "大分県", "--code", "442021")
