"""Search's own tables: the editor-extensible vocabulary and the embedded engine's index rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VocabularyEntry(models.Model):
    """An editor's addition to the domain vocabulary: resident phrasings that mean a concept windows are filed under.

    Example: concept 多重債務, phrases 借金 / ローンが払えない / サラ金. Query expansion uses a change at once;
    windows pick up new concept tags at the next index rebuild (``manage.py rebuild_search_index``).
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

    class Meta:
        verbose_name = _("検索語彙")
        verbose_name_plural = _("検索語彙")
        ordering = ["concept", "pk"]

    def __str__(self) -> str:
        return self.concept


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
