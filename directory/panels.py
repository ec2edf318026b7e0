"""Admin panels of the window form: the phone the public pages really show for a window.

A window without its own number shows its organisation's (and, without that, the city's 代表). Editors changing
"the window's phone" usually mean the organisation's number, which other windows may share: the panel says where the
number comes from, links to where it is changed, and how many windows show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from wagtail.admin.panels import Panel


@dataclass
class ShownNumber:
    display: str
    label: str
    switchboard: bool
    windows_sharing: int  # windows whose pages show this number (this one included when saved)


def windows_showing(window_model, e164: str) -> int:
    """How many windows show `e164`: their own number, or their organisation's when they have none."""
    if not e164:
        return 0
    window_phone = window_model._meta.get_field("phones").related_model
    organisation_model = window_model._meta.get_field("organisation").related_model
    organisation_phone = organisation_model._meta.get_field("phones").related_model
    own = window_phone.objects.filter(e164=e164).values("window_id")
    inherited = organisation_phone.objects.filter(e164=e164).values("organisation_id")
    return (
        window_model.objects.filter(Q(pk__in=own) | Q(organisation_id__in=inherited, phones__isnull=True))
        .distinct()
        .count()
    )


def effective_phone(window) -> dict:
    """Where the window's shown number comes from ("window", "organisation", "city" or "none") and the numbers."""
    own = [p for p in window.phones.all() if p.kind == "voice"]
    organisation = window.organisation if window.organisation_id else None
    if own:
        source, phones = "window", own
    elif organisation is not None:
        phones = [p for p in organisation.phones.all() if p.kind == "voice"]
        source = "organisation" if phones else "city"
    else:
        source, phones = "none", []
    model = type(window)
    numbers = [
        ShownNumber(p.display, p.label, "代表" in (p.label or ""), windows_showing(model, p.e164))
        for p in phones
    ]
    city_phone = ""
    if source == "city":
        city_phone = getattr(window.city, "main_phone", "") if window.city_id else ""
        if not city_phone:
            source = "none"
    organisation_url = ""
    if organisation is not None:
        organisation_url = reverse(organisation.snippet_viewset.get_url_name("edit"), args=[organisation.pk])
    return {
        "source": source,
        "numbers": numbers,
        "city_phone": city_phone,
        "organisation": organisation,
        "organisation_url": organisation_url,
        "shared": max((n.windows_sharing for n in numbers), default=0),
    }


class EffectivePhonePanel(Panel):
    """Read-only: the number residents see for this window (as last saved) and where to change it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/admin/effective_phone_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.instance is not None and self.instance.organisation_id:
                context.update(effective_phone(self.instance))
            else:
                context["source"] = "unsaved"
            return context
