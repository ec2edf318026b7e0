"""setup_city_roles is idempotent; add_city onboards a city, rejects bad or duplicate codes and slugs, and accepts
a second city of the same name (府中市 in 東京都 and 広島県)."""

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

import pytest

from directory.referral import is_city_collection
from guides.management.commands.setup_city_roles import setup_city
from guides.models import BusinessPage, CityPage, ProgramPage, city_collection

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
    assert city.collection == Collection.objects.get(name="別府市")
    assert city.get_collection() == city_collection(city) == city.collection
    assert Group.objects.filter(name__in=["beppu-editors", "beppu-moderators"]).count() == 2
    with pytest.raises(CommandError, match="already"):
        call_command("add_city", "beppu2", "別府市2", "--prefecture", "大分県", "--code", "442020")
    with pytest.raises(CommandError, match="Invalid code"):
        call_command("add_city", "x-city", "某市", "--prefecture", "大分県", "--code", "442021")


def test_add_city_area_code_from_the_main_phone_or_given():
    call_command(
        "add_city",
        "beppu",
        "別府市",
        "--prefecture",
        "大分県",
        "--code",
        "442020",
        "--main-phone",
        "０９７７-２１-１１１１",
    )
    city = CityPage.objects.get(slug="beppu")
    assert (city.main_phone, city.area_code) == ("0977-21-1111", "0977")
    call_command(
        "add_city",
        "usuki",
        "臼杵市",
        "--prefecture",
        "大分県",
        "--code",
        "442062",
        "--area-code",
        "0972",
        verbosity=0,
    )
    assert CityPage.objects.get(slug="usuki").area_code == "0972"
    with pytest.raises(CommandError, match="area-code"):
        call_command(
            "add_city",
            "tsukumi",
            "津久見市",
            "--prefecture",
            "大分県",
            "--code",
            "442089",
            "--area-code",
            "972",
        )
    with pytest.raises(CommandError, match="main-phone"):
        call_command(
            "add_city",
            "tsukumi",
            "津久見市",
            "--prefecture",
            "大分県",
            "--code",
            "442089",
            "--main-phone",
            "12",
        )


def test_seeded_cities_have_their_own_collection():
    cities = list(CityPage.objects.all())
    assert cities and all(city.collection_id for city in cities)
    assert len({city.collection_id for city in cities}) == len(cities)
    assert all(is_city_collection(city.collection) for city in cities)
    assert not is_city_collection(Collection.get_first_root_node())


def test_cities_of_the_same_name_keep_their_own_collection_groups_and_workflow():
    call_command(
        "add_city", "fuchu-tokyo", "府中市", "--prefecture", "東京都", "--code", "132063", verbosity=0
    )
    call_command(
        "add_city", "fuchu-hiroshima", "府中市", "--prefecture", "広島県", "--code", "342084", verbosity=0
    )
    tokyo = CityPage.objects.get(slug="fuchu-tokyo")
    hiroshima = CityPage.objects.get(slug="fuchu-hiroshima")
    assert tokyo.collection_id and hiroshima.collection_id and tokyo.collection_id != hiroshima.collection_id
    assert (tokyo.collection.name, hiroshima.collection.name) == ("府中市", "府中市（広島県）")
    assert GroupCollectionPermission.objects.filter(
        group__name="fuchu-hiroshima-editors", collection=hiroshima.collection
    ).exists()
    assert not GroupCollectionPermission.objects.filter(
        group__name="fuchu-hiroshima-editors", collection=tokyo.collection
    ).exists()
    workflows = {
        slug: WorkflowPage.objects.get(page__slug=slug).workflow
        for slug in ("fuchu-tokyo", "fuchu-hiroshima")
    }
    assert workflows["fuchu-tokyo"] != workflows["fuchu-hiroshima"]
    assert workflows["fuchu-hiroshima"].name == "府中市 承認フロー（fuchu-hiroshima）"
    task = GroupApprovalTask.objects.get(name="府中市 所管課長承認（fuchu-hiroshima）")
    assert list(task.groups.values_list("name", flat=True)) == ["fuchu-hiroshima-moderators"]
    with pytest.raises(CommandError, match="already"):
        call_command("add_city", "fuchu-tokyo", "府中市", "--prefecture", "東京都", "--code", "342084")


def test_a_renamed_city_keeps_its_collection_task_and_workflow():
    call_command("setup_city_roles", verbosity=0)
    city = CityPage.objects.get(slug="yufu")
    workflow = WorkflowPage.objects.get(page=city).workflow
    collection = city.collection
    before = state()
    city.title = "ゆふ市"
    city.save_revision().publish()
    city = CityPage.objects.get(slug="yufu")
    setup_city(city)
    assert state() == before
    assert city.collection == collection
    assert WorkflowPage.objects.get(page=city).workflow == workflow
    workflow.refresh_from_db()
    assert workflow.name == "ゆふ市 承認フロー（yufu）"


def test_publishing_an_old_revision_keeps_the_collection():
    city = CityPage.objects.get(slug="yufu")
    collection = city.collection
    old = city.revisions.order_by("created_at", "pk").first()
    old.content.pop("collection", None)  # a revision saved before the field existed
    old.save(update_fields=["content"])
    old.publish()
    assert CityPage.objects.get(slug="yufu").collection == collection


def test_legacy_title_named_workflow_is_adopted_once():
    city = CityPage.objects.get(slug="yufu")
    setup_city(city)
    workflow = WorkflowPage.objects.get(page=city).workflow
    task = GroupApprovalTask.objects.get(name="由布市 所管課長承認（yufu）")
    Workflow.objects.filter(pk=workflow.pk).update(name="由布市 承認フロー")
    GroupApprovalTask.objects.filter(pk=task.pk).update(name="由布市 所管課長承認")
    before = state()
    setup_city(city)
    assert state() == before
    workflow.refresh_from_db()
    task.refresh_from_db()
    assert (workflow.name, task.name) == ("由布市 承認フロー（yufu）", "由布市 所管課長承認（yufu）")
