"""Per-city scoping of Wagtail permissions.

A user's cities come from their groups: ``<slug>-editors`` and ``<slug>-moderators``. Wagtail's snippet permissions
are model-wide, so ``CityScopedPermissionPolicy`` narrows them to objects whose ``city`` is one of the user's cities,
and ``city_scoped_view`` guards every admin URL that names an object (edit, delete, copy, preview, history, usage,
revisions, workflow, lock and unlock). Superusers see everything.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from wagtail.permission_policies import ModelPermissionPolicy

EDITORS = "editors"
MODERATORS = "moderators"
ROLES = (EDITORS, MODERATORS)
#: The national scope: snippets without a city (全国共通の相談窓口 and their operators) belong to the
#: ``zenkoku-editors`` / ``zenkoku-moderators`` groups, the national-editor role, through the same workflow.
NATIONAL_SCOPE = "zenkoku"
_CACHE_ATTR = "_tsunagu_city_roles"


def group_name(slug: str, role: str) -> str:
    return f"{slug}-{role}"


def user_city_roles(user) -> dict[str, set[str]]:
    """{city slug: {"editors", "moderators"}} from the user's group names, cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = {}
        for name in user.groups.values_list("name", flat=True):
            slug, _sep, role = name.rpartition("-")
            if slug and role in ROLES:
                cached.setdefault(slug, set()).add(role)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def user_city_ids(user, roles=ROLES) -> set[int]:
    from guides.models import CityPage

    slugs = [slug for slug, held in user_city_roles(user).items() if held & set(roles)]
    if not slugs:
        return set()
    return set(CityPage.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def user_has_national_role(user, roles=ROLES) -> bool:
    """Does the user edit (or moderate) the national lines?"""
    return bool(user_city_roles(user).get(NATIONAL_SCOPE, set()) & set(roles))


def user_can_access_city(user, city_id, roles=ROLES) -> bool:
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return city_id is not None and city_id in user_city_ids(user, roles)


def user_can_access_national(user, roles=ROLES) -> bool:
    if user is None or not user.is_active:
        return False
    return user.is_superuser or user_has_national_role(user, roles)


def user_moderates_city(user, city_id) -> bool:
    return user_can_access_city(user, city_id, roles=(MODERATORS,))


def city_id_of(obj) -> int | None:
    """The CityPage id an object belongs to: its ``city`` FK, itself, or its CityPage ancestor (pages)."""
    from wagtail.models import Page

    from guides.models import CityPage

    if obj is None:
        return None
    if isinstance(obj, CityPage):
        return obj.pk
    if hasattr(obj, "city_id"):
        return obj.city_id
    if isinstance(obj, Page):
        page = obj.page_ptr if hasattr(obj, "page_ptr") else obj
        city = CityPage.objects.filter(
            path__in=[page.path[:i] for i in range(4, len(page.path) + 1, 4)]
        ).first()
        return city.pk if city else None
    return None


class CityScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (add/change/delete/publish/lock/unlock) narrowed to the user's cities."""

    def _in_scope(self, user, instance) -> bool:
        if user.is_superuser:
            return True
        if not user.is_active:
            return False
        city_id = getattr(instance, "city_id", None)
        if instance is None or instance.pk is None:  # being created: the form limits the choice of city
            return True
        if city_id is None:  # a national line or its operator
            return user_has_national_role(user)
        return city_id in user_city_ids(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_scope(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        return scope_queryset(queryset, user)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        from guides.models import CityPage

        slug = (
            CityPage.objects.filter(pk=getattr(instance, "city_id", None))
            .values_list("slug", flat=True)
            .first()
        )
        if slug is None:
            slug = (
                NATIONAL_SCOPE if instance is not None and getattr(instance, "city_id", 0) is None else None
            )
        if slug is None:
            return users.filter(is_superuser=True)
        names = [group_name(slug, role) for role in ROLES]
        return users.filter(Q(is_superuser=True) | Q(groups__name__in=names)).distinct()


def scope_queryset(queryset, user, field="city"):
    """Only the user's cities' rows (everything for superusers, nothing for users without a city); national editors
    also get the rows without a city (the national lines)."""
    if user is not None and user.is_active and user.is_superuser:
        return queryset
    allowed = Q(**{f"{field}__in": user_city_ids(user)})
    if field != "pk" and user is not None and user.is_active and user_has_national_role(user):
        allowed |= Q(**{f"{field}__isnull": True})
    return queryset.filter(allowed)


def city_scoped_view(view, model):
    """Wrap an admin view taking ``pk``: 403 when the object belongs to a city the user does not work in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            rows = list(
                model._default_manager.filter(pk=unquote(str(pk))).values_list("city_id", flat=True)[:1]
            )
            if rows and rows[0] is not None and not user_can_access_city(request.user, rows[0]):
                raise PermissionDenied
            if rows and rows[0] is None and not user_can_access_national(request.user):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def users_in_city_role(slug: str, role: str):
    return get_user_model().objects.filter(groups__name=group_name(slug, role), is_active=True)
