"""Onboard a municipality: `python manage.py add_city SLUG NAME --prefecture P --code NNNNNN`.

Creates the CityPage under the portal top, its ProgramPage with the five BusinessPages (empty, as drafts: nothing
reaches the public before review), the city's collection, and its groups and workflow (setup_city_roles).
City names may repeat (府中市 in 東京都 and in 広島県, 伊達市 in 北海道 and in 福島県); slugs and codes may not.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Page

import phonenumbers

from guides.management.commands.setup_city_roles import setup_city, setup_snippet_workflow
from guides.models import (
    BusinessKind,
    BusinessPage,
    CityPage,
    HomePage,
    ProgramPage,
    city_collection,
    validate_local_gov_code,
)


class Command(BaseCommand):
    help = "Add a city: CityPage, ProgramPage with five empty BusinessPages, collection, groups and workflow."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="URL slug, e.g. beppu")
        parser.add_argument("name", help="City name, e.g. 別府市")
        parser.add_argument("--prefecture", required=True, help="e.g. 大分県")
        parser.add_argument(
            "--code", required=True, help="全国地方公共団体コード (6 digits with check digit)"
        )
        parser.add_argument("--kana", default="", help="よみがな")
        parser.add_argument(
            "--main-phone", default="", help="代表電話, e.g. 0977-21-1111 (also gives the area code)"
        )
        parser.add_argument(
            "--area-code",
            default="",
            help="市外局番 for numbers pages write without one, e.g. 0977 (default: from --main-phone)",
        )

    def handle(self, *args, slug, name, prefecture, code, kana, main_phone, area_code, **options):
        if not re.fullmatch(r"[a-z][a-z0-9-]{1,49}", slug):
            raise CommandError(f"Invalid slug {slug!r}: use lowercase letters, digits and hyphens.")
        try:
            validate_local_gov_code(code)
        except ValidationError as error:
            raise CommandError(f"Invalid code {code!r}: {' '.join(error.messages)}") from error
        main_phone, area_code = _phone_facts(main_phone, area_code)
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("No HomePage: run load_seeds (or create the portal top) first.")
        if (
            CityPage.objects.filter(slug=slug).exists()
            or Page.objects.child_of(home).filter(slug=slug).exists()
        ):
            raise CommandError(f"A page with slug {slug!r} already exists.")
        existing = CityPage.objects.filter(local_gov_code=code).first()
        if existing is not None:
            raise CommandError(f"Code {code} is already used by {existing.title} ({existing.slug}).")
        with transaction.atomic():
            city = CityPage(
                title=name,
                slug=slug,
                prefecture=prefecture,
                local_gov_code=code,
                name_kana=kana,
                main_phone=main_phone,
                area_code=area_code,
                live=False,
            )
            # Japan has municipalities of the same name (府中市, 伊達市): the slug and the code tell them apart, and
            # the collection is linked by key before the first revision, never looked up by name.
            city_collection(city, create=True)
            home.add_child(instance=city)
            city.save_revision()
            program = ProgramPage(title="重層的支援体制整備事業", slug="program", live=False)
            city.add_child(instance=program)
            program.save_revision()
            for kind in BusinessKind:
                business = BusinessPage(
                    title=kind.label, slug=f"business-{kind.value}", kind=kind.value, live=False
                )
                program.add_child(instance=business)
                business.save_revision()
            setup_city(city)
            setup_snippet_workflow()
        self.stdout.write(
            f"Added {name} ({slug}) as drafts: city page, programme, 5 businesses, collection "
            f"「{city.collection.name}」, groups "
            f"{slug}-editors / {slug}-moderators and workflow."
            + (
                f" Area code {area_code}."
                if area_code
                else " No area code: imports will report local numbers."
            )
        )


def _phone_facts(main_phone: str, area_code: str) -> tuple[str, str]:
    """(代表電話 in national format, 市外局番): the area code is given, or read from the main number."""
    number = None
    if main_phone:
        try:
            number = phonenumbers.parse(unicodedata.normalize("NFKC", main_phone), "JP")
        except phonenumbers.NumberParseException as error:
            raise CommandError(f"Invalid --main-phone {main_phone!r}: {error}") from error
        if not phonenumbers.is_valid_number(number):
            raise CommandError(f"Invalid --main-phone {main_phone!r}: not a valid Japanese number.")
        main_phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if area_code:
        area_code = unicodedata.normalize("NFKC", area_code).strip()
        if not re.fullmatch(r"0\d{1,4}", area_code):
            raise CommandError(f"Invalid --area-code {area_code!r}: 0 and 1–4 digits, e.g. 0977.")
    elif number is not None:
        # The geographic area code of the 代表 number (0977-21-1111 → 0977); none for 0120/050/mobile numbers.
        length = phonenumbers.length_of_geographical_area_code(number)
        if length:
            area_code = "0" + phonenumbers.national_significant_number(number)[:length]
    return main_phone, area_code
