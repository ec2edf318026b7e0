"""The review queue's reasons as choices with Japanese labels (`importers.reasons.Reason` codes, gettext labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from importers.reasons import Reason


class ReviewReason(models.TextChoices):
    NAME_UNREAD = Reason.NAME_UNREAD.value, _("名称不明")
    NAME_FROM_HEADING = Reason.NAME_FROM_HEADING.value, _("名称は見出しから")
    NUMBERS_MERGED = Reason.NUMBERS_MERGED.value, _("番号をまとめた")
    NUMBER_SHARED = Reason.NUMBER_SHARED.value, _("共有の番号")
    CELLS_INHERITED = Reason.CELLS_INHERITED.value, _("表のセルを補った")
    NUMBER_WITHOUT_AREA_CODE = Reason.NUMBER_WITHOUT_AREA_CODE.value, _("市外局番なし")
    NATIONAL_LINE = Reason.NATIONAL_LINE.value, _("全国の相談窓口")
    MAYBE_NATIONAL = Reason.MAYBE_NATIONAL.value, _("全国の相談窓口かも")
    HOURS_GUESSED = Reason.HOURS_GUESSED.value, _("受付時間を推定")
    HOURS_FROM_PAGE = Reason.HOURS_FROM_PAGE.value, _("ページ共通の受付時間")
    HOURS_UNREAD = Reason.HOURS_UNREAD.value, _("受付時間を読めない")
    CATEGORY_UNKNOWN = Reason.CATEGORY_UNKNOWN.value, _("分野不明")
    CATEGORY_GUESSED = Reason.CATEGORY_GUESSED.value, _("分野を推定")
    FRONT_DOOR = Reason.FRONT_DOOR.value, _("総合相談窓口として案内")


def reason_label(code: str) -> str:
    """The label of a stored code; "" for an unknown or missing one (reasons stored before codes existed)."""
    try:
        return str(ReviewReason(code).label)
    except ValueError:
        return ""
