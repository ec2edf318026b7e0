from django import template

from .. import counts
from ..models import Situation
from ..queries import front_door as find_front_door

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
