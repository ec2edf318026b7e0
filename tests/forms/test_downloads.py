"""Public つなぐシート: stable URLs serve only approved versions; drafts and versions in review never leak."""

from urllib.parse import quote

from django.core.files.base import ContentFile

from wagtail.models import Workflow

import pytest

from directory.referral import ReferralForm, ReferralFormFile, document_is_public
from importers.demosite.sample_sheets import SampleSheet, sample_pdf

from .conftest import make_document, make_user

pytestmark = pytest.mark.usefixtures("seeded")

STABLE = "/yufu/tsunagu-sheet/tsunagu-sheet/pdf/"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_forms_page_lists_the_sample_with_format_and_size(client):
    html = client.get("/yufu/tsunagu-sheet/").content.decode()
    assert "見本" in html
    assert "（PDF形式、" in html and "KB）" in html
    assert "（XLSX形式、" in html
    assert 'href="/yufu/tsunagu-sheet/tsunagu-sheet/pdf/"' in html
    assert "由布市 福祉課（本庁舎新館1階）" in html


def test_routing_helper_shows_the_four_seed_rules_without_javascript(client):
    html = client.get("/yufu/tsunagu-sheet/").content.decode()
    rows = {
        row.split("</th>")[0]: row.split("</th>", 1)[1]
        for row in html.split('<th scope="row" role="rowheader">')[1:]
        if "</th><td" in row
    }
    for sender, departments in [
        ("介護関連事業所", ["高齢者支援課"]),
        ("小中学校", ["学校教育課"]),
        ("子育て関連事業所", ["子育て支援課"]),
        ("医療機関", ["保険課", "健康増進課"]),
    ]:
        for department in departments:
            assert f"<strong>{department}</strong>" in rows[sender].split("</tr>")[0]
    assert '<form method="get"' in html and '<label for="routing-sender">' in html
    result = client.get("/yufu/tsunagu-sheet/", {"sender": "医療機関"}).content.decode()
    assert "<strong>保険課</strong>" in result and "<strong>健康増進課</strong>" in result
    assert 'value="医療機関" selected' in result


def test_stable_url_headers(client):
    response = client.get(STABLE)
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF-")
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=UTF-8''" + quote("由布市_つなぐシート_") in disposition
    xlsx = client.get("/yufu/tsunagu-sheet/tsunagu-sheet/xlsx/")
    assert xlsx["Content-Disposition"].startswith("attachment;")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/yufu/tsunagu-sheet/tsunagu-sheet/exe/").status_code == 404
    assert client.get("/sanjo/tsunagu-sheet/tsunagu-sheet/pdf/").status_code == 404


def test_new_version_in_review_does_not_replace_the_approved_one_until_approved(client, roles, yufu):
    form = ReferralForm.objects.get(city=yufu, slug="tsunagu-sheet")
    approved = body(client.get(STABLE))
    old_document = form.file_for("pdf").document
    new_document = make_document(
        yufu, "由布市 つなぐシート 第2版", sample_pdf(SampleSheet(city_name="第2版"))
    )
    new_document.file.save("v2.pdf", ContentFile(b"%PDF-1.4\n% version two\n%%EOF\n"), save=True)
    editor = make_user("yufu-ed", "yufu-editors")
    moderator = make_user("yufu-mod", "yufu-moderators")

    form.version_label = "第2版"
    form.files = [ReferralFormFile(document=new_document)]
    revision = form.save_revision(user=editor)
    workflow = form.get_workflow()
    assert isinstance(workflow, Workflow)
    workflow.start(form, editor)
    form.refresh_from_db()
    assert form.workflow_in_progress

    # In review: the public still gets the approved file, and the new one is not reachable at all.
    assert body(client.get(STABLE)) == approved
    assert not document_is_public(new_document)
    assert client.get(new_document.url).status_code == 404
    assert client.get(old_document.url).status_code == 200
    html = client.get("/yufu/tsunagu-sheet/").content.decode()
    assert "第2版" not in html
    # Editors of the city may look at the file under review.
    client.force_login(moderator)
    assert client.get(new_document.url).status_code == 200
    client.logout()

    task_state = form.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    form.refresh_from_db()
    assert form.live_revision_id == revision.pk
    assert body(client.get(STABLE)) == b"%PDF-1.4\n% version two\n%%EOF\n"
    assert client.get(new_document.url).status_code == 200

    # The earlier approved version stays listed with its date and downloadable.
    html = client.get("/yufu/tsunagu-sheet/").content.decode()
    assert "以前の版" in html and "見本 令和7年4月版" in html
    older = form.older_versions()
    assert len(older) == 1
    url = f"/yufu/tsunagu-sheet/tsunagu-sheet/versions/{older[0].revision_id}/pdf/"
    assert url in html
    assert body(client.get(url)) == approved


def test_a_draft_form_and_its_file_are_not_public(client, yufu):
    document = make_document(yufu, "下書きのシート")
    form = ReferralForm(city=yufu, title="下書き", slug="draft-sheet", live=False)
    form.files = [ReferralFormFile(document=document)]
    form.save()
    form.save_revision()
    assert client.get("/yufu/tsunagu-sheet/draft-sheet/pdf/").status_code == 404
    assert client.get(document.url).status_code == 404
    assert "下書き" not in client.get("/yufu/tsunagu-sheet/").content.decode()


def test_an_unattached_upload_in_a_city_collection_is_not_public(client, yufu):
    document = make_document(yufu, "アップロードしただけ")
    assert client.get(document.url).status_code == 404
