"""Per-city permission matrix: an editor and a moderator of 由布市 against 三条市's pages, windows, organisations,
forms and documents. Every action is denied and nothing changes; inside 由布市 the role's actions succeed."""

from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision, TaskState, WorkflowState

import pytest

from directory.models import ConsultationWindow, Organisation
from directory.referral import ReferralForm
from guides.models import BusinessPage

from .conftest import make_document, make_form, make_user

pytestmark = pytest.mark.usefixtures("roles")

SNIPPET_GET = ["edit", "delete", "copy", "history", "usage", "workflow_history"]
SNIPPET_POST = ["edit", "delete", "lock", "unlock", "unpublish"]
PAGE_GET = ["edit", "delete", "copy", "move", "history", "unpublish"]
PAGE_POST = ["edit", "delete", "copy", "unpublish", "lock", "unlock"]


def snapshot():
    Document = get_document_model()
    state = {
        "pages": Page.objects.count(),
        "live_pages": Page.objects.filter(live=True).count(),
        "locked_pages": Page.objects.filter(locked=True).count(),
        "revisions": Revision.objects.count(),
        "documents": Document.objects.count(),
        "workflow_states": WorkflowState.objects.count(),
        "task_states": list(TaskState.objects.values_list("pk", "status")),
        "page_log": PageLogEntry.objects.count(),
        "model_log": ModelLogEntry.objects.count(),
    }
    for model in (ConsultationWindow, Organisation, ReferralForm):
        state[model.__name__] = list(
            model.objects.order_by("pk").values_list("pk", "live", "locked", "latest_revision_id", "city_id")
        )
    return state


def url(obj, name):
    return reverse(obj.snippet_viewset.get_url_name(name), args=[obj.pk])


def page_url(page, name):
    return reverse(f"wagtailadmin_pages:{name}", args=[page.pk])


def denied(response):
    """403, 404, or Wagtail's redirect to the dashboard with a permission message; never a success."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"].rstrip("/") in (
        "/admin",
        "/admin/login?next=",
    )


@pytest.fixture
def targets(sanjo):
    form = make_form(sanjo)
    document = make_document(sanjo, "三条市の文書")
    return {
        "window": ConsultationWindow.objects.filter(city=sanjo).first(),
        "organisation": Organisation.objects.filter(city=sanjo).first(),
        "form": form,
        "document": document,
        "page": BusinessPage.objects.descendant_of(sanjo).first(),
        "city_page": sanjo,
    }


@pytest.fixture(params=["yufu-editors", "yufu-moderators"])
def outsider(request):
    return make_user(f"u-{request.param}", request.param)


def test_other_citys_objects_are_denied_and_nothing_changes(client, outsider, targets):
    client.force_login(outsider)
    before = snapshot()
    failures = []
    for key in ("window", "organisation", "form"):
        obj = targets[key]
        for name in SNIPPET_GET:
            response = client.get(url(obj, name))
            if not denied(response):
                failures.append(("GET", key, name, response.status_code))
        for name in SNIPPET_POST:
            response = client.post(url(obj, name), {"title": "<script>x</script>", "action-publish": "1"})
            if not denied(response):
                failures.append(("POST", key, name, response.status_code))
        listing = client.get(reverse(obj.snippet_viewset.get_url_name("list")))
        assert listing.status_code == 200
        assert url(obj, "edit") not in listing.content.decode(), key
    for key in ("page", "city_page"):
        page = targets[key]
        for name in PAGE_GET:
            response = client.get(page_url(page, name))
            if not denied(response):
                failures.append(("GET", key, name, response.status_code))
        for name in PAGE_POST:
            response = client.post(page_url(page, name), {"title": "x", "action-publish": "1"})
            if not denied(response):
                failures.append(("POST", key, name, response.status_code))
    document = targets["document"]
    for name in ("edit", "delete"):
        for method in (client.get, client.post):
            response = method(reverse(f"wagtaildocs:{name}", args=[document.pk]))
            if not denied(response):
                failures.append((method.__name__, "document", name, response.status_code))
    # An unpublished document of another city is not served either.
    assert client.get(document.url).status_code == 404
    chooser = client.get(reverse("wagtaildocs_chooser:choose"))
    assert "三条市の文書" not in chooser.content.decode()
    assert failures == []
    assert snapshot() == before


def test_moderator_cannot_approve_another_citys_item(client, targets, sanjo):
    superuser = make_user("admin", superuser=True)
    window = targets["window"]
    window.title = "審査中の窓口"
    window.save_revision(user=superuser)
    window.get_workflow().start(window, superuser)
    window.refresh_from_db()
    task_state = window.current_workflow_task_state
    yufu_moderator = make_user("yufu-m", "yufu-moderators")
    client.force_login(yufu_moderator)
    before = snapshot()
    action = reverse(
        window.snippet_viewset.get_url_name("workflow_action"), args=[window.pk, "approve", task_state.pk]
    )
    assert denied(client.get(action))
    assert denied(client.post(action, {"comment": ""}))
    assert task_state.task.specific.get_actions(window, yufu_moderator) == []
    assert snapshot() == before

    sanjo_moderator = make_user("sanjo-m", "sanjo-moderators")
    assert task_state.task.specific.get_actions(window, sanjo_moderator)
    client.force_login(sanjo_moderator)
    response = client.post(action, {"comment": ""})
    assert response.status_code in (200, 302)
    window.refresh_from_db()
    assert window.title == "審査中の窓口" and window.live


def test_inside_own_city_the_role_allows(client, yufu):
    editor = make_user("yufu-e", "yufu-editors")
    moderator = make_user("yufu-mo", "yufu-moderators")
    window = ConsultationWindow.objects.filter(city=yufu).first()
    form = ReferralForm.objects.get(city=yufu)
    client.force_login(editor)
    for obj in (window, form):
        listing = client.get(reverse(obj.snippet_viewset.get_url_name("list")))
        assert url(obj, "edit") in listing.content.decode()
        for name in ("edit", "history", "usage"):
            assert client.get(url(obj, name)).status_code == 200, name
    assert client.post(url(window, "lock")).status_code == 302
    window.refresh_from_db()
    assert window.locked and window.locked_by == editor
    # Editors cannot publish or unlock; moderators can.
    assert denied(client.post(url(window, "unpublish")))
    client.force_login(moderator)
    assert client.post(url(window, "unlock")).status_code == 302
    window.refresh_from_db()
    assert not window.locked
    page = BusinessPage.objects.descendant_of(yufu).first()
    assert client.get(page_url(page, "edit")).status_code == 200
    document = form.file_for("pdf").document
    assert client.get(reverse("wagtaildocs:edit", args=[document.pk])).status_code == 200
