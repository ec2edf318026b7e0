"""Consultation windows from the line model: phone-anchored segmentation, one extractor for every format.

Every voice number on a page is a candidate contact. Its window is named, in this order, by:

1. the number's own line or sentence: the text just before the number (「総合サポート係 TEL.63-8322」,
   「市民生活課0123-24-0194」, 「▼保健センター（中央2-5-10）【TEL】22-4180。」), labels and markers removed;
2. else the nearest name-like line above it in the page: a list item (○●◎■□◆◇▽▼★・-), a 【】 label, a
   numbered item (①⑴(1)1.), an emphasised line, a definition term, a table row's name cell, a short line
   standing alone, or a 「担当／問い合わせ先：…」 label inside the block;
3. a heading, only as a last resort (recorded for the review queue).

Headings and name-like lines that end up without a number of their own are sections: they give the windows
below them topics and categories. A page's 問合せ/お問い合わせ block is the page's contact, not a window.
Hours come from the whole window block (a 受付時間 line, 「（平日…）」 on the phone line, a sentence); nothing
the page does not say is added. What was guessed is written to `uncertain`, with the source lines.

The walk is here; labels and names are `contact_names`, the windows' records and reasons `contact_records`.
"""

from __future__ import annotations

import re
from collections import Counter

from directory.hours import parse_hours
from directory.phones import FAX
from importers.lines import Line
from importers.numbers import NumberSpan, area_code_of, read_numbers
from importers.parsers.contact_names import (
    ADDRESS_LABELS,
    CONTACT_WORDS,
    FRONT_DOOR_RE,
    HOURS_HINT_RE,
    HOURS_LABELS,
    NAME_LABELS,
    ORG_SUFFIX_RE,
    PAREN_RE,
    TARGET_LABELS,
    TOPIC_LABELS,
    clean_name,
    column_role,
    is_contact_heading,
    is_label,
    is_layout_row,
    join_parent,
    known_label,
    label_from_prefix,
    looks_like_organisation,
    name_score,
    page_hours,
    read_label,
    subunit,
    topics_of,
)
from importers.parsers.contact_records import WindowDraft, apply_page_hours, build_records
from importers.records import HtmlWindowRecord, PhoneRecord


