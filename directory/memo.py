"""相談メモ: a printable, shareable card of the windows a resident ticked.

The choice lives only in the resident's browser (localStorage) and in the URL (``/memo/?w=1,2,3`` or
``?w=1&w=2``); nothing is stored on the server. Each window carries a QR code (inline SVG from the ``qrcode``
package) that links to its page.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET  # noqa: S405 (we build SVG, we do not parse untrusted XML)

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

import qrcode
import qrcode.image.svg

from .queries import public_windows

MAX_WINDOWS = 20
SVG_NS = "http://www.w3.org/2000/svg"


def parse_ids(values: list[str]) -> list[int]:
    """Window ids from ``w`` values (comma- or space-separated, repeated), de-duplicated, order kept."""
    ids: list[int] = []
    for value in values:
        for token in re.split(r"[,\s]+", value):
            if token.isdigit() and len(token) <= 9 and int(token) not in ids:
                ids.append(int(token))
    return ids[:MAX_WINDOWS]


def qr_svg(url: str, label: str) -> str:
    """An inline SVG QR code for ``url``, exposed to assistive technology as one image named ``label``."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    ET.register_namespace("", SVG_NS)
    svg = ET.fromstring(image.to_string())  # noqa: S314 (our own generated SVG)
    for attr in ("width", "height"):
        svg.attrib.pop(attr, None)
    for element in svg.iter():
        element.attrib.pop(
            "id", None
        )  # the library's fixed id="qr-path" would repeat on a page of several codes
    svg.set("class", "qr")
    svg.set("role", "img")
    svg.set("aria-label", label)
    svg.set("focusable", "false")
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = label
    svg.insert(0, title)
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308 (serialised by ElementTree, text escaped)


@require_safe
def memo_view(request):
    ids = parse_ids(request.GET.getlist("w"))
    found = {w.pk: w for w in public_windows().filter(pk__in=ids)}
    windows = [found[i] for i in ids if i in found]
    entries = []
    for window in windows:
        url = request.build_absolute_uri(window.get_url())
        entries.append(
            {
                "window": window,
                "url": url,
                "qr": qr_svg(url, _("%(title)sのページへのQRコード") % {"title": window.title}),
            }
        )
    return render(
        request,
        "directory/memo.html",
        {
            "entries": entries,
            "ids": ",".join(str(w.pk) for w in windows),
            "missing": len(ids) - len(windows),
            "share_url": request.build_absolute_uri(f"/memo/?w={','.join(str(w.pk) for w in windows)}")
            if windows
            else "",
        },
    )
