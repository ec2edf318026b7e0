"""Admin screens that would name objects of cities the user does not work in, narrowed to the user's own.

Wagtail's bulk-action confirmations list the selected items the user may *not* act on, by their admin title — for a
page that is the latest draft's title — and the workflow preview's "not awaiting moderation" error names the page's
latest draft. Both take ids from the URL, so an editor of one city could read another city's unpublished titles by
trying ids. Here the items the user has no permission on at all are left out of the confirmation (they are never
acted on either), and the workflow preview answers 403 before it names anything.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction as PageDeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction as PageMoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction as PagePublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction as PageUnpublishBulkAction
from wagtail.models import Page
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDeleteBulkAction

SNIPPET_ACTIONS = ("add", "change", "delete", "publish", "lock", "unlock", "view")


def user_has_any_page_permission(user, page) -> bool:
    """Does any of the user's page permissions reach this page (its subtree is one the user works in)?"""
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(page.permissions_for_user(user).permissions)


class _HidesForeignItems:
    """Bulk actions list only the unpermitted items the user may know of."""

    def may_know_of(self, obj) -> bool:
        raise NotImplementedError

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        known = [obj for obj in extra["items_with_no_access"] if self.may_know_of(obj)]
        hidden = len(extra["items_with_no_access"]) - len(known)
        if hidden and self.request.method == "GET":
            messages.warning(
                self.request,
                _("選択した項目のうち %(count)d 件は、編集する権限のない市町村のものなので表示していません。")
                % {"count": hidden},
            )
        extra["items_with_no_access"] = known
        return objects, extra


class _PageScope(_HidesForeignItems):
    def may_know_of(self, obj) -> bool:
        return user_has_any_page_permission(self.request.user, obj)


class ScopedPageDeleteBulkAction(_PageScope, PageDeleteBulkAction):
    pass


class ScopedPageMoveBulkAction(_PageScope, PageMoveBulkAction):
    pass


class ScopedPagePublishBulkAction(_PageScope, PagePublishBulkAction):
    pass


class ScopedPageUnpublishBulkAction(_PageScope, PageUnpublishBulkAction):
    pass


class ScopedSnippetDeleteBulkAction(_HidesForeignItems, SnippetDeleteBulkAction):
    def may_know_of(self, obj) -> bool:
        return self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, SNIPPET_ACTIONS, obj
        )


BULK_ACTIONS = (
    ScopedPageDeleteBulkAction,
    ScopedPageMoveBulkAction,
    ScopedPagePublishBulkAction,
    ScopedPageUnpublishBulkAction,
    ScopedSnippetDeleteBulkAction,
)


def page_scoped_view(view):
    """Wrap an admin view taking ``page_id``: 403 unless the user has some permission on that page."""

    @wraps(view)
    def wrapper(request, *args, page_id, **kwargs):
        if request.user.is_authenticated:  # anonymous users get Wagtail's own login redirect
            page = Page.objects.filter(pk=page_id).first()
            if page is not None and not user_has_any_page_permission(request.user, page):
                raise PermissionDenied
        return view(request, *args, page_id=page_id, **kwargs)

    return wrapper


#: Page admin views that name the page's latest draft before checking the user's permission on it.
GUARDED_PAGE_VIEWS = ("workflow_preview",)


def guard_page_admin_urls() -> None:
    """Wrap the page admin URLs in GUARDED_PAGE_VIEWS with `page_scoped_view` (once)."""
    from wagtail.admin.urls import pages

    for pattern in pages.urlpatterns:
        if pattern.name in GUARDED_PAGE_VIEWS and not getattr(
            pattern.callback, "_tsunagu_page_scoped", False
        ):
            pattern.callback = page_scoped_view(pattern.callback)
            pattern.callback._tsunagu_page_scoped = True
