"""Why an imported window needs a look: stable codes for the review queue, shared by the extractor and Django.

The extractor runs in a sandboxed child without Django, so the codes are a plain `StrEnum` here; the review queue's
labels (Japanese, through gettext) are `importers.review.ReviewReason`, a `TextChoices` over the same codes.
Each window record carries its codes in `uncertain_codes`, one per message in `uncertain` (the message adds the
details: the number, the text the hours were read from).
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    NAME_UNREAD = "name_unread"  # no name found at all
    NAME_FROM_HEADING = "name_from_heading"  # the name is a heading's, nothing nearer named the number
    NUMBERS_MERGED = "numbers_merged"  # two or more numbers put on one window
    NUMBER_SHARED = "number_shared"  # the number is also another window's (代表, 社協)
    CELLS_INHERITED = "cells_inherited"  # a table row short of cells took the row above's
    NUMBER_WITHOUT_AREA_CODE = "number_without_area_code"  # a local number that could not be completed
    NATIONAL_LINE = "national_line"  # a known national line: linked, no city window
    MAYBE_NATIONAL = "maybe_national"  # looks like a national line the project does not know
    HOURS_GUESSED = "hours_guessed"  # hours read from text without a 受付時間 label
    HOURS_FROM_PAGE = "hours_from_page"  # hours the page states once for every window
    HOURS_UNREAD = "hours_unread"  # hours written but not understood
    CATEGORY_UNKNOWN = "category_unknown"
    CATEGORY_GUESSED = "category_guessed"  # from the name and topics, not from a section
    FRONT_DOOR = "front_door"  # the page presents it as 「どこに相談したらよいかわからないとき」
