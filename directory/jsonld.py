"""schema.org JSON-LD for windows: GovernmentService offered by a GovernmentOrganization, with ContactPoints."""

import json

from django.utils.safestring import mark_safe

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def window_ld(window, base_url: str = "") -> dict:
    org = window.organisation
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{SCHEMA_DAYS[d]}" for d in row.weekdays],
            "opens": row.opens.strftime("%H:%M"),
            "closes": row.closes.strftime("%H:%M"),
        }
        for row in window.hours_rows
    ]
    contact_points = [
        {
            "@type": "ContactPoint",
            "telephone": phone.e164 + (f";ext={phone.extension}" if phone.extension else ""),
            "contactType": phone.label or "相談",
            "areaServed": window.city.title if window.city_id else "日本",
            "availableLanguage": "ja",
            **({"hoursAvailable": hours} if hours else {}),
        }
        for phone in window.voice_phones
    ]
    faxes = [phone.e164 for phone in window.fax_phones]
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": window.title,
        "url": base_url + window.get_url(),
        "description": window.description or "、".join(window.topic_list),
        "serviceType": [c.name for c in window.categories.all()],
        "areaServed": (
            {"@type": "City", "name": window.city.title}
            if window.city_id
            else {"@type": "Country", "name": "日本"}
        ),
        "provider": {
            "@type": "GovernmentOrganization",
            "name": org.full_name,
            **({"address": org.address} if org.address else {}),
            **({"faxNumber": faxes[0]} if faxes else {}),
            "contactPoint": contact_points,
        },
    }


def dumps(data) -> str:
    # Escape "<" so that a value can never close the <script> element.
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308
