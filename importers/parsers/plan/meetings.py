"""Meetings (支援会議, 重層的支援会議 …): names, kinds, schedules, members, roles, consent.

Part of `importers.parsers.plan` (see its docstring).
"""

from __future__ import annotations

import re

from importers.readers.seedtext import Block, Table, TextLine
from importers.records import (
    MeetingRecord,
    Source,
)
from importers.text import (
    clean_cell,
)

from .common import _BULLET_PREFIX_RE, _cell_text, _Doc, _heading_level, _heading_title, _sentences, _unique

# --- meetings ------------------------------------------------------------------------------------

_MEETING_NAME_RE = re.compile(r"^(?P<name>.*?会議)\s*(?:[(（](?P<schedule>[^)）]+)[)）])?$")


def _meeting_kind(name: str) -> str:
    if "重層的支援会議" in name:
        return "layered"
    if re.fullmatch(r"(?:.*市)?支援会議", name):
        return "support"
    return "other"


def _consent(text: str) -> str:
    text = text.replace(" ", "")
    if re.search(r"同意が(?:得られて)?(?:い)?ない|同意なし|同意がな|同意を得ていない", text):
        return "本人同意なし"
    if re.search(r"同意に基づ|同意を得た|同意を得て|同意あり", text):
        return "本人同意あり"
    return ""


