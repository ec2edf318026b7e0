"""Queries typed in English or in romaji (Latin letters), before the Japanese analyzer sees them.

Sudachi reads Latin words as katakana loanwords (rent → レント, feel → フィール) and romaji as unknown nouns
(shakkin), so neither reaches the vocabulary. Each Latin word is therefore decided first:

- **English** when it is an English function word, or a word of the vocabulary's reviewed English phrases (the
  ``en`` column of search/vocabulary/*.tsv), or when it cannot be spelled in kana. English words are lowercased and
  stemmed with the Snowball English stemmer (depressed/depression → depress) and matched against the English
  phrases of the vocabulary, so they reach the same concepts as the Japanese words.
- **Romaji** otherwise: runs of romaji words become hiragana with jaconv (shakkin ga kaesenai → しゃっきん が かえせない)
  and go through the Japanese analysis like a query typed in kana.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import jaconv
import snowballstemmer

_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_HIRAGANA_ONLY = re.compile(r"^[\u3041-\u309fー]+$")

#: English function and filler words: they carry no need ("I want to talk to someone about …").
ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "i",
        "i'm",
        "i've",
        "me",
        "my",
        "mine",
        # "myself" is a content word: it is what tells "kill myself" / "hurt myself" (a crisis) from "kill bugs".
        "we",
        "our",
        "us",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "what",
        "which",
        "where",
        "when",
        "why",
        "how",
        "there",
        "here",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "can't",
        "cannot",
        "couldn't",
        "won't",
        "wouldn't",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "not",
        "no",
        "and",
        "or",
        "but",
        "if",
        "so",
        "because",
        "as",
        "of",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "on",
        "onto",
        "to",
        "with",
        "without",
        "about",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "than",
        "then",
        "too",
        "very",
        "just",
        "also",
        "only",
        "even",
        "still",
        "again",
        "please",
        "thank",
        "thanks",
        "need",
        "needs",
        "needed",
        "get",
        "gets",
        "got",
        "getting",
        "help",
        "helps",
        "helped",
        "ask",
        "asking",
        "tell",
        "know",
        "knows",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "something",
        "anything",
        "some",
        "any",
        "all",
        "every",
        "much",
        "many",
        "more",
        "most",
        "lot",
        "lots",
        "speak",
        "consult",
        "consultation",
        "counseling",
        "counselling",
        "advice",
        "where's",
        "what's",
        "who's",
        "feel",
        "feeling",
        "feels",
        "like",
        "really",
        "now",
        "today",
        "currently",
        "recently",
        "since",
        "ago",
        "go",
        "going",
        "come",
        "city",
        "town",
        "village",
        "ward",
        "office",
        "window",
    ]
)


#: English negations become one token, as ない/ず do in Japanese (search.analyzer.NEGATION): "does not go to school"
#: (不登校) needs a negation in the query, so "nursery school" does not name it.
ENGLISH_NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "can't",
        "cannot",
        "couldn't",
        "won't",
        "wouldn't",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "unable",
        "without",
    ]
)
NEGATION = "@neg"


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("english")


def english_stem(word: str) -> str:
    return _stemmer().stemWord(word.lower().replace("’", "'"))


def english_token(word: str) -> str | None:
    """The stem of one English word, ``@neg`` for a negation, None for a stopword."""
    lower = word.lower().replace("’", "'")
    if lower in ENGLISH_NEGATIONS:
        return NEGATION
    if lower in ENGLISH_STOPWORDS:
        return None
    return english_stem(lower)


def english_tokens(text: str) -> tuple[str, ...]:
    """Stems of the English content words of ``text`` (stopwords dropped, negations as ``@neg``), in order."""
    return tuple(t for t in (english_token(w) for w in _LATIN_WORD.findall(text)) if t)


def romaji_to_hiragana(word: str) -> str | None:
    """「shakkin」→「しゃっきん」; None when the word is not spelled in romaji (debt → でっっ is refused)."""
    kana = jaconv.alphabet2kana(word.lower())
    if not _HIRAGANA_ONLY.match(kana) or "っっ" in kana or kana.startswith("っ") or kana.endswith("っ"):
        return None
    return kana


@dataclass(frozen=True)
class LatinSplit:
    japanese: str  # the text for the Japanese analyzer: romaji turned into hiragana, English words taken out
    english: tuple[str, ...]  # stems of the English content words
    romaji: tuple[str, ...]  # the romaji words that were converted

    @property
    def changed(self) -> bool:
        return bool(self.english or self.romaji)


def split_latin(text: str, english_words: frozenset[str] = frozenset()) -> LatinSplit:
    """Separate English words and romaji from the Japanese of a (normalised) query.

    ``english_words`` are the stems of the vocabulary's English phrases: a word found there is English even when it
    could be read as romaji (care → かれ). Short words that are both (no, to, go, a) follow their neighbours:
    「ninchishou no haha」 is romaji, "does not go to school" English.
    """
    matches = list(_LATIN_WORD.finditer(text))
    if not matches:
        return LatinSplit(text, (), ())
    # E: English, R: romaji, S: undecided (an English stopword that is also spelled in kana).
    classes: list[str] = []
    kanas: list[str | None] = []
    for match in matches:
        word = match.group(0)
        lower = word.lower().replace("’", "'")
        kana = romaji_to_hiragana(lower)
        kanas.append(kana)
        if kana is None or english_stem(lower) in english_words or (word.isupper() and len(word) > 1):
            classes.append("E")
        elif lower in ENGLISH_STOPWORDS or lower in ENGLISH_NEGATIONS:
            classes.append("S")
        else:
            classes.append("R")
    changed = True
    while changed:  # an undecided word next to romaji is romaji
        changed = False
        for i, cls in enumerate(classes):
            if cls == "S" and "R" in classes[max(0, i - 1) : i + 2 : 2]:
                classes[i] = "R"
                changed = True
    english: list[str] = []
    romaji: list[str] = []
    out: list[str] = []
    pending: list[str] = []  # consecutive romaji words; the resident's spaces are kept as word boundaries
    last = 0
    for match, cls, kana in zip(matches, classes, kanas, strict=True):
        between = text[last : match.start()]
        last = match.end()
        if between.strip() or cls != "R":
            if pending:
                out.append(" ".join(pending))
                pending = []
            out.append(between)
        word = match.group(0)
        if cls == "R" and kana:
            romaji.append(word.lower())
            pending.append(kana)
            continue
        token = english_token(word)
        if token:
            english.append(token)
        if word.isupper() and len(word) > 1:
            out.append(word)  # acronyms (DV, LGBT, NPO) are written the same way in Japanese text
    if pending:
        out.append(" ".join(pending))
    out.append(text[last:])
    japanese = re.sub(r"\s+", " ", "".join(out)).strip()
    return LatinSplit(japanese, tuple(english), tuple(romaji))
