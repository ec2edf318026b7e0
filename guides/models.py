"""The page tree: the portal top, one CityPage per municipality, its programme and five businesses, national guides."""

import re
import unicodedata
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Orderable, Page
from wagtail.search import index

from .prefectures import BY_NAME as PREFECTURES_BY_NAME
from .prefectures import sort_key as prefecture_order
from .wareki import fiscal_year_label


class Provenance(models.Model):
    """Where an imported fact came from, so an editor can check it and a re-import can tell edits from upstream changes."""

    source_document = models.CharField(_("出典資料"), max_length=255, blank=True)
    source_location = models.CharField(_("出典の位置"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def source_label(self) -> str:
        return f"{self.source_document} {self.source_location}".strip()


class ImportedPage(Provenance, Page):
    """Base for pages an importer maintains: `source_key` is the stable id an upsert looks up."""

    source_key = models.CharField(_("取込キー"), max_length=120, blank=True, db_index=True, editable=False)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    is_creatable = False

    class Meta:
        abstract = True

    @cached_property
    def source_title(self) -> str:
        """The source document's title for residents (see document_title), found through the page's city."""
        city = CityPage.objects.ancestor_of(self, inclusive=True).first()
        return document_title(city, self.source_document)


class HomePage(Page):
    """The portal top: search, the eleven categories, the cities and the front-door entry."""

    lead = models.TextField(_("リード文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead")]

    template = "guides/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    # Up to this many cities are listed on the top page; more are grouped by prefecture.
    CITY_LIST_LIMIT = 60
    subpage_types = ["guides.CityPage", "guides.GuidePage", "guides.ComparisonPage"]
    max_count = 1

    class Meta:
        verbose_name = _("トップページ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cities = CityPage.objects.live().public().child_of(self)
        listed = list(cities.order_by("path")[: self.CITY_LIST_LIMIT + 1])
        if len(listed) > self.CITY_LIST_LIMIT:
            # A national site: prefectures (each leads to its cities) instead of 1,741 links on a phone.
            by_name = cities.values_list("prefecture").annotate(n=models.Count("pk")).order_by()
            context["prefectures"] = [
                (PREFECTURES_BY_NAME.get(name), name, n)
                for name, n in sorted(by_name, key=lambda row: prefecture_order(row[0]))
            ]
            listed = []
        context["cities"] = listed
        context["guides"] = GuidePage.objects.live().public().child_of(self)
        context["comparison"] = ComparisonPage.objects.live().public().child_of(self).first()
        return context


def _check_digit(code5: str) -> int:
    """Check digit of a 全国地方公共団体コード (総務省 rule: weights 6..2, modulus 11)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    remainder = total % 11
    return (11 - remainder) % 10 if remainder else 0


def validate_local_gov_code(value: str) -> None:
    if not re.fullmatch(r"\d{6}", value or "") or _check_digit(value[:5]) != int(value[5]):
        raise ValidationError(_("全国地方公共団体コードは検査数字を含む6桁の数字で入力してください。"))


class CityPage(ImportedPage):
    """One municipality. The root of everything the city owns: pages, windows, forms, documents and permissions."""

    prefecture = models.CharField(_("都道府県"), max_length=10)
    local_gov_code = models.CharField(
        _("全国地方公共団体コード"), max_length=6, validators=[validate_local_gov_code], unique=True
    )
    name_kana = models.CharField(_("よみがな"), max_length=60, blank=True)
    main_phone = models.CharField(_("代表電話"), max_length=30, blank=True)
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    website = models.URLField(_("公式サイト"), blank=True)
    area_code = models.CharField(_("市外局番"), max_length=6, blank=True)
    contact_department = models.CharField(_("担当部署"), max_length=120, blank=True)
    contact_address = models.CharField(_("担当部署の所在地"), max_length=200, blank=True)
    contact_phone = models.CharField(_("担当部署の電話"), max_length=80, blank=True)
    contact_fax = models.CharField(_("担当部署のFAX"), max_length=30, blank=True)
    contact_email = models.EmailField(_("担当部署のメール"), blank=True)
    # Set once by ensure_city / add_city (guides.models.city_collection); never by title, never from a revision.
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("文書のコレクション"),
    )

    search_fields = [*Page.search_fields, index.SearchField("prefecture")]
    # A copied city gets its own collection (add_city / setup_city_roles), never the original's.
    exclude_fields_in_copy = ["collection"]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("prefecture"), FieldPanel("local_gov_code")]),
                FieldPanel("name_kana"),
                FieldRowPanel([FieldPanel("main_phone"), FieldPanel("area_code")]),
                FieldPanel("address"),
                FieldPanel("website"),
            ],
            heading=_("基本情報"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_department"),
                FieldPanel("contact_address"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_fax")]),
                FieldPanel("contact_email"),
            ],
            heading=_("発行元・問い合わせ先"),
        ),
        MultiFieldPanel([FieldPanel("source_document"), FieldPanel("source_location")], heading=_("出典")),
    ]

    template = "guides/city_page.html"
    parent_page_types = ["guides.HomePage"]
    subpage_types = ["guides.ProgramPage", "guides.GuidePage"]

    class Meta:
        verbose_name = _("市町村")
        verbose_name_plural = _("市町村")

    @property
    def slug_code(self) -> str:
        return self.slug

    def get_collection(self, *, create: bool = False) -> Collection | None:
        return city_collection(self, create=create)

    def with_content_json(self, content):
        # The collection is structural (permissions and documents hang off it), like the tree position: publishing
        # or reverting to a revision saved before it was linked must not unlink it.
        obj = super().with_content_json(content)
        obj.collection_id = self.collection_id
        return obj

    @cached_property
    def program(self):
        return ProgramPage.objects.live().child_of(self).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["program"] = self.program
        context["businesses"] = (
            BusinessPage.objects.live().descendant_of(self).order_by("kind")
            if self.program
            else BusinessPage.objects.none()
        )
        return context


def city_collection(city: CityPage, *, create: bool = False) -> Collection | None:
    """The city's document collection (``CityPage.collection``): the one place that finds it.

    With ``create=True`` a city without one is linked once: to an unclaimed top-level collection named after it
    (cities made before the link existed, or a collection an administrator prepared), else to a new top-level
    collection. The name is only a label: 府中市 (東京都) and 府中市 (広島県) get 「府中市」 and 「府中市（広島県）」.
    """
    if city.collection_id:
        return city.collection
    if not create:
        return None
    top_level = Collection.objects.filter(depth=2)
    claimed = CityPage.objects.exclude(collection=None).values_list("collection_id", flat=True)
    collection = top_level.filter(name=city.title).exclude(pk__in=claimed).order_by("path").first()
    if collection is None:
        names = set(top_level.values_list("name", flat=True))
        name = next(
            (n for n in (city.title, f"{city.title}（{city.prefecture}）") if n not in names),
            f"{city.title}（{city.slug}）",
        )
        collection = Collection.get_first_root_node().add_child(name=name)
    city.collection = collection
    if city.pk:
        # update(), not save(): no new revision, and the live page's other fields are left as they are.
        CityPage.objects.filter(pk=city.pk).update(collection=collection)
    return collection


class BusinessKind(models.IntegerChoices):
    """The five businesses, numbered as the clauses of 社会福祉法第106条の4第2項."""

    COMPREHENSIVE = 1, _("包括的相談支援事業")
    PARTICIPATION = 2, _("参加支援事業")
    COMMUNITY = 3, _("地域づくり事業")
    OUTREACH = 4, _("アウトリーチ等を通じた継続的支援事業")
    MULTI_AGENCY = 5, _("多機関協働事業")


class BusinessStatus(models.TextChoices):
    NEW = "new", _("新規")
    EXPANDED = "expanded", _("拡充")
    EXISTING = "existing", _("既存")
    UNKNOWN = "", _("記載なし")


# Agency.role of partners named in a plan (想定される連携先): listed, but they do not run the business.
PARTNER_ROLE = "連携先"


class ProgramPage(ImportedPage):
    """A city's 重層的支援体制整備事業: policy, plan period, timeline, meetings and indicators."""

    plan_title = models.CharField(_("計画名"), max_length=200, blank=True)
    published = models.CharField(_("策定・発行"), max_length=40, blank=True, help_text=_("例: 令和7年3月"))
    period_start = models.PositiveSmallIntegerField(_("計画期間の開始年度（西暦）"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("計画期間の終了年度（西暦）"), null=True, blank=True)
    basic_policy = models.TextField(_("基本方針"), blank=True)
    legal_basis = models.CharField(_("根拠法令"), max_length=200, blank=True, default="社会福祉法第106条の4")
    coordinators = models.TextField(_("推進体制・配置"), blank=True, help_text=_("1行に1件"))

    search_fields = [*Page.search_fields, index.SearchField("basic_policy"), index.SearchField("plan_title")]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("plan_title"),
                FieldPanel("published"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("legal_basis"),
            ],
            heading=_("計画"),
        ),
        FieldPanel("basic_policy"),
        FieldPanel("coordinators"),
        InlinePanel("milestones", label=_("移行スケジュール")),
        InlinePanel("sections", label=_("事業の説明")),
        InlinePanel("meetings", label=_("会議")),
        InlinePanel("indicators", label=_("評価指標")),
        MultiFieldPanel([FieldPanel("source_document"), FieldPanel("source_location")], heading=_("出典")),
    ]

    template = "guides/program_page.html"
    parent_page_types = ["guides.CityPage"]
    subpage_types = ["guides.BusinessPage"]

    class Meta:
        verbose_name = _("重層的支援体制整備事業")
        verbose_name_plural = _("重層的支援体制整備事業")

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("終了年度は開始年度以降にしてください。")})

    @property
    def city(self) -> CityPage:
        return CityPage.objects.get(pk=self.get_parent().pk)

    @property
    def period_label(self) -> str:
        if not self.period_start:
            return ""
        end = self.period_end or self.period_start
        return f"{fiscal_year_label(self.period_start)}～{fiscal_year_label(end)}"

    @property
    def coordinator_list(self) -> list[str]:
        return [line for line in self.coordinators.splitlines() if line.strip()]

    def businesses(self):
        return BusinessPage.objects.live().child_of(self).order_by("kind")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["businesses"] = self.businesses()
        context["city"] = self.city
        return context