class _Meetings:
    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.records: dict[str, MeetingRecord] = {}

    def get(self, name: str, source: Source) -> MeetingRecord:
        name = clean_cell(name)
        if name not in self.records:
            self.records[name] = MeetingRecord(name=name, source=source, kind=_meeting_kind(name))
        return self.records[name]

    def collect(self) -> list[MeetingRecord]:
        blocks = self.doc.blocks
        for index, block in enumerate(blocks):
            if isinstance(block, Table):
                self._table(block, blocks, index)
            elif not block.bullet:
                self._label_line(block)
                if re.fullmatch(r"(?:重層的)?支援会議", _heading_title(block.text)):
                    self._explanation(blocks, index)
        return list(self.records.values())

    def _label_line(self, block: TextLine) -> None:
        """「重層的支援会議・支援会議：毎月第4水曜日開催、必要に応じて臨時開催」."""
        match = re.match(
            r"^(?P<names>[^：:、。]*会議(?:・[^：:、。]*会議)*)[：:]\s*(?P<value>.+)$", block.text
        )
        if not match:
            return
        for name in match.group("names").split("・"):
            record = self.get(name, self.doc.source(block))
            record.schedule = record.schedule or clean_cell(match.group("value"))

    def _table(self, table: Table, blocks: list[Block], index: int) -> None:
        header = [_cell_text(c) for c in table.header.cells] if table.header else []
        if header and header[0] == "会議名":
            self._named_rows(table, header)
            return
        keys = [_cell_text(row.cell(0)) for row in table.rows]
        if any(k in ("開催日", "開催頻度", "日時") for k in keys) and any(
            k in ("参加者", "構成員", "運営者") for k in keys
        ):
            self._key_value_table(table, blocks, index)

    def _named_rows(self, table: Table, header: list[str]) -> None:
        """会議名 | 組織体制 (members) or 会議名 | 内容 (what the meeting does)."""
        second = header[1] if len(header) > 1 else ""
        for row in table.rows[1:]:
            match = _MEETING_NAME_RE.match(_cell_text(row.cell(0)))
            if not match:
                continue
            record = self.get(match.group("name"), self.doc.source(row))
            if match.group("schedule"):
                record.schedule = clean_cell(match.group("schedule"))
            if second in ("組織体制", "構成員", "参加者", "構成機関"):
                record.members = _unique(record.members + _members(row.cell_lines(1)))
            else:
                text = clean_cell(" ".join(row.cell_lines(1)))
                record.roles = _unique(record.roles + _sentences(text))
                record.consent = record.consent or _consent(text)

    def _key_value_table(self, table: Table, blocks: list[Block], index: int) -> None:
        """開催日 / 運営者 / 参加者 / 主な協議内容 rows for the meetings named in the sentence before
        (「また、重層的支援会議・支援会議は次のとおり実施します。」)."""
        names = self._names_before(blocks, index)
        if not names:
            return
        records = [self.get(name, self.doc.source(table)) for name in names]
        for row in table.rows:
            key = _cell_text(row.cell(0))
            lines = row.cell_lines(1)
            if key in ("開催日", "開催頻度", "日時"):
                for record in records:
                    record.schedule = clean_cell(" ".join(lines))
            elif key in ("運営者", "主催", "主催者"):
                for record in records:
                    record.organiser = clean_cell(" ".join(lines))
            elif key in ("参加者", "構成員"):
                members = _members([item for line in lines for item in line.split()])
                for record in records:
                    record.members = _unique(record.members + members)
            elif "協議内容" in key or "役割" in key:
                self._grouped_roles(records, lines)

    def _grouped_roles(self, records: list[MeetingRecord], lines: list[str]) -> None:
        """Roles listed under 【重層的支援会議】 / 【支援会議】 labels go to that meeting only."""
        targets = records
        by_name = {r.name: r for r in records}
        for line in lines:
            label = re.fullmatch(r"【([^】]+)】", line)
            if label:
                targets = [by_name[label.group(1)]] if label.group(1) in by_name else records
                continue
            role = clean_cell(re.sub(r"\s*等$", "", line))
            for record in targets:
                record.roles = _unique([*record.roles, role])

    def _names_before(self, blocks: list[Block], index: int) -> list[str]:
        for block in reversed(blocks[max(0, index - 3) : index]):
            if isinstance(block, TextLine):
                match = re.search(r"([^、。\s]*会議(?:・[^、。\s]*会議)*)は次のとおり", block.text)
                if match:
                    return match.group(1).split("・")
        return []

    def _explanation(self, blocks: list[Block], index: int) -> None:
        """The prose under a 【支援会議】 / 重層的支援会議 heading: consent, organiser, schedule, roles."""
        heading = blocks[index]
        assert isinstance(heading, TextLine)
        record = self.get(_heading_title(heading.text), self.doc.source(heading))
        texts: list[str] = []
        for block in blocks[index + 1 :]:
            if isinstance(block, Table):
                break
            title = _heading_title(block.text)
            if not block.bullet and re.fullmatch(r"(?:重層的)?支援会議", title):
                break
            level = _heading_level(block.text)
            if not block.bullet and level is not None and level < 2:
                break
            if block.text.startswith("※"):
                continue
            if not block.bullet and level == 2:  # 「(1)プランの適切性の協議」
                record.roles = _unique([*record.roles, title])
                continue
            if block.bullet and block.indent and not block.text.startswith("⇒"):
                role = _BULLET_PREFIX_RE.sub("", block.text).strip()
                if not role.startswith("★") and not role.endswith("。"):
                    record.roles = _unique([*record.roles, clean_cell(role)])
                    continue
            texts.append(block.text)
        text = "".join(texts)
        record.consent = record.consent or _consent(text)
        organiser = re.search(r"([^、。]+?)が主催", text)
        if organiser and not record.organiser:
            record.organiser = clean_cell(organiser.group(1))
        schedule = re.search(r"((?:毎月|月)\d+回|随時)開催", text)
        if schedule and not record.schedule:
            record.schedule = schedule.group(1)


def _members(lines: list[str]) -> list[str]:
    """Members from a 組織体制 cell: items of the lists, and each 【label】 that has no list of its own
    (「【多機関協働事業者】」 is a member; 「【飯塚市】」 followed by its 課 is a group heading)."""
    tokens: list[tuple[str, str]] = []
    for line in lines:
        parts = re.split(r"【([^】]+)】", line)
        for position, part in enumerate(parts):
            part = clean_cell(part)
            if part:
                tokens.append(("label" if position % 2 else "item", part))
    members: list[str] = []
    for position, (kind, text) in enumerate(tokens):
        has_own_items = position + 1 < len(tokens) and tokens[position + 1][0] == "item"
        if kind == "item" or not has_own_items:
            members.append(text)
    return _unique(members)
