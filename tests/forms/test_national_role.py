"""The national-editor role (zenkoku-editors / zenkoku-moderators): national lines (windows without a city) are
edited by them through the same workflow; city editors can neither open nor create them, and national editors
cannot touch a city's windows."""

from django.urls import reverse

import pytest

from directory.models import ConsultationWindow
from guides.permissions import NATIONAL_SCOPE, scope_queryset, user_has_national_role
from guides.workflows import CityApprovalTask

from .conftest import make_user

pytestmark = pytest.mark.usefixtures("roles")


def edit_url(obj):
    return reverse(obj.snippet_viewset.get_url_name("edit"), args=[obj.pk])


@pytest.fixture
def national_line():
    return ConsultationWindow.objects.filter(city__isnull=True, source_key="national/yorisoi").get()


@pytest.fixture
def yufu_window():
    return ConsultationWindow.objects.filter(city__slug="yufu").first()


def test_setup_creates_the_national_groups():
    from django.contrib.auth.models import Group

    assert (
        Group.objects.filter(name__in=[f"{NATIONAL_SCOPE}-editors", f"{NATIONAL_SCOPE}-moderators"]).count()
        == 2
    )


def test_national_editor_edits_national_lines_only(client, national_line, yufu_window):
    user = make_user("zenkoku_ed", f"{NATIONAL_SCOPE}-editors")
    assert user_has_national_role(user)
    client.force_login(user)
    assert client.get(edit_url(national_line)).status_code == 200
    assert client.get(edit_url(yufu_window)).status_code in (302, 403)
    visible = scope_queryset(ConsultationWindow.objects.all(), user)
    assert national_line in visible and yufu_window not in visible


def test_city_editor_cannot_open_a_national_line(client, national_line, yufu_window):
    user = make_user("yufu_ed", "yufu-editors")
    client.force_login(user)
    assert client.get(edit_url(national_line)).status_code in (302, 403)
    assert client.get(edit_url(yufu_window)).status_code == 200
    assert national_line not in scope_queryset(ConsultationWindow.objects.all(), user)


def test_city_editor_must_choose_a_city_when_creating(client):
    client.force_login(make_user("yufu_ed2", "yufu-editors"))
    response = client.get(reverse(ConsultationWindow.snippet_viewset.get_url_name("add")))
    assert response.context["form"].fields["city"].required is True


def test_only_national_moderators_approve_national_lines(national_line):
    task = CityApprovalTask(name="t")
    national_mod = make_user("zenkoku_mod", f"{NATIONAL_SCOPE}-moderators")
    yufu_mod = make_user("yufu_mod", "yufu-moderators")
    national_editor = make_user("zenkoku_ed3", f"{NATIONAL_SCOPE}-editors")
    assert task._moderates(national_line, national_mod)
    assert not task._moderates(national_line, yufu_mod)
    assert not task._moderates(national_line, national_editor)
