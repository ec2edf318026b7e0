"""An editor of 由布市 never sees the titles of 三条市's drafts: not in the bulk-action confirmations (pages and
snippets), not in the workflow-preview error. Inside 由布市 the same screens still name the user's own drafts."""

from __future__ import annotations

from django.urls import reverse

from wagtail.models import Task

import pytest

from directory.models import ConsultationWindow
from guides.models import BusinessPage

from .conftest import make_user
from .test_permissions_more import bulk_url

pytestmark = pytest.mark.usefixtures("roles")

SECRET_PAGE = "三条市の下書きページ（非公開の題名）"
SECRET_WINDOW = "三条市の下書き窓口（非公開の題名）"
OWN_PAGE = "由布市の下書きページ（自分の市）"


@pytest.fixture
def admin_user():
    return make_user("leak-admin", superuser=True)


@pytest.fixture
def sanjo_drafts(sanjo, admin_user):
    page = BusinessPage.objects.descendant_of(sanjo).first()
    page.title = SECRET_PAGE
    page.save_revision(user=admin_user)
    window = ConsultationWindow.objects.filter(city=sanjo).first()
    window.title = SECRET_WINDOW  # a window the importer wrote and nobody has published yet
    window.live = False
    window.save()
    window.save_revision(user=admin_user)
    return page, window


@pytest.fixture(params=["yufu-editors", "yufu-moderators"])
def outsider(request):
    return make_user(f"leak-{request.param}", request.param)


def _text(response) -> str:
    return response.content.decode() if response.status_code == 200 else ""


@pytest.mark.parametrize("action", ["delete", "publish", "unpublish", "move"])
def test_page_bulk_actions_do_not_name_another_citys_drafts(
    client, outsider, sanjo_drafts, yufu, admin_user, action
):
    page, _window = sanjo_drafts
    own = BusinessPage.objects.descendant_of(yufu).first()
    own.title = OWN_PAGE
    own.save_revision(user=admin_user)
    client.force_login(outsider)
    for ids in ([page.pk], [page.pk, own.pk], ["all"]):
        query = bulk_url("wagtailcore", "page", action, ids)
        if ids == ["all"]:
            query += f"&childOf={page.get_parent().pk}"
        response = client.get(query, follow=True)
        assert SECRET_PAGE not in response.content.decode(), (action, ids)
    both = client.get(bulk_url("wagtailcore", "page", action, [page.pk, own.pk]))
    assert both.status_code == 200
    assert OWN_PAGE in both.content.decode()


def test_snippet_bulk_delete_does_not_name_another_citys_drafts(client, outsider, sanjo_drafts):
    _page, window = sanjo_drafts
    client.force_login(outsider)
    response = client.get(bulk_url("directory", "consultationwindow", "delete", [window.pk]), follow=True)
    assert SECRET_WINDOW not in response.content.decode()
    assert "1 件は、編集する権限のない市町村のもの" in response.content.decode()
    assert ConsultationWindow.objects.filter(pk=window.pk).exists()


def test_the_superuser_still_sees_every_draft_in_the_bulk_confirmation(client, admin_user, sanjo_drafts):
    page, window = sanjo_drafts
    client.force_login(admin_user)
    assert SECRET_PAGE in client.get(bulk_url("wagtailcore", "page", "delete", [page.pk])).content.decode()
    assert (
        SECRET_WINDOW
        in client.get(bulk_url("directory", "consultationwindow", "delete", [window.pk])).content.decode()
    )


def test_workflow_preview_error_does_not_name_another_citys_draft(client, outsider, sanjo_drafts, sanjo):
    page, _window = sanjo_drafts
    client.force_login(outsider)
    for task in Task.objects.all():
        target = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk])
        response = client.get(target, follow=True)
        assert SECRET_PAGE not in response.content.decode(), task.name
        assert response.redirect_chain == [] or response.redirect_chain[-1][0].startswith("/admin")


def test_workflow_preview_error_still_names_the_users_own_page(client, yufu, admin_user):
    page = BusinessPage.objects.descendant_of(yufu).first()
    page.title = OWN_PAGE
    page.save_revision(user=admin_user)
    editor = make_user("leak-own-e", "yufu-editors")
    client.force_login(editor)
    task = Task.objects.first()
    response = client.get(
        reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk]), follow=True
    )
    assert OWN_PAGE in response.content.decode()
