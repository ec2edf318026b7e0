"""The one Japanese analyzer used for indexing and for queries.

Every engine stores and ranks the tokens produced here, so engines agree on what matches and the analysis is
tested once. The pipeline:

    NFKC → control characters to spaces → SudachiPy (split mode A, plus mode C compounds)
    → normalized_form() (ひきこもり/引きこもり → 引き籠もり, こども → 子供, 障がい → 障害, ＤＶ → DV)
    → kana-only forms folded to katakana (ごみ/ゴミ) → Latin lowercased
    → stopwords dropped (particles, auxiliaries, punctuation by part of speech; generic words by list)
    → domain vocabulary (search.vocabulary): resident phrasings → the concepts windows are filed under.

Token shapes (all space-free, safe for FTS5 ``unicode61 tokenchars '@:_'`` and for tsvector lexemes):

    借金 / 要介護認定            a normalised word (mode A) or a mode C compound
    r:シャッキン                  the katakana reading of a word or compound (so かな queries match kanji)
    @c:多重債務                   a vocabulary concept found in the text
    @cat:keizai / @city:yufu …    structured markers added by the engines, never by text analysis
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sudachipy import Dictionary, SplitMode

from search.foreign import split_latin
from search.roles import ADULT_NON_PARTNER_ABUSE, victim_concept

#: Queries are cut to this many characters before analysis. A resident's worry fits easily; the cap bounds the
#: work one request can cause. Settings may lower it (TSUNAGU_SEARCH["MAX_QUERY_LENGTH"]), never raise it past
#: HARD_MAX_QUERY_LENGTH.
MAX_QUERY_LENGTH = 200
HARD_MAX_QUERY_LENGTH = 1000

# Sudachi refuses inputs over ~49,149 bytes per call, and very long single runs are slow; documents are fed in
# chunks cut at sentence-like boundaries.
_CHUNK_CHARS = 4000

READING_PREFIX = "r:"
CONCEPT_PREFIX = "@c:"
CATEGORY_PREFIX = "@cat:"

# Weights of alternatives inside one query group. The resident's own word counts most; what we inferred less.
WEIGHT_ORIGINAL = 1.0
WEIGHT_COMPOUND = 1.0
# Light verbs (出す in 熱を出した, 行く) and time nouns (前 in 就学前) say little about the need: they must not rank a
# ごみ出し or 就学前 window first on their own.
WEIGHT_WEAK = 0.25
WEIGHT_READING = 0.5
WEIGHT_CONCEPT = 0.8
WEIGHT_CONCEPT_NAME = 0.6
WEIGHT_CATEGORY = 0.35
# A concept's first category is its home (認知症: 高齢者, then 健康・医療); categories that only come second weigh less.
WEIGHT_CATEGORY_SECONDARY = 0.3

#: The core concept of each category: the general need its generalist windows are filed under. When a need is
#: recognised only through its category (妊娠 where no window names 妊娠, 死にたい where none names 自殺), every window
#: of the category matches the same ``@cat:`` marker, and BM25 length normalisation alone would rank the shortest
#: window first (税務課 and 水道課 before 社会福祉協議会 for a money worry). The ranking (search.engines.scoring.rank) lets a
#: window *inside the category* score the category group by its core concept instead, so windows whose own title
#: and topics carry the category's general need come first, and a concept every window of a city mentions in
#: boilerplate weighs nothing (its IDF is near zero). Every name must be a vocabulary concept filed under that slug
#: (tests/search/test_vocabulary.py).
CATEGORY_CORE_CONCEPTS: dict[str, tuple[str, ...]] = {
    "keizai": ("生活困窮",),
    "kenko": ("健康相談",),
    "koreisha": ("高齢者の相談",),
    "shogai": ("障害福祉",),
    "kodomo": ("子育て",),
    "dv": ("DV",),
    "shigoto": ("就労",),
    "sumai": ("住まいの確保",),
    "hikikomori": ("ひきこもり",),
    "kankyo": ("公害",),
    "jinken": ("人権",),
}

_CLAUSE_MARKS = frozenset("、。，．,.!?！？…")
_CLAUSE_PARTICLES = frozenset({"けど", "けれど", "けれども", "ので", "のに", "し", "が"})

# Parts of speech that never carry a need.
_STOP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号", "代名詞", "連体詞", "接続詞", "感動詞"})
# Affixes (お金 → 御 + 金, 障害者 → 障害 + 者) are noise as standalone tokens; their meaning survives in the mode C
# compound (障害者, 依存症). They stay in the vocabulary match stream so 不登校 does not degrade to 登校.
_AFFIX_POS = frozenset({"接頭辞", "接尾辞"})

# Generic words by normalised form: auxiliaries Sudachi tags as verbs/adjectives, and nouns that appear in every
# window ("…に関すること") or query ("…したい") without saying what the worry is.
STOPWORDS = frozenset(
    [
        "為る",
        "居る",
        "来る",
        "有る",
        "無い",
        "成る",
        "仕舞う",
        "出来る",
        "頂く",
        "下さる",
        "貰う",
        "呉れる",
        "置く",
        "良い",
        "欲しい",
        "思う",
        "言う",
        "関する",
        "対する",
        "係る",
        "因る",
        "於く",
        "伴う",
        "付く",
        "致す",
        "参る",
        "御座る",
        "遣る",
        "知れる",
        "事",
        "物",
        "為",
        "方",
        "等",
        "様",
        "時",
        "場合",
        "訳",
        "筈",
        "積もり",
        "辺",
        "頃",
        "以外",
        "以上",
        "以下",
        "其の他",
        "全般",
        "色々",
        "全て",
        "皆",
        "何",
        "誰",
        "何処",
        "こと",
        "もの",
        "ため",
        "よう",
        "そう",
        "など",
        "ほう",
        "とき",
        "ます",
        "です",
        "だ",
    ]
)

_KANA_RE = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー]+$")
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
# Runs of the same punctuation (1,000 quotes, "a:"×5000) are collapsed before Sudachi sees them.
_REPEAT_RE = re.compile(r"([^\w\s])\1{3,}|(\S{1,3}?)\2{8,}")
_SPACE_RE = re.compile(r"\s+")


def _to_katakana(text: str) -> str:
    return text.translate(_HIRAGANA_TO_KATAKANA)


def _is_kana(text: str) -> bool:
    return bool(_KANA_RE.match(text))


# Stopwords as they look after kana folding (こと → コト), so both spellings are caught.
_STOP_FOLDED = frozenset(_to_katakana(w) for w in STOPWORDS)

#: Negation in the vocabulary match stream. 「家から出ない」 (ひきこもり) must not match 「家を出て歩き回る」, and
#: 「学校に行かない」 not 「学校に行っている」: the auxiliaries ない/ず (ません, わからん, 行けねえ) and the adjective
#: 無い (お金がない) become this one token, so a vocabulary phrase written with a negation needs one in the query.
#: It is never indexed or scored as a word: phrases without a negation still match negated queries. The verb
#: 無くなる (runs out) counts as one.
NEGATION = "@neg"
_NEGATION_AUX = frozenset({"ない", "ず"})
_NEGATION_ADJ = frozenset({"無い"})
# 「住むところがなくなりそう」 says what 「住むところがない」 says.
_NEGATION_VERB = frozenset({"無くなる", "なくなる"})
# 「かもしれない」 (maybe) is not a negation.
_NOT_NEGATED_AFTER = frozenset({"知れる"})


def _is_negation(pos: str, raw_norm: str) -> bool:
    return (
        (pos == "助動詞" and raw_norm in _NEGATION_AUX)
        or (pos == "形容詞" and raw_norm in _NEGATION_ADJ)
        or (pos == "動詞" and raw_norm in _NEGATION_VERB)
    )


def _safe_token(text: str) -> str:
    """Make a token one FTS5/tsvector lexeme: letters and digits survive, anything else becomes ``_``."""
    return "".join(ch if unicodedata.category(ch)[0] in "LN" else "_" for ch in text).strip("_")


# --------------------------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------------------------


def normalize_text(text: str) -> str:
    """NFKC, control and format characters to spaces, whitespace collapsed.

    This is also the form in which queries are logged, so ＤＶ and DV count as one search term.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return _SPACE_RE.sub(" ", text).strip()


