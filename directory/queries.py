"""Public read queries: only live windows, with what pages and the API show prefetched."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from guides.models import CityPage

from .models import ConsultationWindow, OrganisationPhone, Situation, WindowHours, WindowPhone

_IMPORT_FIELDS = ("import_snapshot", "review_reasons", "import_hash")


def live_cities() -> QuerySet[CityPage]:
    return CityPage.objects.live().public().order_by("path")


def public_windows() -> QuerySet[ConsultationWindow]:
    return (
        # A window is public only while its organisation and its city page are live too; national lines (no
        # city) only need their own and their operator's publication.
        ConsultationWindow.objects.filter(live=True, organisation__live=True)
        .filter(Q(city__live=True) | Q(city__isnull=True))
        .select_related("city", "organisation", "organisation__parent")
        # Import bookkeeping (JSON decoded per row) is never shown on public pages.
        .defer(*_IMPORT_FIELDS, *(f"organisation__{f}" for f in _IMPORT_FIELDS))
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


def around_the_clock_line_for(window: ConsultationWindow) -> ConsultationWindow | None:
    """The most specific 24-hour national line in one of a city window's categories (DV相談＋ before
    よりそいホットライン), or None. A fixed number of queries, whether or not a line fits."""
    lines = (
        national_windows()
        .filter(categories__in=[c.pk for c in window.categories.all()])
        .distinct()
        .prefetch_related(None)
        .prefetch_related(
            "categories",
            Prefetch("phones", queryset=WindowPhone.objects.order_by("sort_order")),
            Prefetch("hours", queryset=WindowHours.objects.order_by("sort_order")),
        )
    )
    fitting = [line for line in lines if line.is_around_the_clock]
    fitting.sort(key=lambda line: (len(line.categories.all()), line.pk))
    return fitting[0] if fitting else None


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

    The one rule for the directory pages, the API and directory.counts. Matched by correlated EXISTS on the link
    tables, so each window appears once without DISTINCT (which keeps ordering, slicing and counts plain) and a
    city's page reads only its own windows' links, not every window of the country.
    """
    field = "situations" if isinstance(situation, Situation) else "situations__slug"
    in_category = Exists(
        ConsultationWindow.categories.through.objects.filter(
            consultationwindow_id=OuterRef("pk"), **{f"category__{field}": situation}
        )
    )
    tagged = Exists(
        ConsultationWindow.situations.through.objects.filter(
            consultationwindow_id=OuterRef("pk"), **{field.replace("situations", "situation"): situation}
        )
    )
    return windows.filter(in_category | tagged)


def front_door(city: CityPage) -> ConsultationWindow | None:
    """The city's front door with what its panel shows (organisation, phones): three queries."""
    return (
        public_windows()
        .filter(city=city, is_front_door=True)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("phones", queryset=WindowPhone.objects.order_by("sort_order")),
            Prefetch("organisation__phones", queryset=OrganisationPhone.objects.order_by("sort_order")),
        )
        .first()
    )
