"""Per-city roles and the approval workflow: `python manage.py setup_city_roles`. Idempotent.

For each CityPage: groups ``<slug>-editors`` and ``<slug>-moderators`` with page permissions on the city's subtree,
collection permissions on the city's collection (``CityPage.collection``) and (city-scoped, see guides.permissions)
snippet permissions; a workflow 「<市名> 承認フロー（<slug>）」 (作成 → 所管課長承認 → 公開) on the city page. Groups,
task and workflow are keyed by the slug; the city name is only a label (kept current), so a renamed city and two
cities of the same name (府中市 in 東京都 and 広島県) keep their own. Snippets share one workflow whose
CityApprovalTask lets only the moderators of the object's own city approve it.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from guides.models import CityPage, city_collection
from guides.permissions import EDITORS, MODERATORS, NATIONAL_SCOPE, group_name
from guides.workflows import CityApprovalTask

PAGE_PERMS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMS = {
    EDITORS: [
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
    MODERATORS: [
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
        ("wagtaildocs", "delete_document"),
    ],
}
SNIPPET_MODELS = [
    ("directory", "consultationwindow"),
    ("directory", "organisation"),
    ("directory", "referralform"),
]
SNIPPET_ACTIONS = {
    EDITORS: ["add", "change", "lock"],
    MODERATORS: ["add", "change", "delete", "publish", "lock", "unlock"],
}
SNIPPET_WORKFLOW = "市町村別 所管課長承認（相談窓口・組織・つなぐシート）"
SNIPPET_TASK = "所管課長承認（市町村別）"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


PAGE_TASK = "所管課長承認"
PAGE_WORKFLOW = "承認フロー"


def city_label(city: CityPage, what: str) -> str:
    """「由布市 承認フロー（yufu）」: the slug in the name is the key, the city name only a label."""
    return f"{city.title} {what}（{city.slug}）"


def _keyed(queryset, city: CityPage, what: str, legacy, log):
    """The city's task or workflow by its slug key, relabelled when the city was renamed.

    ``legacy`` narrows the old title-only name (「由布市 承認フロー」) to objects already tied to this city, so a
    second city of the same name never takes over the first one's.
    """
    obj = queryset.filter(name__endswith=f"{what}（{city.slug}）").order_by("pk").first()
    if obj is None:
        obj = legacy(queryset.filter(name=f"{city.title} {what}")).order_by("pk").first()
    if obj is not None and obj.name != city_label(city, what):
        obj.name = city_label(city, what)
        obj.save(update_fields=["name"])
        log(f"renamed {obj.name}")
    return obj


def _ensure_workflow(name: str, task, log, workflow: Workflow | None = None) -> Workflow:
    created = False
    if workflow is None:
        workflow, created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        # workflow.workflow_tasks.create() is only saved with workflow.save(); create the row directly.
        WorkflowTask.objects.filter(workflow=workflow).delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        log(f"workflow {name}: task {task.name}")
    elif created:
        log(f"workflow {name}")
    return workflow


@transaction.atomic
def setup_city(city: CityPage, log=lambda message: None) -> dict[str, Group]:
    groups = {}
    admin_access = _permission("wagtailadmin", "access_admin")
    collection = city_collection(city, create=True)
    for role in (EDITORS, MODERATORS):
        group, created = Group.objects.get_or_create(name=group_name(city.slug, role))
        if created:
            log(f"group {group.name}")
        groups[role] = group
        group.permissions.add(admin_access)
        for codename in PAGE_PERMS[role]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=city.page_ptr, permission=_permission("wagtailcore", codename)
            )
        for app_label, codename in COLLECTION_PERMS[role]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app_label, codename)
            )
        for app_label, model in SNIPPET_MODELS:
            for action in SNIPPET_ACTIONS[role]:
                group.permissions.add(_permission(app_label, f"{action}_{model}"))
    moderators = groups[MODERATORS]
    task = _keyed(
        GroupApprovalTask.objects.all(), city, PAGE_TASK, lambda qs: qs.filter(groups=moderators), log
    )
    if task is None:
        task = GroupApprovalTask.objects.create(name=city_label(city, PAGE_TASK))
        log(f"task {task.name}")
    task.groups.add(moderators)
    workflow = _keyed(
        Workflow.objects.all(),
        city,
        PAGE_WORKFLOW,
        lambda qs: qs.filter(workflow_pages__page=city.page_ptr),
        log,
    )
    workflow = _ensure_workflow(city_label(city, PAGE_WORKFLOW), task, log, workflow)
    WorkflowPage.objects.update_or_create(page=city.page_ptr, defaults={"workflow": workflow})
    return groups


@transaction.atomic
def setup_national_roles(log=lambda message: None) -> dict[str, Group]:
    """``zenkoku-editors`` / ``zenkoku-moderators``: the national-editor role. They edit the national lines (windows
    and organisations without a city) through the same snippet workflow; CityApprovalTask lets the national
    moderators approve them. No pages or collections: the national lines own none."""
    groups = {}
    admin_access = _permission("wagtailadmin", "access_admin")
    for role in (EDITORS, MODERATORS):
        group, created = Group.objects.get_or_create(name=group_name(NATIONAL_SCOPE, role))
        if created:
            log(f"group {group.name}")
        groups[role] = group
        group.permissions.add(admin_access)
        for app_label, model in SNIPPET_MODELS[:2]:  # windows and organisations; つなぐシート are a city's
            for action in SNIPPET_ACTIONS[role]:
                group.permissions.add(_permission(app_label, f"{action}_{model}"))
    return groups


@transaction.atomic
def setup_snippet_workflow(log=lambda message: None) -> Workflow:
    task = CityApprovalTask.objects.filter(name=SNIPPET_TASK).first()
    if task is None:
        task = CityApprovalTask.objects.create(name=SNIPPET_TASK)
        log(f"task {task.name}")
    workflow = _ensure_workflow(SNIPPET_WORKFLOW, task, log)
    for app_label, model in SNIPPET_MODELS:
        content_type = ContentType.objects.get(app_label=app_label, model=model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    return workflow


class Command(BaseCommand):
    help = (
        "Create or update the per-city editor/moderator groups, their permissions and the approval workflows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", action="append", help="Only these city slugs (repeatable).")

    def handle(self, *args, city=None, verbosity=1, **options):
        def log(message):
            if verbosity > 1:
                self.stdout.write(message)

        cities = CityPage.objects.order_by("path")
        if city:
            cities = cities.filter(slug__in=city)
        count = 0
        for page in cities:
            setup_city(page, log)
            count += 1
        if not city:
            setup_national_roles(log)
        setup_snippet_workflow(log)
        self.stdout.write(
            f"City roles and workflows are set up for {count} cities (and the national-editor role)."
        )
