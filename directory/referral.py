"""つなぐシート (referral forms): a per-city snippet under editorial workflow, its files and its routing rules.

Only approved versions reach the public. The database row of a live form holds the live version (Wagtail keeps
later drafts in revisions), and every earlier approved version is a revision that Wagtail's audit log marks
``wagtail.publish``. A file is public when it belongs to one of those approved versions of a live form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PublishingPanel
from wagtail.models import (
    Collection,
    DraftStateMixin,
    LockableMixin,
    ModelLogEntry,
    Orderable,
    Revision,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from guides.models import CityPage, city_collection

from . import phones as phone_rules

FORMATS = {"pdf": "PDF", "xlsx": "Excel", "docx": "Word"}
FORMAT_ORDER = ("pdf", "xlsx", "docx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class Variant(models.TextChoices):
    CONSENT = "consent", _("本人同意あり")
    NO_CONSENT = "no_consent", _("本人同意なし")
    COMMON = "common", _("共通")


class ReferralForm(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A つなぐシート: the form a support agency sends to the city to share a case, with its routing rules."""

    city = models.ForeignKey(
        CityPage, on_delete=models.PROTECT, related_name="referral_forms", verbose_name=_("市町村")
    )
    title = models.CharField(_("名称"), max_length=200, default="つなぐシート")
    slug = models.SlugField(
        _("スラッグ"), max_length=80, help_text=_("公開URLの一部です。市町村の中で一意にしてください。")
    )
    variant = models.CharField(_("種類"), max_length=12, choices=Variant.choices, default=Variant.COMMON)
    version_label = models.CharField(_("版"), max_length=60, blank=True, help_text=_("例: 令和7年4月版"))
    effective_date = models.DateField(_("適用開始日"), null=True, blank=True)
    submit_to_organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("提出先の組織"),
    )
    submit_to = models.CharField(_("提出先"), max_length=200, blank=True, help_text=_("例: 由布市 福祉課"))
    submit_location = models.CharField(
        _("提出先の場所"), max_length=200, blank=True, help_text=_("例: 本庁舎新館1階")
    )
    instructions = models.TextField(_("記入・提出の案内"), blank=True)
    accepts_in_person = models.BooleanField(
        _("持参での提出を受け付ける"), default=True, help_text=_("提出先の窓口に直接持ってきてもらえる場合")
    )
    submit_fax = models.CharField(
        _("提出先のFAX"), max_length=30, blank=True, help_text=_("空欄なら提出先の組織のFAX番号を表示します")
    )
    submit_email = models.EmailField(
        _("提出先のメール"), blank=True, help_text=_("空欄なら提出先の組織のメールアドレスを表示します")
    )
    privacy_note = models.TextField(
        _("個人情報の取り扱い"),
        blank=True,
        help_text=_("市での保管や利用の範囲など。空欄なら、提出する方への一般的な注意だけを表示します。"),
    )

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("instructions"),
        index.FilterField("city"),
    ]

    panels = [
        FieldRowPanel([FieldPanel("city"), FieldPanel("variant")]),
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("version_label"), FieldPanel("effective_date")]),
        MultiFieldPanel(
            [FieldPanel("submit_to_organisation"), FieldPanel("submit_to"), FieldPanel("submit_location")],
            heading=_("提出先"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accepts_in_person"),
                FieldRowPanel([FieldPanel("submit_fax"), FieldPanel("submit_email")]),
            ],
            heading=_("提出方法"),
        ),
        FieldPanel("instructions"),
        FieldPanel("privacy_note"),
        InlinePanel("files", label=_("ファイル（PDF・Excel・Word）"), min_num=1),
        InlinePanel("routing_rules", label=_("まず相談する所管課")),
        PublishingPanel(),
    ]

    class Meta:
        ordering = ["city__path", "title"]
        verbose_name = _("つなぐシート")
        verbose_name_plural = _("つなぐシート")
        constraints = [models.UniqueConstraint(fields=["city", "slug"], name="referral_form_city_slug")]

    def __str__(self) -> str:
        return (
            f"{self.title}（{self.get_variant_display()}）" if self.variant != Variant.COMMON else self.title
        )

    def clean(self):
        super().clean()
        if (
            self.submit_to_organisation_id
            and self.city_id
            and self.submit_to_organisation.city_id != self.city_id
        ):
            raise ValidationError(
                {"submit_to_organisation": _("提出先の組織は同じ市町村のものを選んでください。")}
            )

    def get_url(self) -> str:
        return reverse("referral:index", kwargs={"city": self.city.slug}) + f"#form-{self.slug}"

    def download_url(self, fmt: str) -> str:
        return reverse("referral:download", kwargs={"city": self.city.slug, "slug": self.slug, "fmt": fmt})

    @property
    def submit_label(self) -> str:
        where = self.submit_to or (
            self.submit_to_organisation.full_name if self.submit_to_organisation else ""
        )
        return f"{where}（{self.submit_location}）" if where and self.submit_location else where

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude=exclude)
        if self.submit_fax:
            try:
                phone_rules.parse_phone(
                    self.submit_fax, default_area_code=getattr(self.city, "area_code", "")
                )
            except phone_rules.PhoneError as error:
                raise ValidationError({"submit_fax": error.message_ja}) from error

    def submission_methods(self) -> list[SubmissionMethod]:
        """How the sheet reaches the city: FAX, 持参 and メール, each only where the form or its organisation
        gives what it needs (a number, a counter, an address)."""
        organisation = self.submit_to_organisation
        methods = []
        fax = self._fax(organisation)
        if fax is not None:
            methods.append(SubmissionMethod("fax", _("FAX"), fax.display))
        if self.accepts_in_person and (self.submit_label or organisation):
            where = self.submit_label or organisation.full_name
            methods.append(SubmissionMethod("in_person", _("持参"), where))
        email = self.submit_email or (organisation.email if organisation else "")
        if email:
            methods.append(SubmissionMethod("email", _("メール"), email))
        return methods

    def _fax(self, organisation) -> phone_rules.ParsedPhone | None:
        area = getattr(self.city, "area_code", "") or ""
        if self.submit_fax:
            try:
                return phone_rules.parse_phone(self.submit_fax, default_area_code=area)
            except phone_rules.PhoneError:
                return None
        if organisation is None:
            return None
        row = next((p for p in organisation.phones.all() if p.kind == "fax"), None)
        return phone_rules.parse_phone(row.number, default_area_code=area) if row else None

    def file_for(self, fmt: str) -> ReferralFormFile | None:
        return next((f for f in self.files.all() if f.format == fmt), None)

    def ordered_files(self) -> list[ReferralFormFile]:
        files = [f for f in self.files.all() if f.format in FORMATS]
        return sorted(files, key=lambda f: FORMAT_ORDER.index(f.format))

    def published_revisions(self) -> list[Revision]:
        """Every approved (published) revision, newest first: the audit log's ``wagtail.publish`` entries."""
        content_type = ContentType.objects.get_for_model(ReferralForm)
        revision_ids = ModelLogEntry.objects.filter(
            content_type=content_type,
            object_id=str(self.pk),
            action="wagtail.publish",
            revision__isnull=False,
        ).values_list("revision_id", flat=True)
        return list(Revision.objects.filter(pk__in=revision_ids).order_by("-created_at", "-pk"))

    def older_versions(self) -> list[FormVersion]:
        """Earlier approved versions (not the live one), newest first, each with its files."""
        versions = []
        seen_labels = set()
        for revision in self.published_revisions():
            if revision.pk == self.live_revision_id:
                continue
            obj = revision.as_object()
            files = [f for f in obj.files.all() if f.document_id and f.format in FORMATS]
            key = (obj.version_label, tuple(f.document_id for f in files))
            if not files or key in seen_labels:
                continue
            seen_labels.add(key)
            versions.append(
                FormVersion(revision.pk, obj.version_label, obj.effective_date, revision.created_at, files)
            )
        return versions