def document_title(city: CityPage | None, source_document: str) -> str:
    """How residents see an imported fact's source: the plan's title, never the file name (「003_….txt」).

    The plan a city's programme page was imported from names the document (「由布市「…実施計画」（令和7年3月）」);
    a document without a known title (a converted web page, an uploaded list) is 「〇〇市の公開資料」.
    """
    if not source_document:
        return ""
    programs = ProgramPage.objects.filter(source_document=source_document)
    if city is not None:
        programs = programs.descendant_of(city)
    program = programs.only("title", "plan_title", "published").first()
    city_name = city.title if city is not None else ""
    if program is not None and program.plan_title:
        title = f"{city_name}「{program.plan_title}」"
        return f"{title}（{program.published}）" if program.published else title
    return _("%(city)sの公開資料") % {"city": city_name} if city_name else str(_("市の公開資料"))


class ProgramMilestone(Provenance, Orderable):
    page = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="milestones")
    fiscal_year = models.PositiveSmallIntegerField(_("年度（西暦）"))
    label = models.CharField(_("内容"), max_length=200)

    panels = [FieldPanel("fiscal_year"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("移行スケジュール")

    def __str__(self) -> str:
        return f"{self.fiscal_year_label} {self.label}"

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)


class ProgramSection(Provenance, Orderable):
    """Explanatory text as the city published it, shown with its source."""

    page = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("見出し"), max_length=200)
    body = models.TextField(_("本文"))

    panels = [FieldPanel("heading"), FieldPanel("body")]

    class Meta(Orderable.Meta):
        verbose_name = _("事業の説明")

    def __str__(self) -> str:
        return self.heading


class MeetingKind(models.TextChoices):
    SUPPORT = "support", _("支援会議")
    LAYERED = "layered", _("重層的支援会議")
    OTHER = "other", _("その他の会議")


class Consent(models.TextChoices):
    REQUIRED = "required", _("本人同意あり")
    NOT_REQUIRED = "not_required", _("本人同意なし（守秘義務あり）")
    UNSTATED = "", _("記載なし")


WEEKDAYS_JA = "月火水木金土日"
_NTH_WEEKDAY = re.compile(r"毎月第([1-5１-５])([月火水木金土日])曜")


class Meeting(Provenance, Orderable):
    """A meeting of the programme (支援会議, 重層的支援会議, …) with its schedule rule and consent rule."""

    page = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="meetings")
    name = models.CharField(_("会議名"), max_length=120)
    kind = models.CharField(_("種別"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.OTHER)
    schedule = models.CharField(
        _("開催頻度"), max_length=120, blank=True, help_text=_("例: 毎月第4水曜日、月1回、随時")
    )
    organiser = models.CharField(_("運営者"), max_length=200, blank=True)
    members = models.TextField(_("参加者"), blank=True, help_text=_("1行に1件"))
    roles = models.TextField(_("役割・主な協議内容"), blank=True, help_text=_("1行に1件"))
    consent = models.CharField(_("本人同意"), max_length=20, choices=Consent.choices, blank=True)
    notes = models.TextField(_("備考"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("schedule"), FieldPanel("consent")]),
        FieldPanel("organiser"),
        FieldPanel("members"),
        FieldPanel("roles"),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("会議")

    def __str__(self) -> str:
        return self.name

    @property
    def member_list(self) -> list[str]:
        return [line for line in self.members.splitlines() if line.strip()]

    @property
    def role_list(self) -> list[str]:
        return [line for line in self.roles.splitlines() if line.strip()]

    def next_dates(self, today: date | None = None, count: int = 3) -> list[date]:
        """Next dates for rules like 毎月第4水曜日; [] where the rule has no calendar (月1回, 随時)."""
        match = _NTH_WEEKDAY.search(unicodedata.normalize("NFKC", self.schedule))
        if not match:
            return []
        nth, weekday = int(match.group(1)), WEEKDAYS_JA.index(match.group(2))
        today = today or date.today()
        found: list[date] = []
        year, month = today.year, today.month
        while len(found) < count:
            first = date(year, month, 1)
            candidate = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
            if candidate.month == month and candidate >= today:
                found.append(candidate)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


class IndicatorKind(models.TextChoices):
    OUTCOME = "outcome", _("評価指標")
    PLAN_TARGET = "plan_target", _("プラン作成目標")


class Indicator(Provenance, Orderable):
    """An evaluation indicator: baseline and targets, kept as written (64.1%, 226,650件) plus a number for charts."""

    page = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指標名"), max_length=255)
    kind = models.CharField(
        _("種別"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.OUTCOME
    )
    unit = models.CharField(_("単位"), max_length=20, blank=True)
    survey = models.CharField(_("出典（調査名など）"), max_length=120, blank=True)
    baseline_label = models.CharField(_("現状の時点"), max_length=40, blank=True)
    baseline_value = models.CharField(_("現状値"), max_length=120, blank=True)
    targets = models.JSONField(
        _("目標"), default=list, blank=True, help_text=_('[{"year": "R7", "value": "70.0%"}] の形式')
    )
    notes = models.TextField(_("備考"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("unit"), FieldPanel("survey")]),
        FieldRowPanel([FieldPanel("baseline_label"), FieldPanel("baseline_value")]),
        FieldPanel("targets"),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("評価指標")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def as_number(value: str) -> float | None:
        match = re.search(r"-?\d[\d,]*(?:\.\d+)?", unicodedata.normalize("NFKC", value or ""))
        return float(match.group().replace(",", "")) if match else None

    @property
    def final_target(self) -> dict | None:
        return self.targets[-1] if self.targets else None

    @property
    def chart(self) -> list[dict]:
        """Bars for the accessible chart: every point with a number, scaled to the largest."""
        points = []
        if self.baseline_value:
            points.append({"label": _("現状"), "year": self.baseline_label, "value": self.baseline_value})
        points += [
            {"label": _("目標"), "year": t.get("year", ""), "value": t.get("value", "")} for t in self.targets
        ]
        numbers = [self.as_number(p["value"]) for p in points]
        peak = max((n for n in numbers if n is not None), default=0)
        for point, number in zip(points, numbers, strict=True):
            point["percent"] = round(100 * number / peak) if number is not None and peak else None
        return points


class BusinessPage(ImportedPage):
    """One of the five businesses in one city: who runs it, where, how many, and its sub-programmes."""

    kind = models.PositiveSmallIntegerField(_("事業"), choices=BusinessKind.choices)
    status = models.CharField(_("区分"), max_length=10, choices=BusinessStatus.choices, blank=True)
    description = models.TextField(_("事業の内容"), blank=True)
    overview = models.TextField(_("事業の概要（箇条書き）"), blank=True, help_text=_("1行に1件"))
    target = models.TextField(_("支援対象者"), blank=True)
    activities = models.TextField(_("実施内容"), blank=True)
    responsible = models.CharField(_("担当機関"), max_length=255, blank=True)
    notes = models.TextField(_("備考"), blank=True)

    search_fields = [*Page.search_fields, index.SearchField("description"), index.SearchField("responsible")]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldPanel("description"),
        FieldPanel("overview"),
        FieldPanel("target"),
        FieldPanel("activities"),
        FieldPanel("responsible"),
        InlinePanel("agencies", label=_("実施機関")),
        InlinePanel("subprograms", label=_("主な取組")),
        FieldPanel("notes"),
        MultiFieldPanel([FieldPanel("source_document"), FieldPanel("source_location")], heading=_("出典")),
    ]

    template = "guides/business_page.html"
    parent_page_types = ["guides.ProgramPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("事業")
        verbose_name_plural = _("事業")

    @property
    def clause(self) -> str:
        return f"社会福祉法第106条の4第2項第{self.kind}号"

    @property
    def city(self) -> CityPage:
        return CityPage.objects.ancestor_of(self).get()

    @property
    def overview_list(self) -> list[str]:
        return [line for line in self.overview.splitlines() if line.strip()]

    @property
    def running_agencies(self) -> list["Agency"]:
        """Agencies that carry out the business; partners listed as 連携先 are not counted."""
        return [a for a in self.agencies.all() if a.role != PARTNER_ROLE]

    @property
    def total_sites(self) -> int | None:
        counts = [a.sites for a in self.running_agencies if a.sites is not None]
        return sum(counts) if counts else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["city"] = self.city
        return context


class Operation(models.TextChoices):
    CONTRACTED = "委託", _("委託")
    DIRECT = "直営", _("直営")
    BOTH = "委託・直営", _("委託・直営")
    SUBSIDY = "団体補助", _("団体補助")
    UNSTATED = "", _("記載なし")


class Agency(Provenance, Orderable):
    """An agency that carries out a business (structured so staff can compare cities)."""

    page = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(_("機関名"), max_length=200)
    field = models.CharField(_("分野"), max_length=60, blank=True)
    sites = models.PositiveIntegerField(_("設置箇所数"), null=True, blank=True)
    sites_text = models.CharField(_("設置箇所数（記載どおり）"), max_length=120, blank=True)
    site_type = models.CharField(_("設置形態"), max_length=120, blank=True)
    operation = models.CharField(_("運営形態"), max_length=10, choices=Operation.choices, blank=True)
    department = models.CharField(_("所管課"), max_length=120, blank=True)
    area = models.CharField(_("対象圏域"), max_length=120, blank=True)
    target = models.TextField(_("支援対象者"), blank=True)
    activities = models.TextField(_("実施内容"), blank=True)
    role = models.CharField(_("役割"), max_length=60, blank=True)
    notes = models.TextField(_("備考"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("field")]),
        FieldRowPanel([FieldPanel("sites"), FieldPanel("sites_text"), FieldPanel("operation")]),
        FieldRowPanel([FieldPanel("site_type"), FieldPanel("department"), FieldPanel("area")]),
        FieldPanel("target"),
        FieldPanel("activities"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("notes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("実施機関")

    def __str__(self) -> str:
        return self.name


class SubProgram(Provenance, Orderable):
    page = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="subprograms")
    group = models.CharField(_("区分"), max_length=120, blank=True)
    name = models.CharField(_("取組名"), max_length=200)
    field = models.CharField(_("分野"), max_length=60, blank=True)
    count = models.PositiveIntegerField(_("数"), null=True, blank=True)
    count_text = models.CharField(_("数（記載どおり）"), max_length=120, blank=True)
    operation = models.CharField(_("実施方式"), max_length=20, blank=True)
    department = models.CharField(_("所管課"), max_length=120, blank=True)
    target = models.TextField(_("対象者"), blank=True)
    notes = models.TextField(_("備考"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("group"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("field"), FieldPanel("count"), FieldPanel("count_text")]),
        FieldRowPanel([FieldPanel("operation"), FieldPanel("department")]),
        FieldPanel("target"),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("主な取組")

    def __str__(self) -> str:
        return self.name


class GuidePage(Page):
    """Explanations in our own words (地域共生社会, 支援会議と重層的支援会議 …) and policy pages."""

    summary = models.TextField(_("要約"), blank=True)
    body = RichTextField(_("本文"), features=["h2", "h3", "bold", "ol", "ul", "link"])

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]

    template = "guides/guide_page.html"
    parent_page_types = ["guides.HomePage", "guides.CityPage", "guides.GuidePage"]
    subpage_types = ["guides.GuidePage"]

    class Meta:
        verbose_name = _("解説ページ")
        verbose_name_plural = _("解説ページ")


# The city-scoped approval task and the comparison page (its queries are long) live in their own modules;
# importing them here registers the models with the app.
from .comparison import ComparisonPage  # noqa: E402,F401
from .workflows import CityApprovalTask  # noqa: E402,F401