def truncate_query(text: str, max_length: int | None = None) -> tuple[str, bool]:
    """Normalise and cut a query to the configured maximum length. Returns (text, was_truncated)."""
    limit = max_length or configured_max_query_length()
    # Cut before NFKC as well: normalising 60,000 characters to throw most of them away is wasted work.
    raw = (text or "")[: limit * 4]
    normalized = normalize_text(raw)
    was_truncated = len(normalized) > limit or len(text or "") > limit * 4
    return normalized[:limit], was_truncated


def configured_max_query_length() -> int:
    try:
        from django.conf import settings

        value = int(getattr(settings, "TSUNAGU_SEARCH", {}).get("MAX_QUERY_LENGTH", MAX_QUERY_LENGTH))
    except Exception:  # settings not configured: pure use of the analyzer
        value = MAX_QUERY_LENGTH
    return max(1, min(value, HARD_MAX_QUERY_LENGTH))


# --------------------------------------------------------------------------------------------------------------
# Sudachi
# --------------------------------------------------------------------------------------------------------------


@functools.cache
def _dictionary() -> Dictionary:
    # Loaded once per process (~0.2 s, the 200 MB system dictionary is memory-mapped). functools.cache is
    # thread-safe enough here: a race at most builds a second Dictionary once.
    return Dictionary()


