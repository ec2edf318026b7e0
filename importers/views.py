"""Admin views for imports: upload a file (run in the background), follow its progress, review the results.

Registered in importers/wagtail_hooks.py under /admin/imports/. Every view is limited to the user's cities
(guides.permissions); superusers see every city.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from directory.models import ConsultationWindow, Organisation
from guides.models import CityPage
from guides.permissions import user_can_access_city, user_city_ids

from .review import reason_label
from .tasks import KINDS, MAX_BYTES, ImportJob, detect_kind, run_import

ALLOWED_SUFFIXES = tuple(sorted(KINDS))
REVIEW_MODELS = {"window": ConsultationWindow, "organisation": Organisation}


def _cities_for(user) -> list[CityPage]:
    cities = CityPage.objects.order_by("title")
    if not user.is_superuser:
        cities = cities.filter(pk__in=user_city_ids(user))
    return list(cities)


# --- upload ------------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    city = forms.ModelChoiceField(queryset=CityPage.objects.none(), label=gettext_lazy("市町村"))
    file = forms.FileField(
        label=gettext_lazy("ファイル"),
        help_text=gettext_lazy(
            "相談窓口の一覧のページ（HTML）、書き出したCSV、実施計画のPDF。HTML・CSVは5MB、PDFは20MBまで。"
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = CityPage.objects.filter(pk__in=[c.pk for c in _cities_for(user)])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in KINDS:
            raise forms.ValidationError(_("HTML・CSV・PDF・テキストのファイルを選んでください。"))
        if upload.size == 0:
            raise forms.ValidationError(_("ファイルが空です。"))
        head = upload.read(4096)
        upload.seek(0)
        limit = MAX_BYTES[detect_kind(upload.name, head)]
        if upload.size > limit:
            raise forms.ValidationError(
                _("ファイルが大きすぎます（上限%(mb)dMB）。") % {"mb": limit // (1024 * 1024)}
            )
        return upload


def upload_view(request: HttpRequest) -> HttpResponse:
    if not _cities_for(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.create(
            city_id=form.cleaned_data["city"].pk,
            filename=upload.name,
            data=b"".join(upload.chunks()),
            user_id=request.user.pk,
        )
        result = run_import.enqueue(job.id)
        # With the database backend the job waits for `manage.py db_worker` (queued → running → done/failed);
        # with the ImmediateBackend (tests) it has already run. Either way the job page shows its status file.
        job.record_task(str(result.id))
        return redirect("importers_admin:job", job_id=job.id)
    return render(request, "importers/upload.html", {"form": form, "suffixes": ", ".join(ALLOWED_SUFFIXES)})


def _job_for(request: HttpRequest, job_id: str) -> ImportJob:
    job = ImportJob.load(job_id)
    if job is None:
        raise Http404
    allowed = job.user_id == request.user.pk or user_can_access_city(request.user, job.city_id)
    if not allowed:
        raise PermissionDenied
    return job.checked()


def job_view(request: HttpRequest, job_id: str) -> HttpResponse:
    job = _job_for(request, job_id)
    city = CityPage.objects.filter(pk=job.city_id).first()
    return render(
        request,
        "importers/job.html",
        {
            "job": job,
            "city": city,
            "running": job.status in {"queued", "running"},
            "status_url": reverse("importers_admin:job_status", kwargs={"job_id": job.id}),
            "review_url": reverse("importers_admin:review") + (f"?city={city.pk}" if city else ""),
        },
    )


def job_status_view(request: HttpRequest, job_id: str) -> JsonResponse:
    return JsonResponse(_job_for(request, job_id).as_status())


# --- review queue ------------------------------------------------------------------------------------


def _edit_url(obj) -> str:
    meta = obj._meta
    try:
        return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[obj.pk])
    except NoReverseMatch:
        return ""


def review_items(user, city_id: int | None = None) -> list[dict]:
    """Imported windows and organisations that are drafts, flagged, or in conflict, in the user's cities."""
    wanted = Q(needs_review=True) | Q(live=False) | Q(has_unpublished_changes=True)
    items = []
    for kind, model in REVIEW_MODELS.items():
        queryset = model.objects.exclude(source_key="").filter(wanted).select_related("city")
        if not user.is_superuser:
            queryset = queryset.filter(city_id__in=user_city_ids(user))
        if city_id:
            queryset = queryset.filter(city_id=city_id)
        for obj in queryset.order_by("-needs_review", "city__title", "pk")[:500]:
            reasons = obj.review_reasons or []
            items.append(
                {
                    "kind": kind,
                    "kind_label": model._meta.verbose_name,
                    "object": obj,
                    "name": getattr(obj, "title", "") or str(obj),
                    "city": obj.city,
                    "source_document": obj.source_document,
                    "source_location": obj.source_location,
                    "draft": not obj.live or obj.has_unpublished_changes,
                    "needs_review": obj.needs_review,
                    "conflicts": [r for r in reasons if r.get("kind") == "conflict"],
                    "missing": [r for r in reasons if r.get("kind") == "missing"],
                    "uncertain": [r for r in reasons if r.get("kind") == "uncertain"],
                    "garbled": [r for r in reasons if r.get("kind") == "garbled"],
                    "reason_labels": list(
                        dict.fromkeys(
                            reason_label(r.get("code", "")) or _("不確か")
                            for r in reasons
                            if r.get("kind") == "uncertain"
                        )
                    ),
                    "source_lines": [
                        line for r in reasons if r.get("kind") == "source" for line in r.get("lines", [])
                    ],
                    "in_moderation": bool(getattr(obj, "workflow_in_progress", False)),
                    "edit_url": _edit_url(obj),
                }
            )
    return items


