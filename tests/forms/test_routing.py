"""The routing helper of the つなぐシート: each answer links to the window with its phone, says how to submit the
sheet (FAX/持参/メール) and how personal information in it is handled."""

import re

import pytest

from directory.models import Organisation, OrganisationPhone
from directory.referral import ReferralForm, RoutingRule

from .conftest import make_form

pytestmark = pytest.mark.usefixtures("seeded")


def routing_result(html: str) -> str:
    return html.split('<div class="routing-result" role="status">', 1)[1].split("</div>", 1)[0]


def test_the_sender_list_includes_disability_service_and_counselling_offices(client):
    html = client.get("/yufu/tsunagu-sheet/").content.decode()
    options = re.findall(r'<option value="([^"]+)"', html)
    assert "障がい福祉サービス事業所" in options and "相談支援事業所" in options
    # Routed to the city's own department in the 障がい field, not to an agency.
    result = routing_result(client.get("/yufu/tsunagu-sheet/", {"sender": "相談支援事業所"}).content.decode())
    assert "<strong>福祉課 障がい福祉係</strong>" in result


def test_each_answer_links_to_the_window_of_the_sender_field_with_its_phone(client):
    html = client.get("/yufu/tsunagu-sheet/", {"sender": "介護関連事業所"}).content.decode()
    result = routing_result(html)
    link = re.search(r'<a href="(/yufu/soudan/\d+/)"><strong>高齢者支援課</strong></a>', result)
    assert link, result
    window_page = client.get(link.group(1)).content.decode()
    assert "高齢者の相談" in window_page  # the 高齢者 window of the department, not its 介護保険料 one
    assert 'href="tel:+81975821111"' in result
    assert "『高齢者支援課に、つなぐシートの相談です』とお伝えください" in result


def test_the_answer_and_each_form_say_how_to_submit(client):
    form = ReferralForm.objects.get(city__slug="yufu", slug="tsunagu-sheet")
    organisation = form.submit_to_organisation
    OrganisationPhone.objects.create(organisation=organisation, number="097-582-9999", kind="fax")
    Organisation.objects.filter(pk=organisation.pk).update(email="fukushi@example.jp")
    result = routing_result(client.get("/yufu/tsunagu-sheet/", {"sender": "医療機関"}).content.decode())
    assert '<dt>FAX</dt><dd><span class="tel__number">097-582-9999</span></dd>' in result
    assert "<dt>持参</dt><dd>由布市 福祉課（本庁舎新館1階）の窓口へお持ちください</dd>" in result
    assert '<dt>メール</dt><dd><a href="mailto:fukushi@example.jp">fukushi@example.jp</a></dd>' in result
    assert "ほかの方法で送れるかは" not in result


def test_the_form_own_fax_and_email_win_and_in_person_can_be_turned_off(client, yufu):
    form = make_form(yufu, slug="second", publish=False)
    form.submit_fax, form.submit_email, form.accepts_in_person = "0975821234", "sheet@example.jp", False
    form.save()
    methods = [(m.kind, m.value) for m in ReferralForm.objects.get(pk=form.pk).submission_methods()]
    assert methods == [("fax", "097-582-1234"), ("email", "sheet@example.jp")]


def test_a_department_missing_from_the_directory_points_to_the_front_door(client, yufu):
    form = ReferralForm.objects.get(city=yufu, slug="tsunagu-sheet")
    RoutingRule.objects.create(form=form, sender="薬局", departments="存在しない課")
    form.save_revision().publish()
    result = routing_result(client.get("/yufu/tsunagu-sheet/", {"sender": "薬局"}).content.decode())
    assert "<strong>存在しない課</strong>" in result
    assert 'href="/yufu/soudan/#front-door"' in result


def test_the_page_says_how_personal_information_is_handled(client, yufu):
    html = client.get("/yufu/tsunagu-sheet/").content.decode()
    section = html.split('aria-labelledby="privacy-heading"', 1)[1].split("</section>", 1)[0]
    assert "個人情報の取り扱い" in section and "本人の同意" in section and "支援会議" in section
    assert "由布市での保管や利用の範囲は、提出先にお問い合わせください。" in section
    form = ReferralForm.objects.get(city=yufu, slug="tsunagu-sheet")
    form.privacy_note = "受け取ったシートは施錠できる書庫で5年間保管します。"
    form.save_revision().publish()
    section = (
        client.get("/yufu/tsunagu-sheet/").content.decode().split('aria-labelledby="privacy-heading"', 1)[1]
    )
    assert "施錠できる書庫で5年間保管します。" in section
    assert "提出先にお問い合わせください。" not in section.split("</section>", 1)[0]


def test_an_unreadable_fax_number_is_refused_in_japanese(yufu):
    from django.core.exceptions import ValidationError

    form = ReferralForm.objects.get(city=yufu, slug="tsunagu-sheet")
    form.submit_fax = "FAXはありません"
    with pytest.raises(ValidationError) as error:
        form.full_clean()
    assert "submit_fax" in error.value.message_dict
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", error.value.message_dict["submit_fax"][0])
