"""Crisis detection: does a resident's query say they (or a child near them) are in danger right now?

A general method over the analyzer's output, driven by the crisis concepts of the reviewed vocabulary
(``search/vocabulary/crisis.tsv``, tag ``crisis:<kind>``), never by strings per example:

1. The query and every crisis phrase are analysed by the same analyzer (Sudachi normalised forms), so 死にたい,
   しにたい, 死にてえ and 生きとうない meet. Particles and most auxiliaries drop out; the auxiliaries that change what a
   predicate means stay as markers: desire (たい → ``@want``), passive (れる → ``@passive``), causative (せる →
   ``@cause``), volition (う/よう → ``@will``) and negation (``@neg``). 「死ぬ」 alone is not 「死にたい」 and 「殺す」
   not 「殺される」.
2. A phrase matches when its tokens occur in order inside one clause (clauses end at 。、！？ and spaces), with at most
   ``MAX_GAP`` other tokens between them (「夫にまた今日も殴られた」).
3. Its katakana reading also matches, on word boundaries of the query (a kana run or a misconverted kanji:
   氏にたい, 死にたか), so a phrase Sudachi analyses oddly is still found; 「わたしにたいして」 is not, because
   シニタイ starts inside わたし.
4. Near misses are rejected by rules about the words around a match, not by lists of examples:
   - a negation right after the predicate (死にたくない, 殴られたことはない), unless the phrase holds one itself;
   - a degree particle after it (ほど, くらい) makes it a figure of speech (死ぬほど忙しい, 消えたいくらい恥ずかしい)
     unless what follows is distress (死にたいくらいつらい);
   - a policy word after it (対策, 防止, 研修, 統計 …) makes it a search for information (自殺対策計画);
   - a compound the match sits inside means something else (殴り書き is one word, not 殴る);
   - ``~phrase``: only when no other noun is named in its clause (「もう限界」, not 「介護がもう限界」).

``detect_crisis(text)`` returns the kinds found, most specific first, or None.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.analyzer import (
    NEGATION,
    Morph,
    _is_kana,
    _to_katakana,
    normalize_text,
    tokenize,
    truncate_query,
)

#: Kinds in the order the panel prefers when a query says several things: a child in danger first.
KIND_ORDER = ("child_abuse", "sexual_violence", "violence", "suicide", "hunger")
MAX_GAP = 3
STANDALONE_MARK = "~"

# Auxiliaries (by normalised form, katakana-folded) that change what the predicate before them means.
_MARKERS = {
    "タイ": "@want",
    "タガル": "@want",
    "レル": "@passive",
    "ラレル": "@passive",
    "セル": "@cause",
    "サセル": "@cause",
    "ウ": "@will",
    "ヨウ": "@will",
}
_MARKER_TOKENS = frozenset(_MARKERS.values()) | {NEGATION}
# Degree particles that turn a predicate into a figure of speech: 死ぬほど忙しい, 消えたいくらい恥ずかしい.
_DEGREE = frozenset({"ほど", "程", "くらい", "ぐらい", "位"})
# ... unless what they intensify is distress itself: 死にたいくらいつらい is a crisis.
_DISTRESS = frozenset(
    {
        "辛い",
        "つらい",
        "苦しい",
        "しんどい",
        "悲しい",
        "寂しい",
        "淋しい",
        "怖い",
        "痛い",
        "不安",
        "絶望",
        "孤独",
    }
)
# Nouns after a match that make the query a search for information about the topic, not a cry for help.
_POLICY = frozenset(
    {
        "対策",
        "防止",
        "予防",
        "研修",
        "講座",
        "講演",
        "計画",
        "統計",
        "件数",
        "制度",
        "法",
        "法律",
        "条例",
        "週間",
        "月間",
        "啓発",
        "会議",
        "協議会",
        "白書",
        "調査",
        "報告",
        "資料",
        "ニュース",
        "事件",
        "映画",
        "ドラマ",
        "小説",
        "漫画",
        "ゲーム",
        "歌",
        "曲",
        "歌詞",
        "ボランティア",
        "募集",
        "養成",
        "ゲートキーパー",
        "マニュアル",
        "ポスター",
        "冤罪",
        "本",
        "書籍",
        "展示",
        "相談員",
    }
)
# Nouns a standalone phrase may keep company with: when, how much, who is speaking.
_FILLER_NOUNS = frozenset(
    {
        "今",
        "今日",
        "今夜",
        "今すぐ",
        "すぐ",
        "本当",
        "毎日",
        "全部",
        "全て",
        "何もかも",
        "私",
        "自分",
        "僕",
        "俺",
        "あたし",
        "うち",
        "日",
    }
)
_CLAUSE_END = re.compile(r"[。、,，.!?！？\s]+")
_SMALL_KANA = str.maketrans("ァィゥェォャュョッヮ", "アイウエオヤユヨツワ")
_LONG_VOWEL_RUN = re.compile(r"ー+")
MIN_READING = 3


@dataclass(frozen=True)
class CrisisMatch:
    """What was found: the kinds (most specific first), the concepts and the phrases that matched."""

    kinds: tuple[str, ...]
    concepts: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.kinds[0]


@dataclass(frozen=True)
class _Pattern:
    concept: str
    kind: str
    phrase: str
    tokens: tuple[str, ...]  # content tokens and markers, in order (may be empty: reading only)
    reading: str  # folded katakana reading of the whole phrase ("" when too short to trust)
    standalone: bool
    negated: bool  # the phrase itself holds a negation (生きていたくない)
    weight: int = field(default=0, compare=False)  # specificity: tokens in the pattern
    cases: tuple[tuple[str, str], ...] = ()  # (noun, が / を) as the phrase writes them


@dataclass
class _Token:
    text: str
    morph_index: int  # index into the clause's morphs of the morph that produced this token


# --------------------------------------------------------------------------------------------------------------
# Analysis shared by phrases and queries
# --------------------------------------------------------------------------------------------------------------


def _crisis_tokens(morphs: list[Morph]) -> list[_Token]:
    """Content words and meaning-changing markers, in order."""
    tokens: list[_Token] = []
    for index, m in enumerate(morphs):
        if m.norm == NEGATION:
            tokens.append(_Token(NEGATION, index))
        elif m.pos == "助動詞" and m.norm in _MARKERS:
            tokens.append(_Token(_MARKERS[m.norm], index))
        elif not m.is_stop and not m.is_affix and m.norm:
            tokens.append(_Token(m.norm, index))
    return tokens


def _fold_reading(text: str) -> str:
    """Katakana, small kana enlarged, long-vowel marks dropped: しにたぃ / シニターイ / 死にたい meet."""
    return _LONG_VOWEL_RUN.sub("", _to_katakana(text).translate(_SMALL_KANA))


def _morph_reading(m: Morph) -> str:
    # A kana morph reads as written (Sudachi reads the particle は as ハ too); others by their dictionary reading.
    return _fold_reading(m.surface if _is_kana(m.surface) else (m.reading or m.surface))


def _clauses(text: str) -> list[tuple[list[Morph], list[tuple[int, int]]]]:
    """The query cut into clauses, each analysed: (morphs, mode-C compound spans relative to the clause)."""
    out = []
    for part in _CLAUSE_END.split(text):
        if not part:
            continue
        morphs, compounds = tokenize(part)
        spans = [(c.begin, c.end) for c in compounds if c.pos == "名詞"]
        out.append((morphs, spans))
    return out


# --------------------------------------------------------------------------------------------------------------
# Patterns from the vocabulary
# --------------------------------------------------------------------------------------------------------------


def _compile(concept: str, kind: str, phrase: str) -> _Pattern | None:
    standalone = phrase.startswith(STANDALONE_MARK)
    text = normalize_text(phrase.lstrip(STANDALONE_MARK))
    morphs, _compounds = tokenize(text)
    tokens = tuple(t.text for t in _crisis_tokens(morphs))
    content = [t for t in tokens if t not in _MARKER_TOKENS]
    verbs = [m for m in morphs if not m.is_stop and m.pos == "動詞"]
    # A bare verb (死ぬ, 殺す), or one only negated (食べるものがない → 食べる + neg, which 「野菜を食べない」 also
    # says), tells nothing about danger: such a phrase is matched by its reading only (死にたか, タベルモノガナイ).
    markers = [t for t in tokens if t in _MARKER_TOKENS]
    if not content:
        tokens = ()  # markers alone (いない方がいい → neg) would match any negated query: by reading only
    elif (
        len(content) == 1
        and set(markers) <= {NEGATION}
        and verbs
        and not any(m.pos == "名詞" and not m.is_stop for m in morphs)
    ):
        tokens = ()
    reading = "".join(_morph_reading(m) for m in morphs if m.pos != "補助記号")
    if len(reading) < MIN_READING:
        reading = ""
    if not tokens and not reading:
        return None
    return _Pattern(
        concept=concept,
        kind=kind,
        phrase=phrase,
        tokens=tokens,
        reading=reading,
        standalone=standalone,
        negated=NEGATION in tokens,
        weight=len(tokens) or len(reading) // 3,
        cases=_cases(morphs),
    )


_CASE_PARTICLES = frozenset({"が", "を"})


def _cases(morphs: list[Morph]) -> tuple[tuple[str, str], ...]:
    """(noun, particle) for each noun directly followed by が or を."""
    return tuple(
        (m.norm, nxt.surface)
        for m, nxt in zip(morphs, morphs[1:], strict=False)
        if m.pos == "名詞" and nxt.surface in _CASE_PARTICLES
    )


def _case_flipped(cases: tuple[tuple[str, str], ...], span: list[Morph]) -> bool:
    found = dict(_cases(span))
    return any(noun in found and found[noun] != particle for noun, particle in cases)


class _Patterns:
    def __init__(self, vocabulary) -> None:
        self.patterns: list[_Pattern] = []
        # Agent rules (tag crisis:<kind>@<base>): a <base> match in a clause that names one of the words makes it
        # <kind> too, first (親に蹴られた: violence by a parent → child abuse).
        self.agents: list[tuple[str, str, frozenset[str]]] = []
        for concept in vocabulary.concepts.values():
            if not concept.crisis:
                continue
            if "@" in concept.crisis:
                kind, _sep, bases = concept.crisis.partition("@")
                words = set()
                # The ~words only: the concept's own name is a phrase of it too, and names the base kind.
                for phrase in (p for p in concept.phrases if p.startswith(STANDALONE_MARK)):
                    morphs, _ = tokenize(normalize_text(phrase.lstrip(STANDALONE_MARK)))
                    words.update(m.norm for m in morphs if not m.is_stop and m.norm)
                for base in bases.split("+"):
                    self.agents.append((kind, base, frozenset(words)))
                continue
            for phrase in concept.phrases:
                pattern = _compile(concept.name, concept.crisis, phrase)
                if pattern is not None:
                    self.patterns.append(pattern)
        self.by_first: dict[str, list[_Pattern]] = {}
        for pattern in self.patterns:
            if pattern.tokens:
                self.by_first.setdefault(pattern.tokens[0], []).append(pattern)
        self.readings = [p for p in self.patterns if p.reading]


_lock = threading.Lock()
_compiled: tuple[int, _Patterns] | None = None


def _patterns() -> _Patterns:
    """Compiled crisis patterns for the current vocabulary (recompiled when the vocabulary object changes)."""
    global _compiled
    from search.vocabulary import get_vocabulary

    vocabulary = get_vocabulary()
    with _lock:
        if _compiled is None or _compiled[0] != id(vocabulary):
            _compiled = (id(vocabulary), _Patterns(vocabulary))
        return _compiled[1]


# --------------------------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------------------------


def detect_crisis(text: str) -> CrisisMatch | None:
    """The crisis kinds a query expresses, most specific first; None for an ordinary query."""
    query, _truncated = truncate_query(text or "")
    if not query:
        return None
    return _detect(query)


@functools.lru_cache(maxsize=2048)
def _detect_cached(query: str, version: int) -> CrisisMatch | None:
    return _detect_uncached(query)


# A space between two Japanese characters is usually a slip of the thumb (死にた い): read the query both ways.
# しにたいしにたいしにたい: a phrase typed over and over is read once.
_REPEAT = re.compile(r"(.{2,8}?)\1+")
_INNER_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def _detect(query: str) -> CrisisMatch | None:
    patterns = _patterns()
    found = _detect_cached(query, id(patterns))
    for variant in (_INNER_SPACE.sub("", query), _REPEAT.sub(r"\1", query), _romaji_as_kana(query)):
        if found is None and variant != query:
            found = _detect_cached(variant, id(patterns))
    return found


def _romaji_as_kana(query: str) -> str:
    """「shinitai」「mou shinitai」: romaji read as kana, as the search analyzer reads it (English words stay)."""
    from search.foreign import split_latin
    from search.vocabulary import get_vocabulary

    if not query.isascii():
        return query
    latin = split_latin(query, get_vocabulary().english_words)
    return latin.japanese if latin.romaji else query


# English words that make a query a search for information (suicide prevention plan), stemmed like the vocabulary.
_ENGLISH_POLICY = frozenset(
    {
        "prevent",
        "prevention",
        "plan",
        "polici",
        "statist",
        "law",
        "train",
        "cours",
        "news",
        "research",
        "award",
    }
)


def _english_kinds(query: str) -> list[_Pattern]:
    """Crisis concepts named in English (the vocabulary's English column, Snowball stems): 「I want to die」.
    A negation or a policy word in the query cancels them, as in Japanese."""
    from search.foreign import english_tokens
    from search.vocabulary import get_vocabulary

    tokens = english_tokens(query)
    if not tokens or set(tokens) & _ENGLISH_POLICY:
        return []
    vocabulary = get_vocabulary()
    found = []
    for name in vocabulary.concepts_in_english(tokens):
        concept = vocabulary.concepts[name]
        if not concept.crisis or "@" in concept.crisis:
            continue
        # 「I don't want to die」: a negation cancels, unless the concept's own phrases say one (no food).
        if "@neg" in tokens and not any("@neg" in english_tokens(p) for p in concept.english_phrases):
            continue
        found.append(_Pattern(name, concept.crisis, "", (), "", False, False, weight=1))
    return found


def _detect_uncached(query: str) -> CrisisMatch | None:
    patterns = _patterns()
    found: list[_Pattern] = _english_kinds(query)
    for morphs, compound_spans in _clauses(query):
        tokens = _crisis_tokens(morphs)
        for start, token in enumerate(tokens):
            for pattern in patterns.by_first.get(token.text, ()):
                end = _match_tokens(pattern.tokens, tokens, start, morphs)
                if end is None:
                    continue
                first = tokens[start].morph_index
                last = tokens[end].morph_index
                if _accept(pattern, morphs, compound_spans, first, last, tokens, end):
                    found.append(pattern)
        found.extend(_reading_matches(patterns.readings, morphs, compound_spans, tokens))
        norms = {m.norm for m in morphs}
        for kind, base, words in patterns.agents:
            if any(p.kind == base for p in found) and norms & words:
                found.append(_Pattern("", kind, "", (), "", False, False, weight=99))
    if not found:
        return None
    # Most specific evidence first; kinds in the panel's order of precedence on ties.
    found.sort(key=lambda p: (-p.weight, KIND_ORDER.index(p.kind) if p.kind in KIND_ORDER else 99))
    kinds = _unique(p.kind for p in found)
    # A child in danger outranks the general kinds whenever both are said (「親に殴られる」 is violence too).
    if "child_abuse" in kinds:
        kinds = ["child_abuse", *(k for k in kinds if k != "child_abuse")]
    return CrisisMatch(
        kinds=tuple(kinds),
        concepts=tuple(_unique(p.concept for p in found if p.concept)),
        phrases=tuple(_unique(p.phrase for p in found if p.phrase)),
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _match_tokens(
    pattern: tuple[str, ...], tokens: list[_Token], start: int, morphs: list[Morph]
) -> int | None:
    """Index of the token matching the pattern's last token, matching in order with small gaps; else None."""
    pos = start
    for part in pattern[1:]:
        # A marker belongs to the predicate right before it: 死ぬしかない is not 死にたくない, and 死ぬまでにやりたい
        # is not 死にたい (only auxiliaries, て/で and helper verbs such as しまう may stand between).
        gap = 0 if part in _MARKER_TOKENS else MAX_GAP
        window = [t.text for t in tokens[pos + 1 : pos + 2 + gap]]
        if part not in window:
            return None
        nxt = pos + 1 + window.index(part)
        if part in _MARKER_TOKENS and not _binds(
            morphs[tokens[pos].morph_index + 1 : tokens[nxt].morph_index]
        ):
            return None
        pos = nxt
    return pos


def _binds(between: list[Morph]) -> bool:
    return all(
        m.pos == "助動詞" or m.surface in ("て", "で") or (m.is_stop and m.pos == "動詞") for m in between
    )


def _accept(
    pattern: _Pattern,
    morphs: list[Morph],
    compound_spans: list[tuple[int, int]],
    first: int,
    last: int,
    tokens: list[_Token],
    end_token: int | None,
) -> bool:
    begin, end = morphs[first].begin, morphs[last].end
    # A policy or media word inside the match (虐待のニュースを見た) makes it a search for information.
    if any(m.norm in _POLICY for m in morphs[first + 1 : last]):
        return False
    # The same noun with the other case particle reverses who does what: 子どもが叩く is not 子どもを叩く.
    if pattern.cases and _case_flipped(pattern.cases, morphs[first : last + 1]):
        return False
    # Inside a longer noun compound the words mean something else (殴り書き, 自殺対策).
    inside_longer = any(b <= begin and end <= e and e - b > end - begin for b, e in compound_spans)
    if inside_longer and (begin, end) not in compound_spans:
        return False
    after = _following(morphs, last)
    if not pattern.negated and after and after[0].norm == NEGATION:
        return False
    if after and after[0].surface in _DEGREE:
        rest = [m for m in after[1:] if not m.is_stop]
        if not rest or rest[0].norm not in _DISTRESS:
            return False
    if any(m.norm in _POLICY for m in after if m.pos == "名詞"):
        return False
    if pattern.standalone:
        inside = set(range(first, last + 1))
        others = [
            m
            for i, m in enumerate(morphs)
            if i not in inside
            and m.pos == "名詞"
            and not m.is_stop
            and m.norm not in _FILLER_NOUNS
            and not _is_number(m.surface)
        ]
        if others:
            return False
    return True


def _is_number(text: str) -> bool:
    return text.isdigit() or all(ch in "一二三四五六七八九十百千何" for ch in text)


def _following(morphs: list[Morph], last: int) -> list[Morph]:
    """The morphs after a match, past the auxiliaries and particles that belong to its predicate (た, て, いる …),
    keeping a negation and a degree particle, which change what the predicate means."""
    rest = morphs[last + 1 :]
    i = 0
    while i < len(rest):
        m = rest[i]
        if m.norm == NEGATION or m.surface in _DEGREE:
            break
        if m.pos in ("助動詞", "助詞") or (m.is_stop and m.pos in ("動詞", "形容詞", "名詞")):
            i += 1
            continue
        break
    return rest[i:]


def _reading_matches(
    patterns: list[_Pattern], morphs: list[Morph], compound_spans: list[tuple[int, int]], tokens: list[_Token]
) -> list[_Pattern]:
    """Patterns whose reading covers whole morphs of the clause (start and end on morph boundaries)."""
    if not morphs:
        return []
    readings = [_morph_reading(m) for m in morphs]
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    offset = 0
    for index, reading in enumerate(readings):
        starts[offset] = index
        offset += len(reading)
        ends[offset] = index
    whole = "".join(readings)
    found = []
    for pattern in patterns:
        for reading in _reading_variants(pattern.reading):
            if _find_reading(reading, pattern, whole, starts, ends, morphs, compound_spans, tokens):
                found.append(pattern)
                break
    return found


def _reading_variants(reading: str) -> tuple[str, ...]:
    """The reading as written and its continuative forms: タベルモノガナイ also as …ナク(テ) (なくて困ってる)."""
    if reading.endswith(("ナイ", "タイ")):
        return (reading, reading[:-1] + "ク")
    return (reading,)


def _find_reading(reading, pattern, whole, starts, ends, morphs, compound_spans, tokens) -> bool:
    at = whole.find(reading)
    while at != -1:
        first = starts.get(at)
        last = ends.get(at + len(reading))
        if last is None and reading != pattern.reading:
            # A continuative form may end inside a morph (なく|て): accept the morph that holds its end.
            last = next((i for end, i in sorted(ends.items()) if end > at + len(reading)), None)
        if first is not None and last is not None:
            one_word = first == last and morphs[first].pos == "名詞" and not _is_kana(morphs[first].surface)
            if not one_word and _accept(pattern, morphs, compound_spans, first, last, tokens, None):
                return True
        at = whole.find(reading, at + 1)
    return False


def crisis_concepts() -> dict[str, str]:
    """Crisis concept name → kind, for documentation, the admin and tests."""
    from search.vocabulary import get_vocabulary

    return {c.name: c.crisis for c in get_vocabulary().concepts.values() if c.crisis}
