from django import template
from django.utils import timezone

from .. import counts
from .. import hours as hours_rules
from ..models import Situation
from ..queries import front_door as find_front_door
from ..referral import ReferralForm

register = template.Library()


@register.inclusion_tag("directory/includes/category_tiles.html")
def category_tiles(city=None):
    base = f"/{city.slug}/soudan/" if city is not None else "/soudan/"
    return {"categories": counts.category_facets(city=city), "base": base}


@register.inclusion_tag("directory/includes/situations.html")
def situation_entries(city=None):
    return {
        "situations": Situation.objects.filter(show_on_home=True).prefetch_related("categories"),
        "city": city,
    }


@register.inclusion_tag("directory/includes/front_door.html")
def front_door(city, window=None):
    """The city's front door; pass ``window`` when the view has already looked it up."""
    return {"window": window if window is not None else find_front_door(city), "city": city}


@register.inclusion_tag("directory/includes/window_card.html")
def window_card(window, heading_level=3, highlight=None):
    return {"window": window, "heading_level": heading_level}


@register.inclusion_tag("directory/includes/result_hours.html")
def result_hours(payload):
    """受付時間 and the 受付中 badge for a search result, from the rows its payload carries."""
    rows = hours_rules.rows_from_json(payload.get("hours"))
    return {
        "status": hours_rules.open_status(rows, timezone.now()),
        "hours_text": payload.get("hours_text", ""),
        "has_phone": bool(payload.get("phones")),
    }


@register.inclusion_tag("directory/includes/for_agencies.html")
def for_agencies(city, heading_level=2):
    """「支援機関の方へ」: the city's つなぐシート, its directory as a staff table and its open data."""
    return {
        "city": city,
        "has_forms": ReferralForm.objects.filter(live=True, city=city).exists(),
        "heading_level": heading_level,
    }