@dataclass
class SubmissionMethod:
    kind: str  # fax, in_person, email
    label: str
    value: str


@dataclass
class FormVersion:
    revision_id: int
    version_label: str
    effective_date: date | None
    published_at: object
    files: list


class ReferralFormFile(Orderable):
    """One file of a form (PDF, Excel or Word), stored as a Wagtail document in the city's collection."""

    form = ParentalKey(ReferralForm, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("ファイル")
    )
    label = models.CharField(
        _("表示名"), max_length=100, blank=True, help_text=_("空欄なら形式から自動で表示します")
    )

    panels = [FieldRowPanel([FieldPanel("document"), FieldPanel("label")])]

    class Meta(Orderable.Meta):
        verbose_name = _("ファイル")
        verbose_name_plural = _("ファイル")

    def __str__(self) -> str:
        return self.display_label

    def clean(self):
        super().clean()
        if not self.document_id:
            return
        if self.format not in FORMATS:
            raise ValidationError(
                {"document": _("PDF・Excel（xlsx）・Word（docx）のファイルを選んでください。")}
            )
        try:
            city = self.form.city
        except (ReferralForm.DoesNotExist, CityPage.DoesNotExist):
            city = None
        collection = city_collection(city) if city else None
        document_collection = self.document.collection
        if (
            collection
            and document_collection.pk != collection.pk
            and not document_collection.is_descendant_of(collection)
        ):
            raise ValidationError({"document": _("ファイルはこの市町村のコレクションに登録してください。")})

    @property
    def format(self) -> str:
        return (self.document.file_extension or "").lower() if self.document_id else ""

    @property
    def format_label(self) -> str:
        return FORMATS.get(self.format, self.format.upper())

    @property
    def display_label(self) -> str:
        return self.label or f"{self.format_label}"

    @property
    def size(self) -> int | None:
        if self.document.file_size is not None:
            return self.document.file_size
        try:
            return self.document.file.size
        except (OSError, ValueError):
            return None

    @property
    def size_label(self) -> str:
        """「PDF形式、45KB」: what the issue asks each link to state."""
        size = self.size
        if size is None:
            return _("%(fmt)s形式") % {"fmt": self.format.upper()}
        human = f"{size / (1024 * 1024):.1f}MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))}KB"
        return _("%(fmt)s形式、%(size)s") % {"fmt": self.format.upper(), "size": human}


