"""Wagtail admin: the search-term report (zero-result and low-click queries) and one-click synonym proposals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from search.terms import propose_synonym, retention_days, term_report

PERIODS = (7, 30, 90)


def can_view_report(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("search.add_vocabularyentry"))


def term_report_view(request: HttpRequest) -> HttpResponse:
    if not can_view_report(request.user):
        raise PermissionDenied
    try:
        days = int(request.GET.get("days", "30"))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    from search.vocabulary import get_vocabulary

    concepts = sorted(name for name, c in get_vocabulary().concepts.items() if not c.crisis)
    return render(
        request,
        "search/admin/term_report.html",
        {
            "rows": term_report(days),
            "days": days,
            "periods": [p for p in PERIODS if p <= retention_days()],
            "retention_days": retention_days(),
            "concepts": concepts,
        },
    )


@require_POST
def propose_view(request: HttpRequest) -> HttpResponse:
    if not can_view_report(request.user):
        raise PermissionDenied
    term = request.POST.get("term", "")
    concept = request.POST.get("concept", "")
    try:
        searches = max(0, int(request.POST.get("searches", "0")))
        zero = max(0, int(request.POST.get("zero", "0")))
    except ValueError:
        searches = zero = 0
    try:
        propose_synonym(term, concept, request.user, searches=searches, zero=zero)
    except (LookupError, ValueError):
        messages.error(request, _("言い換えを提案できませんでした。検索語と概念を確かめてください。"))
    else:
        messages.success(
            request,
            _(
                "「%(term)s」を「%(concept)s」の言い換えとして提案しました。モデレーターが承認すると検索に使われます。"
            )
            % {"term": term, "concept": concept},
        )
    return redirect("search_terms:report")
