"""``{{ object|has_verified_date }}``: whether an object under review has a 最終確認日 (``verified_on``) field.

The approval confirmation (guides/admin/approve_modal.html) offers 「確認日を今日にする」 only for such objects.
"""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


@register.filter
def has_verified_date(obj) -> bool:
    try:
        obj._meta.get_field("verified_on")
    except (AttributeError, FieldDoesNotExist):
        return False
    return True