class ContactExtractor:
    def __init__(self, lines: list[Line], *, document: str, area_code: str):
        self.lines = lines
        self.document = document
        self.warnings: list[str] = []
        self.area_code = area_code or self._derive_area_code()
        self.windows: list[WindowDraft] = []
        self.headings: dict[int, str] = {}
        self.sections: list[str] = []
        self.current: WindowDraft | None = None
        self.in_contact = False
        self.main_number: PhoneRecord | None = None
        self.unread_local: list[str] = []
        self.front_door_names: list[str] = []
        self.page_hours = ""

    # --- the area code ---

    def _derive_area_code(self) -> str:
        codes: Counter[str] = Counter()
        main = ""
        local = 0
        for line in self.lines:
            for span in read_numbers(line.text):
                if span.local:
                    local += 1
                code = area_code_of(span.number) if span.number and not span.short else ""
                if code:
                    codes[code] += 1
                    if span.label == "代表" or "代表" in line.text:
                        main = main or code
        code = main or (codes.most_common(1)[0][0] if codes else "")
        if code and local:
            self.warnings.append(
                f"{self.document}: 市外局番のない番号に、ページ内の{'代表番号' if main else '番号'}から推定した市外局番 {code} を補いました。"
            )
        return code

    # --- the walk ---

    def run(self) -> list[HtmlWindowRecord]:
        for line in self.lines:
            if FRONT_DOOR_RE.search(line.text):
                self.front_door_names.append(line.text)
            if line.heading:
                self._heading(line)
            elif line.table:
                self._cell(line)
            else:
                self._line(line)
        self._close()
        if self.unread_local:
            self.warnings.append(
                f"{self.document}: 市外局番が分からないため、市外局番のない番号 {len(self.unread_local)} 件（"
                + "、".join(self.unread_local[:5])
                + "）を取り込めませんでした。市の市外局番を設定してから取り込み直してください。"
            )
        apply_page_hours(self.windows, self.page_hours)
        return build_records(
            self.windows,
            document=self.document,
            page_title=self.headings.get(1, ""),
            front_door_names=self.front_door_names,
            warnings=self.warnings,
        )

    def _heading(self, line: Line) -> None:
        self._close()
        self.headings = {k: v for k, v in self.headings.items() if k < line.heading}
        self.sections = []
        if line.heading == 1:
            self.headings[1] = line.text
            self.in_contact = False
            return
        self.in_contact = is_contact_heading(line.text)
        self.headings[line.heading] = line.text
        if not self.in_contact:
            name, _location = clean_name(line.text)
            if name:
                self.current = WindowDraft(
                    name, "heading", line, self._context(exclude=line.text), lines=[line]
                )
                self.current.candidates.append((name_score(line, name, "heading"), name, ""))

    def _context(self, exclude: str = "") -> list[str]:
        """Section names above, nearest first; the page title (h1) is not a section (it comes last, if at all)."""
        headings = [
            text
            for level, text in sorted(self.headings.items(), reverse=True)
            if text != exclude and level > 1
        ]
        return [*reversed(self.sections[-2:]), *headings]

    def _close(self) -> None:
        window, self.current = self.current, None
        if window is None:
            return
        if window.row is not None and is_layout_row(window.lines, self.area_code):
            # Columns of running text that a PDF reader took for one table row: read them as lines.
            for line in window.lines:
                self._line(line)
            self._close()
            return
        if window.row is not None:
            self._finish_row(window)
        if window.voice() or any(n.startswith("unread:") for n in window.notes):
            window.contact = window.contact or self.in_contact
            self.windows.append(window)
        elif window.source in ("item", "heading") and not window.phones:
            self.sections.append(window.name)

    def _open(self, name: str, source: str, line: Line, location: str = "") -> WindowDraft:
        self._close()
        window = WindowDraft(name, source, line, self._context(), lines=[line], address=location)
        window.candidates.append((name_score(line, name, source), name, location))
        window.contact = self.in_contact
        self.current = window
        return window

    # --- one line outside tables ---

    def _line(self, line: Line) -> None:
        text = line.text
        label, value = read_label(text)
        spans = read_numbers(text, self.area_code)
        current = self.current
        if not spans and page_hours(line, label, current is not None and current.row is not None):
            self.page_hours = (
                self.page_hours or text
            )  # 「受付時間はいずれも…」: every window's, applied at the end
            return
        # 「問い合わせ 市民協働課（TEL 22-4101）」 standing alone: the page's contact.
        contact_label = (
            label and any(word in label for word in CONTACT_WORDS) and not is_label(label, NAME_LABELS[:5])
        )
        if is_contact_heading(text) and not spans:
            # 「お問い合わせ」 alone on its line (a footer title in <strong>): what follows is the page's contact.
            self._close()
            self.in_contact = True
            return
        # Inside a window that has no number yet (「問い合わせ：0248-…」 under its heading) the line is the window's;
        # standing after the windows, it is the page's contact.
        if contact_label and (current is None or (current.first.block != line.block and current.voice())):
            self._close()
            self.in_contact = True
        if (
            label
            and (is_label(label, NAME_LABELS) or is_label(label, CONTACT_WORDS))
            and value
            and current is not None
            and current.first.block == line.block
            and not current.voice()
        ):
            # 「■行政相談 … 問合せ：総務課 【電話】…」: inside a window's block, the office to call names it.
            name, location = clean_name(value)
            if name and (is_label(label, NAME_LABELS) or ORG_SUFFIX_RE.search(name)):
                if current.name and current.name != name:
                    current.topics.append(current.name)
                current.name, current.source = name, "label"
                current.address = current.address or location
                text = value
                spans = read_numbers(text, self.area_code)
        if not spans:
            self._plain(line, label, value)
            return
        self._numbers(line, text, spans)

    def _plain(self, line: Line, label: str, value: str) -> None:
        text = line.text
        current = self.current
        extension = re.search(r"内線\s*[:]?\s*(\d{1,6})", text)
        if extension:
            before = text[: extension.start()]
            name, location = clean_name(before)
            if name and (current is None or name != current.name):
                window = self._open(name, "line", line, location)
                window.notes.append("extension")
                current = window
            elif current is not None:
                current.lines.append(line)
            if current is not None:
                voice = current.voice()
                if voice and not voice[-1].extension:
                    voice[-1].extension = extension.group(1)
                elif not voice and self.main_number:
                    current.add(
                        PhoneRecord(
                            number=self.main_number.number, extension=extension.group(1), label="代表"
                        )
                    )
            return
        if (
            label
            and value
            and is_label(label, NAME_LABELS)
            and (current is None or current.voice() or current.first.block != line.block)
        ):
            name, location = clean_name(value)  # 「【相談窓口】生活自立相談センター」 opens the next window
            if name:
                self._open(name, "label", line, location)
                return
        if label and value and known_label(label) and current is not None:
            current.lines.append(line)
            self._detail(current, label, value)
            return
        starts_item = self._starts_item(line)
        if current is not None and starts_item and not current.voice() and not (label and known_label(label)):
            # A list item under a window that has no number yet: a candidate name, ranked when the number comes
            # (「<h3>地域包括支援センター</h3><ul><li>介護の相談</li><li>電話…」 keeps the heading's name).
            name, location = clean_name(text)
            if name:
                current.lines.append(line)
                current.candidates.append((name_score(line, name, "item"), name, location))
                return
        if (
            current is not None
            and not starts_item
            and (current.first.block == line.block or not current.voice())
        ):
            current.lines.append(line)
            candidate = self._name_line(line) and "、" not in text and not (label and known_label(label))
            name, location = clean_name(text) if candidate else ("", "")
            if name and not current.voice() and current.first.block != line.block:
                current.candidates.append((name_score(line, name, "item"), name, location))
            else:
                self._detail(current, "", text)
            return
        name, location = clean_name(text) if self._name_line(line) else ("", "")
        if name:
            self._open(name, "item", line, location)
            return
        if current is not None:
            current.lines.append(line)
            self._detail(current, "", text)

    def _starts_item(self, line: Line) -> bool:
        return bool(line.marker and line.marker not in ("dd",)) or line.emphasis or line.text.startswith("【")

    def _name_line(self, line: Line) -> bool:
        if line.marker in ("dd",):
            return False
        if line.marker or line.emphasis or line.text.startswith(("【", "[")):
            return True
        return len(line.text) <= 30 and not re.search(r"[。、]$", line.text)

    def _detail(self, window: WindowDraft, label: str, value: str) -> None:
        text = value if label else value
        if label and is_label(label, HOURS_LABELS):
            window.hours.append((value, True))
        elif label and is_label(label, TOPIC_LABELS):
            window.topics.extend(topics_of(value))
        elif label and is_label(label, TARGET_LABELS):
            window.target = "\n".join(filter(None, [window.target, value]))
        elif label and is_label(label, ADDRESS_LABELS) or text.startswith("〒"):
            window.address = window.address or value
        elif HOURS_HINT_RE.search(text) and len(text) <= 80:
            window.hours.append((text, False))
        elif not window.topics and len(text) <= 60 and ("、" in text or text.endswith("相談")):
            window.topics.extend(topics_of(text))
        else:
            window.description.append(text)

    # --- a line with numbers ---

    def _numbers(self, line: Line, text: str, spans: list[NumberSpan]) -> None:
        position = 0
        for span in spans:
            prefix = text[position : span.start]
            position = span.end
            if span.kind == FAX:
                if self.current is not None:
                    self.current.add(self._record(span))
                continue
            name, location = clean_name(prefix)
            if not name:
                label_from_prefix(prefix, span)
            current = self.current
            if name and (current is None or name != current.name or current.voice()):
                if (
                    current is not None
                    and current.first.block == line.block
                    and not current.voice()
                    and self._same_entity(current, name)
                ):
                    current.name = name
                else:
                    current = self._open(name, "line", line, location)
            elif (
                span.number
                and (current is None or not current.voice())
                and re.search(r"代表", prefix + span.label)
                and (current is None or text.startswith(("(", "※")) or re.search(r"(?:へ|に)は", prefix))
            ):
                # 「各係へは代表電話 62-2111 に」 outside any window: the number the 内線 lines below go through.
                self.main_number = PhoneRecord(number=span.number, extension=span.extension, label="代表")
                self.warnings.append(
                    f"{self.document}: 代表番号 {span.number} は窓口にせず、内線だけが書かれた窓口の番号にしました。"
                )
                continue
            elif current is None:
                heading = self._context()[0] if self._context() else ""
                current = self._open(heading or "", "heading", line)
            else:
                if line is not current.lines[-1]:
                    current.lines.append(line)
                if not current.voice():
                    self._resolve_name(current)
            unit = PAREN_RE.match(text[span.end :].lstrip())
            unit_name = (
                unit.group(1) if unit else span.label
            )  # 「（家庭児童相談室）」 read as the number's label
            if unit_name and current.first is line and subunit(current.name, unit_name, after_number=True):
                current.name = f"{current.name} {unit_name.strip()}"  # 「福祉課 電話 …（生活支援係）」
                span.label = "" if unit_name == span.label else span.label
            if span.number:
                if current.voice() and span.number not in {p.number for p in current.voice()}:
                    current.notes.append("merged")
                current.add(self._record(span))
                if span.label == "代表" and self.main_number is None:
                    self.main_number = self._record(span)
            else:
                self.unread_local.append(span.raw)
                current.notes.append(f"unread:{span.raw}")
        rest = self._without_numbers(text, spans)
        if self.current is not None and rest:
            label, value = read_label(rest)
            if label and known_label(label):
                self._detail(self.current, label, value)
            for inner in PAREN_RE.findall(text):
                if HOURS_HINT_RE.search(inner) and parse_hours(inner):
                    self.current.hours.append((inner, False))
            for sentence in re.split(r"[。]", rest):
                if HOURS_HINT_RE.search(sentence) and parse_hours(sentence):
                    self.current.hours.append((sentence, False))

    def _resolve_name(self, window: WindowDraft) -> None:
        """The nearest of the best name-like lines above the first number names the window."""
        if len(window.candidates) < 2:
            return
        best = max(range(len(window.candidates)), key=lambda i: (window.candidates[i][0], i))
        score, name, location = window.candidates[best]
        window.topics.extend(candidate for _s, candidate, _l in window.candidates[best + 1 :])
        if name == window.name:
            return
        self.sections.extend(candidate for _s, candidate, _l in window.candidates[:best])
        window.context = [*reversed([c for _s, c, _l in window.candidates[:best]]), *window.context]
        window.name, window.address = name, window.address or location
        if window.source == "heading" and score > 1:
            window.source = "item"

    def _same_entity(self, window: WindowDraft, name: str) -> bool:
        return name.endswith(window.name) or window.name.endswith(name)

    def _without_numbers(self, text: str, spans: list[NumberSpan]) -> str:
        rest = text
        for span in reversed(spans):
            rest = rest[: span.start] + " " + rest[span.end :]
        return rest.strip()

    def _record(self, span: NumberSpan) -> PhoneRecord:
        return PhoneRecord(number=span.number, kind=span.kind, extension=span.extension, label=span.label)

    # --- table rows ---

    def _cell(self, line: Line) -> None:
        key = (line.table, line.row)
        current = self.current
        if current is None or current.row != key:
            self._close()
            current = WindowDraft("", "row", line, self._context(), row=key)
            current.contact = self.in_contact
            self.current = current
        current.lines.append(line)

    def _finish_row(self, window: WindowDraft) -> None:
        names: list[tuple[str, str]] = []
        for line in window.lines:
            role = column_role(line.header)
            text = line.text
            spans = read_numbers(text, self.area_code)
            if role == "hours":
                window.hours.append((text, True))
                continue
            if role == "topics":
                window.topics.extend(topics_of(text))
                continue
            if role == "target":
                window.target = text
                continue
            if role == "address" and not spans:
                window.address = window.address or text
                continue
            if role == "category":
                window.context.insert(0, text)
                continue
            if spans:
                position = 0
                for span in spans:
                    prefix = text[position : span.start]
                    position = span.end
                    name, _location = clean_name(prefix)
                    if name:
                        names.append((name, "phone"))
                    else:
                        label_from_prefix(prefix, span)
                    kind = FAX if role == "fax" and not re.search(r"電話|TEL|☎", text, re.I) else span.kind
                    if span.number:
                        window.add(
                            PhoneRecord(
                                number=span.number, kind=kind, extension=span.extension, label=span.label
                            )
                        )
                    else:
                        self.unread_local.append(span.raw)
                        window.notes.append(f"unread:{span.raw}")
                continue
            label, value = read_label(text)
            if label and value and known_label(label) and not is_label(label, NAME_LABELS):
                self._detail(window, label, value)
                continue
            if (
                role != "name"
                and not looks_like_organisation(text)
                and HOURS_HINT_RE.search(text)
                and parse_hours(text)
            ):
                window.hours.append((text, role == "hours"))
                continue
            extension = re.search(r"内線\s*(\d{1,6})", text)
            if extension and window.voice() and not window.voice()[-1].extension:
                window.voice()[-1].extension = extension.group(1)
                continue
            name, location = clean_name(text)
            if name and role in ("name", "", "phone"):
                names.append((name, role))
                window.address = window.address or location
            elif role == "name" and text:
                names.append((text, role))
        inherited = [line.text for line in window.lines if line.inherited]
        if inherited:
            window.notes.append(
                "セルが足りない行のため、前の行の「"
                + "」「".join(dict.fromkeys(inherited))
                + "」を引き継ぎました（結合セルの崩れ）"
            )
        named = [n for n, role in names if role == "name"] or [n for n, _role in names]
        if named:
            window.name = join_parent(named)
        else:
            window.name = self._context()[0] if self._context() else ""
            window.source = "heading"


def extract_windows(
    lines: list[Line], *, document: str, area_code: str
) -> tuple[list[HtmlWindowRecord], list[str]]:
    """(windows, warnings) of one page's lines."""
    extractor = ContactExtractor(lines, document=document, area_code=area_code)
    return extractor.run(), extractor.warnings
