"""Pages of the portal itself (not of a city): the privacy policy."""

from django.conf import settings
from django.shortcuts import render


def privacy(request):
    """プライバシーポリシー: what is stored and for how long, read from the settings that enforce it."""
    return render(request, "privacy.html", {"search_log_days": settings.WAGTAILSEARCH_HITS_MAX_AGE})
