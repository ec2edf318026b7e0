"""Admin-wide hooks: the admin works in a closed network (LGWAN) and calls no external host."""

from wagtail import hooks

# Wagtail's help menu links to its English online guide and release notes; staff here cannot reach them (closed
# network) and they are not in Japanese. The keyboard-shortcuts item stays.
_EXTERNAL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def drop_external_help_links(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(_EXTERNAL_HELP_ITEMS)]