def import_notes(user, city_id: int | None = None, *, limit: int = 50) -> list[dict]:
    """What the readers repaired or doubted in the latest finished import of each file, in the user's cities:
    tables joined over a page break 「表がページをまたいで結合されました (p.3→p.4)」, rows cut by a break joined
    back, and the parsers' warnings. The rows themselves are ordinary drafts; these notes say which to check."""
    jobs = ImportJob.objects.filter(status=ImportJob.Status.DONE).select_related("city")
    if not user.is_superuser:
        jobs = jobs.filter(city_id__in=user_city_ids(user))
    if city_id:
        jobs = jobs.filter(city_id=city_id)
    notes, seen = [], set()
    for job in jobs.order_by("-created").only("id", "city", "filename", "report", "finished", "created")[
        :limit
    ]:
        if (job.city_id, job.filename) in seen:
            continue  # an older import of the same file: superseded
        seen.add((job.city_id, job.filename))
        warnings = [str(w) for w in (job.report or {}).get("warnings", []) if str(w).strip()]
        if warnings:
            notes.append(
                {
                    "job": job,
                    "city": job.city,
                    "warnings": warnings,
                    "url": reverse("importers_admin:job", args=[job.pk]),
                }
            )
    return notes


def review_view(request: HttpRequest) -> HttpResponse:
    cities = _cities_for(request.user)
    try:
        city_id = int(request.GET.get("city") or 0) or None
    except ValueError:
        city_id = None
    items = review_items(request.user, city_id)
    return render(
        request,
        "importers/review.html",
        {
            "items": items,
            "notes": import_notes(request.user, city_id),
            "cities": cities,
            "city_id": city_id,
            "upload_url": reverse("importers_admin:upload"),
        },
    )


@require_POST
def submit_for_moderation_view(request: HttpRequest) -> HttpResponse:
    """Bulk action: the windows (and organisations) an editor ticked are accepted and sent to moderation.

    Each object's workflow (the city's snippet workflow, guides.setup_city_roles) is started on its latest
    revision, as 「承認依頼」 on the edit page would; its review flag is cleared. Objects outside the user's cities
    are refused; objects already in moderation are left alone.
    """
    submitted, skipped = [], []
    for value in request.POST.getlist("ids"):
        kind, _sep, pk = value.partition(":")
        model = REVIEW_MODELS.get(kind)
        if model is None or not pk.isdigit():
            continue
        obj = model.objects.filter(pk=int(pk)).first()
        if obj is None:
            continue
        if not user_can_access_city(request.user, obj.city_id):
            raise PermissionDenied
        name = getattr(obj, "title", "") or str(obj)
        workflow = obj.get_workflow()
        if workflow is None or obj.workflow_in_progress or obj.get_latest_revision() is None:
            skipped.append(name)
            continue
        workflow.start(obj, request.user)
        model.objects.filter(pk=obj.pk).update(needs_review=False, review_reasons=[])
        submitted.append(name)
    if submitted:
        messages.success(request, _("%(count)d件を承認依頼に出しました。") % {"count": len(submitted)})
    if skipped:
        messages.warning(
            request,
            _("承認依頼に出せなかった項目（承認中、またはワークフロー未設定）: %(names)s")
            % {"names": "、".join(skipped[:10])},
        )
    if not submitted and not skipped:
        messages.warning(request, _("承認依頼に出す項目を選んでください。"))
    return redirect(
        reverse("importers_admin:review")
        + (f"?city={request.POST['city']}" if request.POST.get("city", "").isdigit() else "")
    )


@require_POST
def mark_reviewed_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = REVIEW_MODELS.get(kind)
    if model is None:
        raise Http404
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    if not user_can_access_city(request.user, obj.city_id):
        raise PermissionDenied
    model.objects.filter(pk=pk).update(needs_review=False, review_reasons=[])
    messages.success(
        request, _("「%(name)s」を確認済みにしました。") % {"name": getattr(obj, "title", "") or obj}
    )
    return redirect(
        reverse("importers_admin:review")
        + (f"?city={request.POST['city']}" if request.POST.get("city") else "")
    )
