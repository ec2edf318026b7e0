"""Search's own tables: the editor-extensible vocabulary, the search-term counts and the embedded engine's index."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin


class VocabularyEntry(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """An editor's addition to the domain vocabulary: resident phrasings that mean a concept windows are filed under.

    Example: concept 多重債務, phrases 借金 / ローンが払えない / サラ金. Every change is a revision; only the live
    (published, i.e. moderator-approved) content of an active entry reaches the analyser (search.vocabulary.db_rows).
    Query expansion uses an approved change at once; on publication the documents that contain a new phrase are
    re-indexed so they carry the concept tag (search.signals).
    """

    concept = models.CharField(
        _("概念"),
        max_length=100,
        help_text=_("窓口が扱う事柄の名前。例：多重債務、ひきこもり、DV"),
    )
    categories = models.CharField(
        _("分野"),
        max_length=200,
        blank=True,
        help_text=_("分野のスラッグをカンマ区切りで。例：keizai,kodomo"),
    )
    phrases = models.TextField(
        _("言い換え"),
        help_text=_("住民が使う言い方を1行に1つ。例：借金が返せない"),
    )
    active = models.BooleanField(_("有効"), default=True)
    note = models.TextField(_("メモ"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="vocabularyentry")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="vocabularyentry",
        for_concrete_model=False,
    )

    @property
    def revisions(self):
        return self._revisions

    class Meta:
        verbose_name = _("検索語彙")
        verbose_name_plural = _("検索語彙")
        ordering = ["concept", "pk"]

    def __str__(self) -> str:
        return self.concept


class SearchTermDay(models.Model):
    """How often one normalised query was searched on one day, how often it found nothing, and how often a result
    was followed. Aggregated counts only: no person, session, address or time of day; rows older than
    ``WAGTAILSEARCH_HITS_MAX_AGE`` days (90) are deleted (search.terms.purge_old_terms), like Wagtail's query log.
    """

    term = models.CharField(_("検索語"), max_length=255)
    date = models.DateField(_("日付"))
    searches = models.PositiveIntegerField(_("検索回数"), default=0)
    zero_results = models.PositiveIntegerField(_("結果0件の回数"), default=0)
    clicks = models.PositiveIntegerField(_("結果を開いた回数"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "date"], name="search_term_day_unique")]
        indexes = [models.Index(fields=["date"], name="search_term_day_date")]
        verbose_name = _("検索語の集計")
        verbose_name_plural = _("検索語の集計")

    def __str__(self) -> str:
        return f"{self.term} {self.date}"


class SearchEntry(models.Model):
    """One indexed document of the embedded engine (not edited by people).

    Token columns hold pre-analysed tokens, space-joined, by weight band (A = title … D = minor text). On SQLite an
    FTS5 table indexes them as external content; on PostgreSQL a generated tsvector column does (migration 0002).
    """

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=32)
    city = models.CharField(max_length=64, blank=True)
    categories = models.CharField(max_length=255, blank=True)  # space-joined slugs
    title = models.TextField(blank=True)
    url = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    scope = models.TextField(blank=True)  # @city:… @kind:… @cat:… filter tokens
    tokens_a = models.TextField(blank=True)
    tokens_b = models.TextField(blank=True)
    tokens_c = models.TextField(blank=True)
    tokens_d = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["city", "kind"], name="search_entry_city_kind")]
        verbose_name = _("検索索引の項目")
        verbose_name_plural = _("検索索引の項目")

    def __str__(self) -> str:
        return self.key
