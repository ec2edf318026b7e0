"""Editorial corrections of garbled imported text (data/corrections): the editor's revision, approved by the city's
moderator through the workflow, reaches the public page; nothing changes when a step is not allowed."""

from django.core.management import CommandError, call_command

from wagtail.models import Revision, WorkflowState

import pytest

from guides.corrections import CORRECTIONS_DIR, load_corrections
from guides.models import BusinessPage, ProgramPage

from .conftest import make_user

NISHIWAKI = """[[correction]]
city = "nishiwaki"
wrong = "こたたりつきこもり"
right = "ひきこもり"
reason = "PDF変換で崩れた文字"
"""


def pages_showing(client, text: str) -> list[str]:
    pages = [*ProgramPage.objects.live(), *BusinessPage.objects.live()]
    return [p.url_path for p in pages if text in client.get(p.url).content.decode()]


@pytest.fixture
def nishiwaki_file(tmp_path):
    path = tmp_path / "nishiwaki.toml"
    path.write_text(NISHIWAKI, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_correction_is_the_editors_revision_approved_by_the_citys_moderator(roles, client, nishiwaki_file):
    editor = make_user("n-editor", "nishiwaki-editors")
    moderator = make_user("n-moderator", "nishiwaki-moderators")
    garbled = pages_showing(client, "こたたりつき")
    assert garbled and all("/nishiwaki/" in path for path in garbled)

    call_command("apply_corrections", nishiwaki_file, editor="n-editor", moderator="n-moderator", verbosity=0)

    assert pages_showing(client, "こたたりつき") == []
    assert set(pages_showing(client, "長期ひきこもりの状態")) == set(garbled)
    states = WorkflowState.objects.filter(status=WorkflowState.STATUS_APPROVED)
    assert states.count() == len(garbled)
    for state in states:
        assert state.requested_by == editor
        assert state.current_task_state.finished_by == moderator
        assert state.current_task_state.revision.user == editor
    # Applying it again, or re-importing the unchanged seed, changes nothing.
    revisions = Revision.objects.count()
    call_command("apply_corrections", nishiwaki_file, editor="n-editor", moderator="n-moderator", verbosity=0)
    call_command("load_seeds", verbosity=0)
    assert Revision.objects.count() == revisions
    assert pages_showing(client, "こたたりつき") == []


@pytest.mark.django_db
def test_another_citys_moderator_cannot_approve_and_nothing_is_written(roles, client, nishiwaki_file):
    make_user("n-editor", "nishiwaki-editors")
    make_user("k-moderator", "kurume-moderators")
    revisions, states = Revision.objects.count(), WorkflowState.objects.count()
    with pytest.raises(CommandError, match="承認できません"):
        call_command(
            "apply_corrections", nishiwaki_file, editor="n-editor", moderator="k-moderator", verbosity=0
        )
    assert (Revision.objects.count(), WorkflowState.objects.count()) == (revisions, states)
    assert pages_showing(client, "こたたりつき")


@pytest.mark.django_db
def test_the_shipped_errata_fix_both_seed_texts(roles, client):
    make_user("admin", superuser=True)
    assert {c.city for path in CORRECTIONS_DIR.glob("*.toml") for c in load_corrections(path)} == {
        "kurume",
        "nishiwaki",
    }
    call_command("apply_corrections", editor="admin", moderator="admin", verbosity=0)
    assert pages_showing(client, "能够性") == [] and pages_showing(client, "こたたりつき") == []
    assert pages_showing(client, "可能性")


@pytest.mark.django_db
def test_an_unknown_city_or_user_is_refused_in_japanese(roles, tmp_path):
    make_user("admin", superuser=True)
    path = tmp_path / "unknown.toml"
    path.write_text(NISHIWAKI.replace("nishiwaki", "atlantis"), encoding="utf-8")
    with pytest.raises(CommandError, match="登録されていません"):
        call_command("apply_corrections", path, editor="admin", moderator="admin", verbosity=0)
    with pytest.raises(CommandError, match="ユーザーが見つかりません"):
        call_command("apply_corrections", path, editor="nobody", moderator="admin", verbosity=0)
