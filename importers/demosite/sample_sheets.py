"""The demo つなぐシート files: a clearly labelled SAMPLE (見本) PDF and XLSX of a ``SampleSheet``.

Pure generators (reportlab with a Japanese CID font, openpyxl); they know nothing of seeds or importers. The sheet
of a demo city (routing rules and submit-to department from its seed) and 由布市's published ReferralForm are built
in ``importers.demosite.referral_forms`` (``ensure_sample_referral_forms``, called by ``load_seeds``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

SAMPLE_MARK = "見本（サンプル）"
SAMPLE_NOTE = "これは表示確認用の見本です。実際の様式は各市の担当課にお問い合わせください。"

FIELDS = (
    ("記入日", ""),
    ("提出する機関の名称", ""),
    ("担当者名・連絡先", ""),
    ("本人の同意", "□ あり　□ なし"),
    ("対象となる方（世帯）", ""),
    ("困りごとの概要", ""),
    ("これまでの支援・関わり", ""),
    ("事前に相談した所管課", ""),
    ("市に求めたいこと", ""),
)


@dataclass
class SampleSheet:
    city_name: str
    submit_to: str = ""
    submit_location: str = ""
    rules: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.city_name} つなぐシート【{SAMPLE_MARK}】"


def sample_pdf(sheet: SampleSheet) -> bytes:
    """A one-page A4 PDF with 「見本（サンプル）」 stamped across it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "HeiseiKakuGo-W5"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(sheet.title)
    pdf.setAuthor("つなぐ 重層的支援体制ポータル（見本）")
    width, height = A4
    # The watermark first, so the form prints over it.
    pdf.saveState()
    pdf.setFillGray(0.85)
    pdf.setFont(font, 80)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(35)
    pdf.drawCentredString(0, 0, SAMPLE_MARK)
    pdf.restoreState()

    pdf.setFont(font, 11)
    pdf.setFillColorRGB(0.8, 0, 0)
    pdf.drawString(40, height - 40, f"【{SAMPLE_MARK}】{SAMPLE_NOTE}")
    pdf.setFillGray(0)
    pdf.setFont(font, 20)
    pdf.drawCentredString(width / 2, height - 80, sheet.title)
    pdf.setFont(font, 10)
    if sheet.submit_to:
        where = f"{sheet.submit_to}（{sheet.submit_location}）" if sheet.submit_location else sheet.submit_to
        pdf.drawString(40, height - 110, f"提出先: {where}")
    y = height - 140
    for label, hint in FIELDS:
        box = 62 if label in ("困りごとの概要", "これまでの支援・関わり") else 30
        pdf.rect(40, y - box, width - 80, box)
        pdf.line(170, y, 170, y - box)
        pdf.drawString(46, y - 18, label)
        if hint:
            pdf.drawString(178, y - 18, hint)
        y -= box
    y -= 24
    if sheet.rules:
        pdf.drawString(40, y, "提出の前に、まず所管課へご相談ください:")
        for sender, departments in sheet.rules:
            y -= 16
            pdf.drawString(56, y, f"・{sender} → {'または'.join(departments)}")
    pdf.setFont(font, 9)
    pdf.drawString(40, 30, f"{SAMPLE_MARK} — {SAMPLE_NOTE}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def sample_xlsx(sheet: SampleSheet) -> bytes:
    """The same form as an Excel workbook, 「見本（サンプル）」 in the title, header and footer."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    book = Workbook()
    ws = book.active
    ws.title = "つなぐシート（見本）"
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 70
    ws["A1"] = sheet.title
    ws["A1"].font = Font(size=16, bold=True)
    ws["A2"] = f"【{SAMPLE_MARK}】{SAMPLE_NOTE}"
    ws["A2"].font = Font(color="C00000", bold=True)
    ws.merge_cells("A1:B1")
    ws.merge_cells("A2:B2")
    row = 3
    if sheet.submit_to:
        ws.cell(row=row, column=1, value="提出先")
        where = f"{sheet.submit_to}（{sheet.submit_location}）" if sheet.submit_location else sheet.submit_to
        ws.cell(row=row, column=2, value=where)
        row += 1
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="EEEEEE")
    row += 1
    for label, hint in FIELDS:
        head = ws.cell(row=row, column=1, value=label)
        head.fill, head.border = fill, border
        cell = ws.cell(row=row, column=2, value=hint or None)
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 48 if label in ("困りごとの概要", "これまでの支援・関わり") else 22
        row += 1
    if sheet.rules:
        row += 1
        ws.cell(row=row, column=1, value="まず相談する所管課").font = Font(bold=True)
        for sender, departments in sheet.rules:
            row += 1
            ws.cell(row=row, column=1, value=sender)
            ws.cell(row=row, column=2, value="または".join(departments))
    ws.oddHeader.center.text = SAMPLE_MARK
    ws.oddFooter.center.text = SAMPLE_NOTE
    book.properties.title = sheet.title
    book.properties.creator = "つなぐ 重層的支援体制ポータル（見本）"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