class RoutingRule(Orderable):
    """Who should consult which 所管課 before sending the form: 介護関連事業所 → 高齢者支援課."""

    form = ParentalKey(ReferralForm, on_delete=models.CASCADE, related_name="routing_rules")
    sender = models.CharField(_("送り手の種類"), max_length=80, help_text=_("例: 介護関連事業所"))
    departments = models.CharField(
        _("まず相談する所管課"),
        max_length=200,
        help_text=_("複数ある場合は「、」で区切ってください。例: 保険課、健康増進課"),
    )
    note = models.CharField(_("補足"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("sender"), FieldPanel("departments")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("相談先のルール")
        verbose_name_plural = _("相談先のルール")

    def __str__(self) -> str:
        return f"{self.sender} → {self.departments}"

    @property
    def department_list(self) -> list[str]:
        return [d.strip() for d in self.departments.replace(",", "、").split("、") if d.strip()]

    def destinations(self, windows: list) -> list[Destination]:
        """Each department with the city's window that fits this sender best (its page, its phone).

        ``windows`` are the city's live windows (organisation prefetched). A department matches an organisation by
        its full name, spaces ignored (「福祉課障がい福祉係」 = 「福祉課 障がい福祉係」). Among that organisation's
        windows, the one in the sender's field comes first (介護関連事業所 → the 高齢者 window of 高齢者支援課).
        """
        hints = {slug for word, slug in SENDER_FIELD_HINTS if word in self.sender}
        result = []
        for department in self.department_list:
            key = _squash(department)
            candidates = [
                w
                for w in windows
                if _squash(w.organisation.full_name) == key or _squash(w.organisation.name) == key
            ]
            candidates.sort(key=lambda w: (not (hints & {c.slug for c in w.categories.all()}), w.pk))
            result.append(Destination(department, candidates[0] if candidates else None))
        return result


# A word in the sender's kind → the field (Category slug) whose window answers them first.
SENDER_FIELD_HINTS: tuple[tuple[str, str], ...] = (
    ("介護", "koreisha"),
    ("高齢", "koreisha"),
    ("障がい", "shogai"),
    ("障害", "shogai"),
    ("相談支援", "shogai"),
    ("子育て", "kodomo"),
    ("保育", "kodomo"),
    ("学校", "kodomo"),
    ("医療", "kenko"),
    ("病院", "kenko"),
)


def _squash(text: str) -> str:
    return "".join(text.split())


@dataclass
class Destination:
    department: str
    window: object | None  # a ConsultationWindow, or None when the directory has no window of that department


# --- which documents the public may download ---------------------------------------------------------


def _revision_document_ids(content: dict) -> set[int]:
    return {row.get("document") for row in content.get("files", []) if row.get("document")}


def public_document_ids() -> set[int]:
    """Documents in an approved version (live or earlier published revision) of a live form."""
    live_forms = list(ReferralForm.objects.filter(live=True).values_list("pk", flat=True))
    ids = set(ReferralFormFile.objects.filter(form__live=True).values_list("document_id", flat=True))
    if live_forms:
        content_type = ContentType.objects.get_for_model(ReferralForm)
        revision_ids = ModelLogEntry.objects.filter(
            content_type=content_type,
            object_id__in=[str(pk) for pk in live_forms],
            action="wagtail.publish",
            revision__isnull=False,
        ).values_list("revision_id", flat=True)
        for content in Revision.objects.filter(pk__in=revision_ids).values_list("content", flat=True):
            ids |= _revision_document_ids(content or {})
    return ids


def referenced_document_ids() -> set[int]:
    """Documents attached to any version of any form, approved or not."""
    ids = set(ReferralFormFile.objects.values_list("document_id", flat=True))
    content_type = ContentType.objects.get_for_model(ReferralForm)
    for content in Revision.objects.filter(base_content_type=content_type).values_list("content", flat=True):
        ids |= _revision_document_ids(content or {})
    return ids


def is_city_collection(collection: Collection) -> bool:
    """Is this a city's collection (``CityPage.collection``) or inside one?"""
    ancestor_ids = [collection.pk, *collection.get_ancestors().values_list("pk", flat=True)]
    return CityPage.objects.filter(collection__in=ancestor_ids).exists()


def document_is_public(document) -> bool:
    """May an anonymous visitor download this document?

    Public when it belongs to an approved version of a live form. A document in a city's collection, or attached
    to any form version, is otherwise private (draft, in review, or not yet used). Other documents keep Wagtail's
    default behaviour.
    """
    if document.pk in public_document_ids():
        return True
    if is_city_collection(document.collection):
        return False
    return document.pk not in referenced_document_ids()
