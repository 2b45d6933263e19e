"""Chinese (and any other) text as character bigrams, for full-text search. Pure functions.

A text is normalised (NFKC, case-folded, spaces collapsed) and cut into runs of non-space
characters; each run becomes its bigrams in order, then its last character alone. A query term
of two or more characters is the phrase of its bigrams; a single character is a prefix match
(every occurrence of a character starts a bigram or ends a run). So a search finds exactly the
texts that contain the term — the same answer as a substring scan — for 1-character queries,
for words like 香港 that word-based tokenisers miss, for names, codes (3.4.1.2) and Latin.

Grams are stored as tokens spelt with the letters a–p (one per half-byte of UTF-8), so that
SQLite's FTS5 tokenizer and PostgreSQL's text-search parser both keep each gram whole
whatever characters it holds; UTF-8 being prefix-free, the spelling of a character is a prefix
of exactly the grams that start with it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
_LETTERS = "abcdefghijklmnop"


def normalize(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def spell(gram: str) -> str:
    """A gram as a token of the letters a–p."""
    return "".join(_LETTERS[byte >> 4] + _LETTERS[byte & 15] for byte in gram.encode())


def grams(text: str) -> Iterator[str]:
    """The grams of a normalised text, in order."""
    for run in text.split(" "):
        if not run:
            continue
        for index in range(len(run) - 1):
            yield run[index : index + 2]
        yield run[-1]


def tokens(text: str) -> str:
    """The token text indexed for ``text`` (any text; it is normalised here)."""
    return " ".join(spell(gram) for gram in grams(normalize(text)))


def distinct_tokens(text: str) -> list[str]:
    return sorted({spell(gram) for gram in grams(normalize(text))})


@dataclass(frozen=True)
class Query:
    """A search as its terms (normalised, non-empty); every term must occur."""

    terms: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        return cls(tuple(term for term in normalize(text).split(" ") if term))

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def long_terms(self) -> tuple[str, ...]:
        """Terms of three characters or more: SQLite finds them through its trigram index."""
        return tuple(term for term in self.terms if len(term) >= 3)

    @property
    def short_terms(self) -> tuple[str, ...]:
        return tuple(term for term in self.terms if len(term) < 3)

    def trigram_match(self) -> str:
        """The MATCH expression of the long terms for an FTS5 table with the trigram
        tokenizer: each term a quoted string, i.e. the phrase of its trigrams."""
        return " AND ".join('"' + term.replace('"', '""') + '"' for term in self.long_terms)

    def fts5(self, terms: tuple[str, ...] | None = None) -> str:
        """The FTS5 MATCH expression of the bigram index: each term a phrase of its bigrams
        (or, for one character, a prefix)."""
        parts = []
        for term in self.terms if terms is None else terms:
            if len(term) == 1:
                parts.append(f'"{spell(term)}"*')
            else:
                bigrams = (spell(term[i : i + 2]) for i in range(len(term) - 1))
                parts.append('"' + " ".join(bigrams) + '"')
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """The PostgreSQL tsquery: every bigram of every term (or a prefix). It finds the
        candidates; the substring check beside it makes the answer exact."""
        parts = []
        for term in self.terms:
            if len(term) == 1:
                parts.append(f"{spell(term)}:*")
            else:
                parts.extend(spell(term[i : i + 2]) for i in range(len(term) - 1))
        return " & ".join(dict.fromkeys(parts))


def snippet(text: str, terms: tuple[str, ...], *, width: int = 40) -> list[tuple[str, bool]]:
    """A short passage of ``text`` around the first term found, as (piece, is_match) pairs,
    with every term occurrence in it marked. Matching is on the normalised text, mapped back to
    the original characters."""
    normal: list[str] = []
    origin: list[int] = []
    for index, character in enumerate(text):
        folded = normalize(character) if not character.isspace() else " "
        for piece in folded or " ":
            normal.append(piece)
            origin.append(index)
    haystack = "".join(normal)
    found = [haystack.find(term) for term in terms if term]
    hits = [position for position in found if position >= 0]
    if not hits:
        return [(text[: width * 2], False)]
    first = min(hits)
    start = max(0, origin[first] - width)
    end = min(len(text), origin[first] + width * 2)
    marks = [False] * len(text)
    for term in terms:
        at = haystack.find(term)
        while at >= 0:
            for position in range(at, at + len(term)):
                marks[origin[position]] = True
            at = haystack.find(term, at + 1)
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append(("…", False))
    for index in range(start, end):
        if pieces and pieces[-1][1] == marks[index] and pieces[-1][0] != "…":
            pieces[-1] = (pieces[-1][0] + text[index], marks[index])
        else:
            pieces.append((text[index], marks[index]))
    if end < len(text):
        pieces.append(("…", False))
    return pieces