_local = threading.local()


def _tokenizers():
    """Per-thread tokenizers: a SudachiPy Tokenizer holds mutable state and must not be shared across threads."""
    pair = getattr(_local, "tokenizers", None)
    if pair is None:
        dictionary = _dictionary()
        pair = (dictionary.tokenizer(mode=SplitMode.A), dictionary.tokenizer(mode=SplitMode.C))
        _local.tokenizers = pair
    return pair


def readings(text: str) -> list[tuple[str, str]]:
    """(surface, katakana reading) per morpheme, with compounds kept whole (split mode C).

    The one place outside search that needs readings (ふりがな, organisation kana) uses this, so a process
    loads the Sudachi dictionary once."""
    _split_a, split_c = _tokenizers()
    return [(m.surface(), m.reading_form()) for m in split_c.tokenize(text)]


def parts_of_speech(text: str) -> list[tuple[str, str]]:
    """(surface, first level of the part of speech) per morpheme (split mode C), e.g. the importers' garble check."""
    _split_a, split_c = _tokenizers()
    return [(m.surface(), m.part_of_speech()[0]) for m in split_c.tokenize(text)]


def katakana_reading(text: str) -> str:
    """「社会福祉協議会」→「シャカイフクシキョウギカイ」: a name's reading for kana fields (名称_カナ)."""
    return "".join(reading or surface for surface, reading in readings(unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True, slots=True)
class Morph:
    """One mode-A morpheme after normalisation."""

    surface: str
    norm: str  # normalised, lowercased, kana folded to katakana, made lexeme-safe
    reading: str  # katakana reading
    pos: str
    begin: int  # character offsets in the normalised text
    end: int
    is_stop: bool
    is_affix: bool  # affixes and negation markers: in the vocabulary match stream, never indexed on their own
    # A light verb (出す, 行く) or a time/place noun (前, 後): weighs little as a query term.
    is_weak: bool = False
    # Ends a clause (、。 and けど/ので/のに/し/が): query phrases do not match across it.
    is_boundary: bool = False

    @property
    def is_content(self) -> bool:
        return not self.is_stop and not self.is_affix and bool(self.norm)


@dataclass(frozen=True, slots=True)
class Compound:
    """A mode-C morpheme that spans more than one mode-A morpheme (生活保護, 障害者, 要介護認定)."""

    surface: str
    norm: str
    reading: str
    begin: int
    end: int
    pos: str = ""


def _norm_form(raw: str) -> str:
    form = raw.lower()
    if _is_kana(form):
        # Sudachi leaves ごみ and ゴミ apart; kana-only forms are folded so spelling variants meet.
        form = _to_katakana(form)
    return _safe_token(form)


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split long text into pieces Sudachi accepts, preferably after sentence punctuation."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + _CHUNK_CHARS)
        if end < n:
            cut = max(text.rfind(p, start + _CHUNK_CHARS // 2, end) for p in "。、\n ・,.")
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


def _tame(text: str) -> str:
    """Collapse pathological repetition (``""" "…``, ``a:a:a:…``) that only slows Sudachi down." ""
    return _REPEAT_RE.sub(lambda m: (m.group(1) or m.group(2)) * 2, text)


def tokenize(text: str) -> tuple[list[Morph], list[Compound]]:
    """Mode A morphemes and the mode C compounds over already normalised text."""
    morphs: list[Morph] = []
    compounds: list[Compound] = []
    if not text:
        return morphs, compounds
    tok_a, tok_c = _tokenizers()
    for offset, chunk in _chunks(text):
        a_list = tok_a.tokenize(chunk)
        a_bounds = set()
        previous = ""
        for m in a_list:
            pos = m.part_of_speech()
            raw = m.normalized_form()
            norm = _norm_form(raw)
            is_stop = pos[0] in _STOP_POS or raw in STOPWORDS or norm in _STOP_FOLDED or not norm
            is_affix = pos[0] in _AFFIX_POS
            is_weak = (pos[0] == "動詞" and pos[1] == "非自立可能") or (
                pos[0] == "名詞" and pos[2] == "副詞可能"
            )
            is_boundary = (pos[0] == "補助記号" and m.surface() in _CLAUSE_MARKS) or (
                pos[1] == "接続助詞" and m.surface() in _CLAUSE_PARTICLES
            )
            if _is_negation(pos[0], raw) and previous not in _NOT_NEGATED_AFTER:
                norm, is_stop, is_affix = NEGATION, False, True
            morphs.append(
                Morph(
                    surface=m.surface(),
                    norm=norm,
                    reading=m.reading_form(),
                    pos=pos[0],
                    begin=offset + m.begin(),
                    end=offset + m.end(),
                    is_stop=is_stop,
                    is_affix=is_affix,
                    is_weak=is_weak,
                    is_boundary=is_boundary,
                )
            )
            previous = raw
            a_bounds.add((m.begin(), m.end()))
        for m in tok_c.tokenize(chunk):
            if (m.begin(), m.end()) in a_bounds:
                continue  # the compound is a single mode-A word already
            pos = m.part_of_speech()[0]
            if pos in _STOP_POS:
                continue
            raw = m.normalized_form()
            norm = _norm_form(raw)
            if not norm or raw in STOPWORDS or norm in _STOP_FOLDED:
                continue
            compounds.append(
                Compound(m.surface(), norm, m.reading_form(), offset + m.begin(), offset + m.end(), pos)
            )
    return morphs, compounds


def _reading_token(reading: str) -> str | None:
    reading = _safe_token(reading)
    # Two-mora readings (カ, カイ) collide with half the dictionary; only longer readings are worth matching.
    if len(reading) < 3 or not _is_kana(reading):
        return None
    return READING_PREFIX + reading


def clauses(morphs: list[Morph]) -> list[list[Morph]]:
    """Morphemes split into clauses at 、。 and the conjunctions けど/ので/のに/し/が (not て, which joins one action)."""
    out: list[list[Morph]] = [[]]
    for m in morphs:
        if m.is_boundary:
            if out[-1]:
                out.append([])
            continue
        out[-1].append(m)
    return [c for c in out if c]


def match_stream(morphs: Iterable[Morph]) -> list[str]:
    """Tokens the vocabulary matches against: content words and affixes in order, stopwords dropped."""
    return [m.norm for m in morphs if not m.is_stop and m.norm]


# --------------------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------------------


def analyze_document(text: str, *, readings: bool = True, concepts: bool = True) -> list[str]:
    """Tokens to index for one field of a document (order kept, duplicates kept: term frequency matters)."""
    text = _tame(normalize_text(text))
    morphs, compounds = tokenize(text)
    # The pieces of a compound verb do not mean what it means: 受け止める (every window's "we take in any worry")
    # is not 受ける (「暴力を受けている」), 取り立てる is not 取る. Documents index such a verb whole; queries keep the
    # pieces, which then find the verbs residents write apart.
    inside_verbs = [(c.begin, c.end) for c in compounds if c.pos == "動詞"]
    content = [
        m for m in morphs if m.is_content and not any(b <= m.begin and m.end <= e for b, e in inside_verbs)
    ]
    tokens = [m.norm for m in content]
    tokens.extend(c.norm for c in compounds)
    if readings:
        for item in [*content, *compounds]:
            reading = _reading_token(item.reading)
            if reading:
                tokens.append(reading)
    if concepts:
        from search.vocabulary import get_vocabulary

        vocabulary = get_vocabulary()
        tokens.extend(
            vocabulary.concepts[name].token for name in vocabulary.concepts_in_document(match_stream(morphs))
        )
    return tokens


# --------------------------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryGroup:
    """Alternatives for one need in the query; a document scores by its best alternative in each group."""

    label: str  # what the resident typed (or the concept name) — for debugging and explanations
    kind: str  # "term" | "compound" | "reading" | "concept" | "category"
    alternatives: tuple[tuple[str, float], ...]

    def tokens(self) -> list[str]:
        return [t for t, _ in self.alternatives]


@dataclass(frozen=True)
class AnalyzedQuery:
    text: str  # the normalised (NFKC, truncated) query
    groups: tuple[QueryGroup, ...] = ()
    concepts: tuple[str, ...] = ()  # vocabulary concepts recognised in the query
    categories: tuple[str, ...] = ()  # category slugs those concepts are filed under
    surfaces: tuple[str, ...] = ()  # surface strings of content words, for highlighting
    truncated: bool = False
    weights: dict[str, float] = field(default_factory=dict, compare=False)  # token → best weight anywhere
    # Category slug → core concept tokens (CATEGORY_CORE_CONCEPTS), for the categories of recognised concepts. Not
    # query tokens: they only rank windows that are already in the category (search.engines.scoring.rank).
    category_cores: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    # What the resident states about themselves (or the person they ask for): an age, and that the need is a
    # business's. Ranking prefers windows whose 対象 fits (search.engines.scoring.target_factor).
    age: int | None = None
    business: bool = False
    # Groups the query speaks of (disabled, foreign, men, women): windows only for another group rank lower.
    people: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def tokens(self) -> list[str]:
        """Every distinct token any group can match, in a stable order."""
        return list(self.weights)


def _add_group(groups: list[QueryGroup], seen: set[tuple[str, ...]], group: QueryGroup) -> None:
    key = tuple(sorted(group.tokens()))
    if key and key not in seen:
        seen.add(key)
        groups.append(group)


def analyze_query(text: str, *, max_length: int | None = None) -> AnalyzedQuery:
    """Analyse a resident's query into weighted groups of alternative tokens."""
    from search.vocabulary import get_vocabulary

    normalized, truncated = truncate_query(text, max_length)
    vocabulary = get_vocabulary()
    # English words and romaji are taken out of the text first (search.foreign): romaji comes back as hiragana.
    latin = split_latin(normalized, vocabulary.english_words)
    morphs, compounds = tokenize(_tame(drop_negated(latin.japanese)))
    groups: list[QueryGroup] = []
    seen: set[tuple[str, ...]] = set()
    surfaces: list[str] = []

    content = [m for m in morphs if m.is_content]
    for m in content:
        alternatives = [(m.norm, WEIGHT_WEAK if m.is_weak else WEIGHT_ORIGINAL)]
        if _is_kana(m.surface):
            reading = _reading_token(m.reading)
            if reading:
                alternatives.append((reading, WEIGHT_READING))
        _add_group(groups, seen, QueryGroup(m.surface, "term", tuple(alternatives)))
        surfaces.append(m.surface)
    for c in compounds:
        _add_group(groups, seen, QueryGroup(c.surface, "compound", ((c.norm, WEIGHT_COMPOUND),)))
        surfaces.append(c.surface)
    for label, reading in _kana_span_readings(morphs):
        _add_group(groups, seen, QueryGroup(label, "reading", ((reading, WEIGHT_READING),)))

    # A phrase matches within one clause: 「一人で暮らしているが、仕事に行けず」 is not 暮らしていけない.
    concepts: list[str] = []
    for clause in clauses(morphs):
        for name in vocabulary.concepts_in_query(match_stream(clause)):
            if name not in concepts:
                concepts.append(name)
    for name in vocabulary.concepts_in_english(latin.english):
        if name not in concepts:
            concepts.append(name)
    # A query typed in kana that Sudachi mis-splits (しゃっきん, かいご) still names a concept by its reading.
    kana_readings = [_reading_token(m.reading) for m in content if _is_kana(m.surface)]
    kana_readings += [reading for _, reading in _kana_span_readings(morphs)]
    kana_readings += list(_kana_stretch_readings(morphs))
    for name in vocabulary.concepts_by_reading(r for r in kana_readings if r):
        if name not in concepts:
            concepts.append(name)
    # Violence follows the victim the query names (search.roles): elder abuse, child abuse or DV.
    concepts = [name for name in victim_concept(concepts, morphs) if name in vocabulary.concepts]
    # Once the query says the one hurt is an elder or a disabled adult, concepts filed only under DV
    # (the crisis concept 暴力の危険 that 叩かれる fires) no longer steer ranking toward partner-violence windows;
    # the crisis panel is decided on the raw text (search.crisis) and stays.
    if "DV" not in concepts and any(name in ADULT_NON_PARTNER_ABUSE for name in concepts):
        concepts = [name for name in concepts if vocabulary.concepts[name].categories != ["dv"]]
    categories: list[str] = []
    primary: set[str] = set()
    for name in concepts:
        concept = vocabulary.concepts[name]
        alternatives = [(concept.token, WEIGHT_CONCEPT)]
        if concept.name_token:
            alternatives.append((concept.name_token, WEIGHT_CONCEPT_NAME))
        _add_group(groups, seen, QueryGroup(name, "concept", tuple(alternatives)))
        primary.update(concept.categories[:1])
        for slug in concept.categories:
            if slug not in categories:
                categories.append(slug)
    category_cores: dict[str, tuple[str, ...]] = {}
    for slug in categories:
        weight = WEIGHT_CATEGORY if slug in primary else WEIGHT_CATEGORY_SECONDARY
        _add_group(groups, seen, QueryGroup(slug, "category", ((CATEGORY_PREFIX + slug, weight),)))
        # Only where the core concept is not itself recognised: then the concept group already rewards it.
        cores = tuple(
            vocabulary.concepts[name].token
            for name in CATEGORY_CORE_CONCEPTS.get(slug, ())
            if name in vocabulary.concepts and name not in concepts
        )
        if cores:
            category_cores[slug] = cores

    weights: dict[str, float] = {}
    for group in groups:
        for token, weight in group.alternatives:
            weights[token] = max(weight, weights.get(token, 0.0))
    return AnalyzedQuery(
        age=stated_age(normalized),
        business=bool(_BUSINESS_QUERY.search(normalized)),
        people=stated_groups(normalized, concepts, categories, foreign=bool(latin.english or latin.romaji)),
        text=normalized,
        groups=tuple(groups),
        concepts=tuple(concepts),
        categories=tuple(categories),
        surfaces=tuple(dict.fromkeys(surfaces)),
        truncated=truncated,
        weights=weights,
        category_cores=category_cores,
    )


#: 「介護保険の申請ではなくて、母の物忘れのこと」: what comes before 〜ではなく / 〜じゃなくて / 〜以外 (back to the
#: previous clause boundary) is what the resident does NOT want, so it is not searched for.
_NEGATED = re.compile(
    r"[^、。,.!?！？\s]*?(?:ではなくて|ではなく|じゃなくて|じゃなく|でなくて|でなく|以外(?:で|の|に|は)?)[、,\s]*"
)


def drop_negated(text: str) -> str:
    """The query without its negated parts, unless nothing would be left."""
    kept = _NEGATED.sub(" ", text).strip()
    return kept if len(re.sub(r"[\W_]", "", kept)) >= 2 else text


_AGE_QUERY = re.compile(r"(\d{1,3})\s*(?:歳|才|さい)")
_DECADE_QUERY = re.compile(r"(\d)0\s*(?:代|歳代)")
# Words that put a person in an age range when no number is given (the middle of the range).
_AGE_WORDS = (
    ("赤ちゃん", 0),
    ("乳児", 0),
    ("幼児", 3),
    ("未就学", 4),
    ("小学生", 9),
    ("中学生", 14),
    ("高校生", 17),
    ("大学生", 20),
    ("還暦", 60),
    ("定年", 62),
)
_BUSINESS_QUERY = re.compile(
    r"事業者|事業主|経営|創業|起業|融資|店を|お店|店の(?:資金|売|経営)|自営|商売|会社を営|法人|資金繰り|運転資金|売上|売り上げ"
)


# Concepts that speak of a disability without the category (精神の病気 is a 精神障害 in the welfare sense).
_DISABILITY_CONCEPTS = frozenset({"精神疾患", "依存症", "子供の発達", "難病"})
_GROUP_WORDS = (
    ("disabled", re.compile(r"障害|障がい|障碍|手帳|車いす|車椅子|手話|作業所|精神")),
    ("foreign", re.compile(r"外国|日本語|在留|ビザ|通訳")),
    ("men", re.compile(r"男性|父子|シングルファ")),
    ("women", re.compile(r"女性|母子|シングルマザー|妊娠|妊婦")),
)


def stated_groups(
    text: str, concepts: Iterable[str], categories: Iterable[str], *, foreign: bool
) -> tuple[str, ...]:
    """The groups a query speaks of, for windows that are only for one group (search.engines.scoring)."""
    groups = [group for group, pattern in _GROUP_WORDS if pattern.search(text)]
    if "disabled" not in groups and ("shogai" in categories or _DISABILITY_CONCEPTS & set(concepts)):
        groups.append("disabled")
    if foreign and "foreign" not in groups:
        groups.append("foreign")  # a query in English or romaji
    return tuple(groups)


def stated_age(text: str) -> int | None:
    """The age a query states (「65歳」「30代」「中学生の娘」), for ranking windows by their 対象年齢."""
    if match := _AGE_QUERY.search(text):
        return int(match.group(1))
    if match := _DECADE_QUERY.search(text):
        return int(match.group(1)) * 10 + 5
    for word, age in _AGE_WORDS:
        if word in text:
            return age
    return None


def _kana_span_readings(morphs: list[Morph]) -> Iterator[tuple[str, str]]:
    """Readings of runs of kana morphemes: Sudachi splits an unknown かな word (しゃっきん → しゃっ + きん), but the
    run's reading シャッキン still meets the reading of 借金 in the index."""
    run: list[Morph] = []
    for m in [*morphs, None]:
        if m is not None and m.pos == "空白" and run:
            continue  # 「かいご ほけん」 (and romaji kaigo hoken) still spells 介護保険
        if m is not None and _is_kana(m.surface) and m.pos not in {"助詞", "助動詞"}:
            run.append(m)
            continue
        for i in range(len(run)):
            for j in range(i + 2, min(len(run), i + 4) + 1):
                reading = _reading_token(_to_katakana("".join(x.surface for x in run[i:j])))
                if reading:
                    yield "".join(x.surface for x in run[i:j]), reading
        run = []


def _kana_stretch_readings(morphs: list[Morph]) -> Iterator[str]:
    """Readings of spans of kana text *including* particles, for naming a vocabulary concept only.

    Sudachi tags pieces of an unknown かな word as particles (にんちしょう → に + ん + ち + しょう), which breaks the
    runs of ``_kana_span_readings``. These spans are matched against the readings of curated vocabulary words only
    (never against the index), where a particle inside a span rarely spells a concept by accident.
    """
    run: list[Morph] = []
    for m in [*morphs, None]:
        if m is not None and _is_kana(m.surface):
            if run and run[-1].end != m.begin:
                yield from _span_readings(run)
                run = []
            run.append(m)
            continue
        yield from _span_readings(run)
        run = []


def _span_readings(run: list[Morph]) -> Iterator[str]:
    if not any(m.pos in {"助詞", "助動詞"} for m in run):
        return  # covered by _kana_span_readings
    for i in range(len(run)):
        for j in range(i + 2, min(len(run), i + 6) + 1):
            reading = _reading_token(_to_katakana("".join(x.surface for x in run[i:j])))
            if reading:
                yield reading


def highlight_terms(query: str | AnalyzedQuery) -> list[str]:
    """Surface strings to highlight for a query: what the resident typed, content words only, longest first."""
    analyzed = query if isinstance(query, AnalyzedQuery) else analyze_query(query)
    return sorted(set(analyzed.surfaces), key=lambda s: (-len(s), s))


def highlight_spans(text: str, query: AnalyzedQuery) -> list[tuple[int, int]]:
    """Character spans of ``normalize_text(text)`` whose analysed tokens the query matches.

    Matching on tokens rather than strings marks 子ども in a window for the query こども, and 放置ゴミ for ごみ屋敷.
    """
    normalized = normalize_text(text)
    morphs, compounds = tokenize(normalized)
    wanted = set(query.weights)
    spans = [(m.begin, m.end) for m in morphs if m.is_content and m.norm in wanted]
    spans.extend((c.begin, c.end) for c in compounds if c.norm in wanted)
    if query.concepts:
        from search.vocabulary import get_vocabulary

        spans.extend(get_vocabulary().concept_spans(morphs, set(query.concepts)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for begin, end in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged
