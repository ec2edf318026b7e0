"""The consultation-window directory: organisations, their windows, phones, hours, categories and situations."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin, WorkflowMixin
from wagtail.search import index

from guides.models import BusinessKind, CityPage, Operation, Provenance, document_title

from . import hours as hours_rules
from . import phones as phone_rules
from .panels import EffectivePhonePanel


class Category(models.Model):
    """One of the eleven consultation categories (経済 … 人権). Rows are created by a migration."""

    slug = models.SlugField(_("スラッグ"), unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    icon = models.CharField(_("アイコン"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    description = models.TextField(_("説明"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("分野")
        verbose_name_plural = _("分野")

    def __str__(self) -> str:
        return self.name


class Situation(models.Model):
    """A situation entry point (8050問題, ヤングケアラー …): plain words that lead to the right categories."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    slug = models.SlugField(_("スラッグ"), unique=True)
    prompt = models.CharField(
        _("入口の文言"),
        max_length=120,
        blank=True,
        help_text=_("例: 家族のことで困りごとがいくつも重なっている"),
    )
    explanation = models.TextField(_("説明（やさしい言葉で）"), blank=True)
    categories = models.ManyToManyField(
        Category, blank=True, related_name="situations", verbose_name=_("関連する分野")
    )
    show_on_home = models.BooleanField(_("トップページに表示"), default=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("prompt"),
        FieldPanel("explanation"),
        FieldPanel("categories"),
        FieldRowPanel([FieldPanel("show_on_home"), FieldPanel("order")]),
    ]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("状況")
        verbose_name_plural = _("状況")

    def __str__(self) -> str:
        return self.name


class ImportedSnippet(Provenance):
    source_key = models.CharField(_("取込キー"), max_length=160, blank=True, db_index=True, editable=False)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Re-import safety (importers/loader.py): the values the last import wrote, so a re-import can tell an
    # editor's correction (kept, reported as a conflict) from an untouched field (takes the new upstream value).
    import_snapshot = models.JSONField(_("前回取り込んだ値"), default=dict, blank=True, editable=False)
    needs_review = models.BooleanField(_("要確認"), default=False, db_index=True, editable=False)
    # [{"kind": "missing" | "conflict" | "uncertain", "field": …, "message": …, "editor": …, "imported": …}]
    review_reasons = models.JSONField(_("確認が必要な理由"), default=list, blank=True, editable=False)

    class Meta:
        abstract = True


class Organisation(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    ImportedSnippet,
    index.Indexed,
    ClusterableModel,
):
    """A department or agency (部署・機関) that runs consultation windows; without a city, the operator of a
    national line (全国共通: いのちの電話連盟, 内閣府 …)."""

    city = models.ForeignKey(
        CityPage,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("市町村"),
        null=True,
        blank=True,
        help_text=_("全国共通の窓口を運営する組織は空欄にします（全国窓口の編集者のみ）。"),
    )
    name = models.CharField(_("名称"), max_length=200)
    name_kana = models.CharField(_("名称（カナ）"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("上位組織"),
    )
    email = models.EmailField(_("メール"), blank=True)
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    url = models.URLField(_("URL"), blank=True)
    operation = models.CharField(_("運営形態"), max_length=10, choices=Operation.choices, blank=True)
    notes = models.TextField(_("備考"), blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("name_kana"),
        index.FilterField("city"),
    ]

    panels = [
        FieldPanel("city"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_kana")]),
        FieldPanel("parent"),
        InlinePanel("phones", label=_("電話・FAX")),
        FieldRowPanel([FieldPanel("email"), FieldPanel("url")]),
        FieldPanel("address"),
        FieldPanel("operation"),
        FieldPanel("notes"),
        MultiFieldPanel([FieldPanel("source_document"), FieldPanel("source_location")], heading=_("出典")),
        PublishingPanel(),
    ]

    class Meta:
        ordering = ["city__path", "name"]
        verbose_name = _("組織")
        verbose_name_plural = _("組織")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "source_key"], condition=~models.Q(source_key=""), name="org_source_key"
            ),
            # NULLs are distinct in a unique index: national rows need their own constraint.
            models.UniqueConstraint(
                fields=["source_key"],
                condition=models.Q(city__isnull=True) & ~models.Q(source_key=""),
                name="national_org_source_key",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_national(self) -> bool:
        return self.city_id is None

    @property
    def full_name(self) -> str:
        """福祉課 保護係: the parent is shown so residents find the right counter."""
        return f"{self.parent.name} {self.name}" if self.parent_id else self.name


class CrisisKind(models.TextChoices):
    """The crises the search page answers with a crisis panel (search/vocabulary crisis tags use these slugs)."""

    SUICIDE = "suicide", _("死にたい気持ち")
    VIOLENCE = "violence", _("いま暴力を受けている")
    CHILD_ABUSE = "child_abuse", _("子どもへの虐待")
    SEXUAL_VIOLENCE = "sexual_violence", _("性暴力")
    HUNGER = "hunger", _("今日食べるものがない")


class Status(models.TextChoices):
    ACTIVE = "active", _("受付中の窓口")
    CLOSED = "closed", _("一時休止中")


class ConsultationWindow(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    ImportedSnippet,
    index.Indexed,
    ClusterableModel,
):
    """A consultation window (相談窓口): one service an organisation offers, with its phones and hours."""

    city = models.ForeignKey(
        CityPage,
        on_delete=models.PROTECT,
        related_name="windows",
        verbose_name=_("市町村"),
        null=True,
        blank=True,
        help_text=_("全国共通の窓口（いのちの電話、#8008 など）は空欄にします（全国窓口の編集者のみ）。"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="windows", verbose_name=_("組織")
    )
    title = models.CharField(_("窓口名"), max_length=200)
    topics = models.TextField(_("相談できること"), blank=True, help_text=_("1行に1件"))
    description = models.TextField(_("説明"), blank=True)
    plain_description = models.TextField(
        _("やさしい日本語の説明"), blank=True, help_text=_("短い文で、漢字を減らして書いてください。")
    )
    target = models.TextField(_("対象者"), blank=True)
    # What 対象者 states, structured (directory.values.parse_target fills them on import; editors may correct them).
    # Search ranks by them when a resident's query states an age or that they run a business.
    age_min = models.PositiveSmallIntegerField(
        _("対象年齢（下限）"),
        null=True,
        blank=True,
        help_text=_("例: 65歳以上なら65。年齢の定めがなければ空欄。"),
    )
    age_max = models.PositiveSmallIntegerField(
        _("対象年齢（上限）"),
        null=True,
        blank=True,
        help_text=_("例: 18歳未満なら17。年齢の定めがなければ空欄。"),
    )
    audience = models.CharField(
        _("対象の区分"),
        max_length=10,
        blank=True,
        choices=[("", _("どなたでも")), ("family", _("本人と家族")), ("business", _("事業者向け"))],
        default="",
    )
    categories = ParentalManyToManyField(Category, blank=True, related_name="windows", verbose_name=_("分野"))
    situations = ParentalManyToManyField(
        Situation, blank=True, related_name="windows", verbose_name=_("状況")
    )
    languages = models.CharField(_("対応言語"), max_length=120, blank=True, default="日本語")
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    is_front_door = models.BooleanField(
        _("総合窓口"), default=False, help_text=_("「どこに相談したらよいかわからないとき」の窓口")
    )
    business_kind = models.PositiveSmallIntegerField(
        _("関係する事業"), choices=BusinessKind.choices, null=True, blank=True
    )
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    verified_on = models.DateField(_("最終確認日"), null=True, blank=True)
    verified_by = models.CharField(_("確認者"), max_length=120, blank=True)
    hours_note = models.CharField(
        _("受付時間の補足"),
        max_length=300,
        blank=True,
        help_text=_("例: 受付時間はつながる先の窓口により異なります。"),
    )
    source_url = models.URLField(_("確認した出典のURL"), blank=True, max_length=500)
    crisis_kinds = models.CharField(
        _("危機のときに案内する"),
        max_length=120,
        blank=True,
        help_text=_(
            "検索で危機（suicide, violence, child_abuse, sexual_violence, hunger）を検知したとき、"
            "この窓口を案内します。カンマ区切り。24時間の全国窓口に設定します。"
        ),
    )

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("topics"),
        index.SearchField("description"),
        index.FilterField("id"),
        index.FilterField("city"),
        index.FilterField("live"),
    ]

    panels = [
        FieldRowPanel([FieldPanel("city"), FieldPanel("organisation")]),
        FieldPanel("title"),
        FieldPanel("topics"),
        FieldPanel("description"),
        FieldPanel("plain_description"),
        FieldPanel("target"),
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max"), FieldPanel("audience")]),
        # Checkboxes, not a Ctrl-click list box: editors tick several 分野/状況 without losing the others.
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("situations", widget=forms.CheckboxSelectMultiple),
        EffectivePhonePanel(heading=_("サイトに表示される電話番号")),
        InlinePanel("phones", label=_("窓口の電話・FAX（組織と異なる場合）")),
        InlinePanel("hours", label=_("受付時間")),
        FieldPanel("hours_note"),
        InlinePanel("links", label=_("チャット・SNS・ウェブ")),
        FieldRowPanel([FieldPanel("languages"), FieldPanel("status"), FieldPanel("is_front_door")]),
        FieldRowPanel([FieldPanel("business_kind"), FieldPanel("address")]),
        FieldPanel("crisis_kinds"),
        FieldRowPanel([FieldPanel("verified_on"), FieldPanel("verified_by")]),
        FieldPanel("source_url"),
        MultiFieldPanel([FieldPanel("source_document"), FieldPanel("source_location")], heading=_("出典")),
        PublishingPanel(),
    ]

    class Meta:
        ordering = ["city__path", "-is_front_door", "pk"]
        verbose_name = _("相談窓口")
        verbose_name_plural = _("相談窓口")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "source_key"], condition=~models.Q(source_key=""), name="window_source_key"
            ),
            models.UniqueConstraint(
                fields=["source_key"],
                condition=models.Q(city__isnull=True) & ~models.Q(source_key=""),
                name="national_window_source_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        unknown = [k for k in self.crisis_kind_list if k not in CrisisKind.values]
        if unknown:
            raise ValidationError(
                {
                    "crisis_kinds": _("使えない値です: %(values)s（使える値: %(allowed)s）")
                    % {"values": ", ".join(unknown), "allowed": ", ".join(CrisisKind.values)}
                }
            )
        if self.organisation_id and (self.organisation.city_id is None) != (self.city_id is None):
            raise ValidationError(
                {
                    "organisation": _(
                        "全国共通の窓口には全国の組織を、市町村の窓口にはその市町村の組織を選んでください。"
                    )
                }
            )

    def get_url(self) -> str:
        from django.urls import reverse

        if self.city_id is None:
            return reverse("directory:national_window", kwargs={"pk": self.pk})
        return reverse("directory:window", kwargs={"city": self.city.slug, "pk": self.pk})

    @property
    def is_national(self) -> bool:
        """全国共通: a line with no city (いのちの電話, #8008 …), shown to every city's residents."""
        return self.city_id is None

    @property
    def crisis_kind_list(self) -> list[str]:
        return [k.strip() for k in (self.crisis_kinds or "").split(",") if k.strip()]

    @property
    def needs_quick_exit(self) -> bool:
        """DV and abuse windows carry the quick exit (すぐにこのページを離れる) and the browsing-history advice."""
        if set(self.crisis_kind_list) & {
            CrisisKind.VIOLENCE,
            CrisisKind.CHILD_ABUSE,
            CrisisKind.SEXUAL_VIOLENCE,
        }:
            return True
        if any(c.slug == "dv" for c in self.categories.all()):
            return True
        return "虐待" in f"{self.title}{self.topics}"

    @property
    def is_around_the_clock(self) -> bool:
        """24時間: some row accepts all day every day, holidays included."""
        return any(hours_rules.is_around_the_clock(row) for row in self.hours_rows)

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]

    @cached_property
    def contact_phones(self) -> list["PhoneBase"]:
        """The window's own numbers where it has them, else its organisation's."""
        own = list(self.phones.all())
        return own or list(self.organisation.phones.all())

    @property
    def voice_phones(self):
        return [p for p in self.contact_phones if p.kind == PhoneKind.VOICE]

    @property
    def fax_phones(self):
        return [p for p in self.contact_phones if p.kind == PhoneKind.FAX]

    @cached_property
    def phone_lines(self) -> list["PhoneLine"]:
        """What a resident dials, with what to say: the window's or organisation's numbers, else the city's 代表.

        A number is the switchboard when it is labelled 代表 or is the city's main number: the resident then has
        to name the department and the topic, so the page tells them what to say.
        """
        main = _main_phone(self.city)
        lines = [
            PhoneLine(
                display=p.display,
                tel_uri=p.tel_uri,
                number=p.number,
                extension=p.extension,
                label=p.label,
                switchboard="代表" in (p.label or "") or (main is not None and p.e164 == main.e164),
            )
            for p in self.voice_phones
        ]
        if not lines and main is not None:
            lines.append(
                PhoneLine(
                    display=main.display,
                    tel_uri=phone_rules.tel_uri(main.e164),
                    number=main.display,
                    label="",
                    switchboard=True,
                    fallback=True,
                )
            )
        return lines

    @cached_property
    def source_title(self) -> str:
        return document_title(self.city, self.source_document)

    @property
    def ask_for(self) -> str:
        """「福祉課 保護係の生活困窮の相談について」: what to tell the switchboard operator."""
        return f"{self.organisation.full_name}の{self.title}について"

    @cached_property
    def hours_rows(self) -> list[hours_rules.HoursRecord]:
        # Cached like contact_phones: pages and the API read it 2–4 times per window (hours text, 受付中, 24時間),
        # and each .all() on the prefetched relation builds a new queryset.
        return [row.as_record() for row in self.hours.all()]

    def is_open(self, at=None) -> bool | None:
        """受付中 now (Asia/Tokyo)? None when the window has no hours on record."""
        rows = self.hours_rows
        if not rows or self.status == Status.CLOSED:
            return None if not rows else False
        return hours_rules.is_open(rows, at or timezone.now())

    def open_status(self, at=None) -> hours_rules.OpenStatus | None:
        """The badge for cards and the detail page: None without hours; a paused window is never 受付中."""
        if self.status == Status.CLOSED:
            return None
        return hours_rules.open_status(self.hours_rows, at or timezone.now())

    @property
    def hours_text(self) -> str:
        return hours_rules.describe_hours(self.hours_rows)

    @property
    def hours_plain(self) -> str:
        return hours_rules.describe_hours(self.hours_rows, plain=True)

    @property
    def verification_due(self) -> bool:
        """Not verified in 12 months: the rule of the 未確認 report (directory.reports)."""
        from .reports import is_verification_due

        return is_verification_due(self.verified_on)


@dataclass(frozen=True)
class PhoneLine:
    """A number as the public pages show it (see ConsultationWindow.phone_lines)."""

    display: str  # with the extension: 097-582-1111（内線123）
    tel_uri: str
    number: str = ""  # without the extension
    extension: str = ""
    label: str = ""
    switchboard: bool = False  # the city's or organisation's 代表: say which department and topic
    fallback: bool = False  # the window has no number of its own: this is the city's 代表


def _main_phone(city: CityPage) -> phone_rules.ParsedPhone | None:
    """The city's 代表 number parsed, or None when it is missing or unparseable (never an error on a public page)."""
    raw = getattr(city, "main_phone", "") or ""
    if not raw:
        return None
    try:
        return phone_rules.parse_phone(raw, default_area_code=getattr(city, "area_code", "") or "")
    except phone_rules.PhoneError:
        return None


class PhoneKind(models.TextChoices):
    VOICE = "voice", _("電話")
    FAX = "fax", _("FAX")


class PhoneBase(Orderable):
    """A number stored normalised (E.164) and shown in Japanese national format (097-582-2756)."""

    number = models.CharField(_("番号"), max_length=40, help_text=_("例: 097-582-2756"))
    e164 = models.CharField(max_length=20, editable=False)
    kind = models.CharField(_("種別"), max_length=10, choices=PhoneKind.choices, default=PhoneKind.VOICE)
    extension = models.CharField(_("内線"), max_length=10, blank=True)
    label = models.CharField(_("ラベル"), max_length=30, blank=True, help_text=_("例: 代表、直通"))

    panels = [
        FieldRowPanel(
            [FieldPanel("number"), FieldPanel("kind"), FieldPanel("extension"), FieldPanel("label")]
        )
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.display

    def clean(self):
        super().clean()
        try:
            parsed = phone_rules.parse_phone(self.number, default_area_code=self._default_area_code())
        except phone_rules.PhoneError as error:
            raise ValidationError({"number": error.message_ja}) from error
        self.e164, self.number = parsed.e164, parsed.display
        if parsed.extension and not self.extension:
            self.extension = parsed.extension

    def save(self, *args, **kwargs):
        if not self.e164:
            parsed = phone_rules.parse_phone(self.number, default_area_code=self._default_area_code())
            self.e164, self.number = parsed.e164, parsed.display
        super().save(*args, **kwargs)

    def _default_area_code(self) -> str:
        owner = getattr(self, "organisation", None) or getattr(self, "window", None)
        city = getattr(owner, "city", None) if owner else None
        return getattr(city, "area_code", "") or ""

    @property
    def display(self) -> str:
        return f"{self.number}（内線{self.extension}）" if self.extension else self.number

    @property
    def tel_uri(self) -> str:
        return phone_rules.tel_uri(self.e164, self.extension)


class OrganisationPhone(PhoneBase):
    organisation = ParentalKey(Organisation, on_delete=models.CASCADE, related_name="phones")


class WindowPhone(PhoneBase):
    window = ParentalKey(ConsultationWindow, on_delete=models.CASCADE, related_name="phones")


class WindowHours(Orderable):
    """Opening hours as rows. Holidays and 年末年始 are closed unless `open_on_holidays`."""

    window = ParentalKey(ConsultationWindow, on_delete=models.CASCADE, related_name="hours")
    weekdays = models.CharField(
        _("曜日"), max_length=13, default="0,1,2,3,4", help_text=_("0=月曜 … 6=日曜 をカンマ区切りで")
    )
    opens = models.TimeField(_("開始"))
    closes = models.TimeField(
        _("終了"), help_text=_("開始より前の時刻は翌日の終了時刻になります（例: 22:00～6:00）")
    )
    open_on_holidays = models.BooleanField(_("祝日・年末年始も受付"), default=False)
    month_days = models.CharField(
        _("毎月の受付日"),
        max_length=90,
        blank=True,
        help_text=_(
            "毎月決まった日だけ受け付ける場合の日付（例: 10）。カンマ区切り。入力すると曜日より優先します。"
        ),
    )
    note = models.CharField(_("備考"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("weekdays"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldRowPanel([FieldPanel("open_on_holidays"), FieldPanel("month_days"), FieldPanel("note")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("受付時間")

    def clean(self):
        super().clean()
        try:
            days = self.weekday_list
        except ValueError as error:
            raise ValidationError(
                {"weekdays": _("曜日は0〜6の数字をカンマ区切りで入力してください。")}
            ) from error
        if not days or any(d < 0 or d > 6 for d in days):
            raise ValidationError({"weekdays": _("曜日は0〜6の数字をカンマ区切りで入力してください。")})
        try:
            month_days = self.month_day_list
        except ValueError as error:
            raise ValidationError(
                {"month_days": _("日付は1〜31の数字をカンマ区切りで入力してください。")}
            ) from error
        if any(d < 1 or d > 31 for d in month_days):
            raise ValidationError({"month_days": _("日付は1〜31の数字をカンマ区切りで入力してください。")})
        # closes < opens is an overnight row (22:00～翌6:00); only an empty range is an error.
        if self.opens and self.closes and self.closes == self.opens:
            raise ValidationError(
                {
                    "closes": _(
                        "終了時刻と開始時刻が同じです。翌日にまたがる場合は翌日の終了時刻を入力してください。"
                    )
                }
            )

    @property
    def weekday_list(self) -> list[int]:
        return [int(d) for d in self.weekdays.split(",") if d.strip()]

    @property
    def month_day_list(self) -> list[int]:
        return [int(d) for d in (self.month_days or "").split(",") if d.strip()]

    def as_record(self) -> hours_rules.HoursRecord:
        return hours_rules.HoursRecord(
            weekdays=self.weekday_list,
            opens=self.opens,
            closes=self.closes,
            note=self.note,
            open_on_holidays=self.open_on_holidays,
            month_days=self.month_day_list,
        )


class LinkKind(models.TextChoices):
    CHAT = "chat", _("チャット")
    SNS = "sns", _("SNS")
    MAIL = "mail", _("メール")
    WEB = "web", _("ウェブ")


class WindowLink(Orderable):
    """Another way to reach a window than the phone: a chat, an SNS account, a mail form (DV相談＋のチャット)."""

    window = ParentalKey(ConsultationWindow, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("表示名"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    kind = models.CharField(_("種類"), max_length=10, choices=LinkKind.choices, default=LinkKind.WEB)

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("url"), FieldPanel("kind")])]

    class Meta(Orderable.Meta):
        verbose_name = _("チャット・SNS・ウェブ")


class WindowCount(models.Model):
    """How many public windows a city has, per category and per situation: the directory's facet counts.

    A denormalised summary kept by directory.counts, so that national and prefecture pages count 100,000
    windows by summing a few thousand rows instead of joining every window. ``category`` and ``situation`` hold
    ids, 0 meaning "any". Rows of one city are replaced together; a city without its total row (0, 0) is stale
    and is recounted on the next read. Never edited by hand.
    """

    city = models.ForeignKey(CityPage, on_delete=models.CASCADE, related_name="+")
    category = models.PositiveIntegerField(default=0)
    situation = models.PositiveIntegerField(default=0)
    windows = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["city", "category", "situation"], name="windowcount_unique"),
        ]
        indexes = [
            models.Index(fields=["situation", "category", "city", "windows"], name="windowcount_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.city_id}/{self.category}/{self.situation}: {self.windows}"


from .referral import ReferralForm, ReferralFormFile, RoutingRule  # noqa: E402,F401
