"""Render the 500 and 503 pages to static HTML with every city's front door and the national lines.

Run at deploy (after migrate, before the web processes start; `make prod` does) and after a city changes its
front door. The pages are read from disk when the database is down, so nothing in them may need it then.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone

from directory import phones as phone_rules
from directory.national import read_national_lines
from directory.queries import front_door, live_cities
from portal.errors import baked_path


def _tel(number: str) -> str:
    try:
        return phone_rules.tel_uri(phone_rules.parse_phone(number).e164).removeprefix("tel:")
    except phone_rules.PhoneError:
        return ""


def national_lines() -> list[dict]:
    """Every national line's first voice number (the reviewed dataset; needs no database)."""
    rows = []
    for line in read_national_lines():
        voice = [p for p in line.phones if p.kind == "voice"]
        if voice:
            rows.append(
                {"name": line.title, "phone": voice[0].number, "tel": _tel(voice[0].number), "hours": ""}
            )
    return rows


def city_front_doors() -> list[dict]:
    """Each live city with its front-door window's first voice number, else the city's own contact number."""
    rows = []
    for city in live_cities():
        window = front_door(city)
        phone = window.voice_phones[0] if window and window.voice_phones else None
        number = phone.display if phone else (city.contact_phone or city.main_phone)
        rows.append(
            {
                "name": city.title,
                "window": window.title if window and phone else "",
                "phone": number,
                "tel": phone.tel_uri.removeprefix("tel:") if phone else _tel(number) if number else "",
            }
        )
    return rows


class Command(BaseCommand):
    help = "Bake the 500/503 error pages (front doors and national lines) into TSUNAGU_ERROR_PAGES_DIR."

    def handle(self, *args, **options):
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "national_lines": national_lines(),
            "cities": city_front_doors(),
            "baked_at": timezone.localtime().strftime("%Y年%-m月%-d日 %H:%M"),
        }
        for status in (500, 503):
            path = baked_path(status)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(render_to_string(f"{status}.html", context), encoding="utf-8")
            tmp.replace(path)  # atomic: a request never reads half a page
            self.stdout.write(
                f"{path}: {len(context['cities'])} cities, {len(context['national_lines'])} lines"
            )
