"""Admin: the import upload page and the review queue (「取り込み」 in the admin menu)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from guides.permissions import user_city_ids


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("imports/", include("importers.admin_urls", namespace="importers_admin"))]


class CityEditorMenuItem(MenuItem):
    """Shown to superusers and to editors or moderators of at least one city."""

    def is_shown(self, request) -> bool:
        user = request.user
        return user.is_superuser or bool(user_city_ids(user))


@hooks.register("register_admin_menu_item")
def register_import_menu():
    submenu = Menu(
        items=[
            CityEditorMenuItem(
                _("ファイルを取り込む"),
                reverse("importers_admin:upload"),
                name="import-upload",
                icon_name="upload",
                order=10,
            ),
            CityEditorMenuItem(
                _("取り込みの確認"),
                reverse("importers_admin:review"),
                name="import-review",
                icon_name="tasks",
                order=20,
            ),
        ]
    )
    return SubmenuMenuItem(_("取り込み"), submenu, name="imports", icon_name="download", order=250)
