"""Public read queries: only live windows, with what pages and the API show prefetched."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from guides.models import CityPage

from .models import Category, ConsultationWindow, OrganisationPhone, Situation, WindowHours, WindowPhone


def live_cities() -> QuerySet[CityPage]:
    return CityPage.objects.live().public().order_by("path")


def public_windows() -> QuerySet[ConsultationWindow]:
    return (
        # A window is public only while its organisation and its city page are live too; national lines (no
        # city) only need their own and their operator's publication.
        ConsultationWindow.objects.filter(live=True, organisation__live=True)
        .filter(Q(city__live=True) | Q(city__isnull=True))
        .select_related("city", "organisation", "organisation__parent")
        .prefetch_related(
            "categories",
            "situations",
            "links",
            Prefetch("phones", queryset=WindowPhone.objects.order_by("sort_order")),
            Prefetch("hours", queryset=WindowHours.objects.order_by("sort_order")),
            Prefetch("organisation__phones", queryset=OrganisationPhone.objects.order_by("sort_order")),
        )
        # National lines after every city's windows, on every database (SQLite sorts NULL first, PostgreSQL last).
        .order_by(F("city__path").asc(nulls_last=True), "-is_front_door", "pk")
    )


def city_windows() -> QuerySet[ConsultationWindow]:
    """Public windows that belong to a city (no national lines)."""
    return public_windows().filter(city__isnull=False)


def national_windows() -> QuerySet[ConsultationWindow]:
    """The public national lines (全国共通)."""
    return public_windows().filter(city__isnull=True)


def filter_by_situation(
    windows: QuerySet[ConsultationWindow], situation: Situation | str
) -> QuerySet[ConsultationWindow]:
    """Windows for a situation (or its slug): tagged with it directly, or in one of its categories.

    The one rule for the directory pages and the API. Matched through a subquery of ids, so each window
    appears once without DISTINCT on the outer query (which keeps its ordering, slicing and counts plain).
    """
    if isinstance(situation, Situation):
        match = Q(situations=situation) | Q(categories__situations=situation)
    else:
        match = Q(situations__slug=situation) | Q(categories__situations__slug=situation)
    return windows.filter(pk__in=ConsultationWindow.objects.filter(match).values("pk"))


def category_counts(windows: QuerySet[ConsultationWindow]) -> list[Category]:
    """Every category annotated with how many of `windows` it holds (facets show zeros too)."""
    ids = windows.values("pk")
    # Meta.ordering is not applied to GROUP BY queries, so the order is explicit.
    return list(
        Category.objects.annotate(count=Count("windows", filter=Q(windows__in=ids), distinct=True)).order_by(
            "order"
        )
    )


def front_door(city: CityPage) -> ConsultationWindow | None:
    return public_windows().filter(city=city, is_front_door=True).first()
