"""Editorial corrections of imported page text, made the way an editor and a moderator make them.

A correction names a city, the wrong text and the right text (data/corrections/*.toml). Every imported page of that
city whose latest revision contains the wrong text gets a new revision with it replaced, saved by the editor and
submitted to the page's approval workflow, which the moderator then approves: the page history shows who changed
what, and the public page changes only through approval. The source documents are left as the city published them;
a re-import of an unchanged document does not undo a correction (its content hash is unchanged).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings

from .models import CityPage, ImportedPage

CORRECTIONS_DIR = Path(settings.BASE_DIR) / "data" / "corrections"


class CorrectionError(Exception):
    """A correction that cannot be applied; `message_ja` is what an editor reads."""

    def __init__(self, message: str, message_ja: str) -> None:
        super().__init__(message)
        self.message_ja = message_ja


@dataclass(frozen=True)
class Correction:
    city: str
    wrong: str
    right: str
    reason: str = ""


def load_corrections(path: Path) -> list[Correction]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CorrectionError(
            f"{path.name}: unreadable corrections file ({error})",
            f"{path.name}: 訂正ファイルを読み取れません。",
        ) from error
    corrections = []
    for number, entry in enumerate(data.get("correction", []), start=1):
        try:
            correction = Correction(**entry)
        except TypeError as error:
            raise CorrectionError(
                f"{path.name}: correction {number}: {error}",
                f"{path.name}: {number}件目の訂正の項目が不正です。",
            ) from error
        if not correction.wrong or correction.wrong == correction.right:
            raise CorrectionError(
                f"{path.name}: correction {number} changes nothing",
                f"{path.name}: {number}件目の訂正は何も変えません。",
            )
        corrections.append(correction)
    return corrections


def _replaced(value: Any, wrong: str, right: str) -> Any:
    if isinstance(value, str):
        return value.replace(wrong, right)
    if isinstance(value, dict):
        return {key: _replaced(item, wrong, right) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, wrong, right) for item in value]
    return value


def _imported_pages(city: CityPage):
    models = [m for m in apps.get_models() if issubclass(m, ImportedPage)]
    for model in models:
        yield from model.objects.descendant_of(city, inclusive=True).order_by("path")


def apply_correction(correction: Correction, *, editor, moderator) -> list[str]:
    """Correct every page of the city that needs it; returns the pages corrected (none when already done)."""
    city = CityPage.objects.filter(slug=correction.city).first()
    if city is None:
        raise CorrectionError(
            f"unknown city {correction.city!r}", f"市町村「{correction.city}」は登録されていません。"
        )
    corrected = []
    for page in _imported_pages(city):
        latest = page.get_latest_revision()
        content = latest.content if latest else None
        if content is None:
            continue
        new_content = _replaced(content, correction.wrong, correction.right)
        if new_content == content:
            continue
        workflow = page.get_workflow()
        if workflow is None:
            raise CorrectionError(
                f"{page.url_path}: no approval workflow (run setup_city_roles)",
                f"{page.title}: 承認フローが設定されていません。",
            )
        if not page.permissions_for_user(editor).can_edit():
            raise CorrectionError(
                f"{editor}: may not edit {page.url_path}",
                f"{editor} さんは「{page.title}」を編集できません。",
            )
        if page.workflow_in_progress:
            raise CorrectionError(
                f"{page.url_path}: already in moderation", f"「{page.title}」はすでに承認待ちです。"
            )
        task = workflow.tasks.first()
        if task is None or not task.specific.user_can_access_editor(page, moderator):
            raise CorrectionError(
                f"{moderator}: may not approve pages of {correction.city}",
                f"{moderator} さんは{city.title}のページを承認できません。",
            )
        page.with_content_json(new_content).save_revision(user=editor, log_action=True)
        state = workflow.start(page, editor)
        while state.status == state.STATUS_IN_PROGRESS:
            task_state = state.current_task_state
            task_state.task.specific.on_action(task_state, moderator, "approve", comment=correction.reason)
            state.refresh_from_db()
        corrected.append(page.url_path)
    return corrected
