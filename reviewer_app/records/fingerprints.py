"""Duplicate pages across a case's records: the same page received twice, or nearly so.

Records arrive in overlapping sets: the hospital's chart, the same chart faxed by an
attorney, a progress note copied into the next referral. In California record review is
paid per page, so duplicates are *grouped* for the physician to see, never dropped.

Two copies of a page rarely match byte for byte: the fax machine stamps its own header
("FROM: COAST ORTHO  11/20/2026 14:03  P. 2/4") and the copy its own page numbers. So pages
are compared on their *normalized* text (case-folded, whitespace collapsed, fax headers and
page-number lines at the page's top and bottom removed), and grouped when that is
identical or, by :func:`word_similarity`, at least ``threshold`` the same.
"""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from collections import Counter
from collections.abc import Sequence
from functools import reduce
from operator import xor
from typing import Final, TypeVar

__all__ = [
    "near_duplicate_groups",
    "normalized_text",
    "simhash",
    "text_hash",
    "word_similarity",
]

K = TypeVar("K")

# --- normalization ---------------------------------------------------------------------------

# Fax headers and footers sit in the first and last lines of a page; a line further in that
# happens to say "page 2 of 4" is content and stays.
_EDGE_LINES: Final = 3
_PAGE_COUNTER: Final = re.compile(r"\b(?:page|pg|p)\s*\.?\s*#?\s*\d{1,4}\s*(?:/|of)\s*\d{1,4}\b", re.IGNORECASE)
_PAGE_NUMBER_ONLY: Final = re.compile(
    r"^[\s\-–—.]*(?:page|pg|p)?\s*\.?\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?[\s\-–—.]*$", re.IGNORECASE
)
_FAX_WORDS: Final = re.compile(r"\bfax\b|\bfrom\s*:|\bto\s*:|\bsent\s*:|\breceived\s*:|\brcvd\b", re.IGNORECASE)
_DATE_OR_TIME: Final = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}:\d{2}\b")


def normalized_text(text: str) -> str:
    """The page's text as copies of the page share it.

    Fax header lines (a sender, a fax number, a transmission time or a "P. 2/4" counter)
    and page-number lines ("Page 3 of 7", "- 3 -") among the first and last three lines
    are dropped; the rest is case-folded with all whitespace collapsed to single spaces.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    keep = [True] * len(lines)
    edges = set(range(min(_EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - _EDGE_LINES), len(lines)))
    for index in edges:
        if _is_header_or_footer(lines[index]):
            keep[index] = False
    kept = " ".join(line for line, wanted in zip(lines, keep, strict=True) if wanted)
    return " ".join(kept.casefold().split())


def _is_header_or_footer(line: str) -> bool:
    if _PAGE_NUMBER_ONLY.match(line) or _PAGE_COUNTER.search(line):
        return True
    return bool(_FAX_WORDS.search(line) and _DATE_OR_TIME.search(line))


def text_hash(text: str) -> str:
    """SHA-1 (hex) of the normalized text; "" for a page without text (never a duplicate)."""
    normalized = normalized_text(text)
    if not normalized:
        return ""
    return hashlib.sha1(normalized.encode("utf-8"), usedforsecurity=False).hexdigest()


# --- simhash over word 3-shingles ---------------------------------------------------------------

_MASK64: Final = (1 << 64) - 1
_WORD_CACHE_LIMIT: Final = 500_000
# Each word's 64-bit hash, and that hash times two odd constants: a shingle's value is the
# XOR of its first word's first variant, its second word's second and its third word's
# hash. The variants keep "a b c" and "c b a" apart; word hashes are uniform, so shingle
# values are too. Precomputing them lets shingles be made at C speed (map, xor).
_K1: Final = 0x9E3779B97F4A7C15
_K2: Final = 0xC2B2AE3D27D4EB4F
_word_values: dict[str, tuple[int, int, int]] = {}
# For each bit of a byte, a translation table giving 1 where that bit is set, 0 elsewhere:
# counting a bit across all shingles is then one C-speed translate and count.
_BIT_TABLES: Final = tuple(bytes((value >> bit) & 1 for value in range(256)) for bit in range(8))
_LITTLE_ENDIAN: Final = sys.byteorder == "little"


def simhash(text: str) -> int:
    """A 64-bit simhash of the normalized text's word 3-shingles (0 for a page without text).

    Pages that share most three-word phrases get simhashes a few bits apart; unrelated
    pages about 32. Stable across runs and machines (it may be stored).
    """
    return _simhash(_shingles(normalized_text(text).split()))


def _word_value(word: str) -> tuple[int, int, int]:
    if len(_word_values) >= _WORD_CACHE_LIMIT:
        _word_values.clear()  # a bound on memory; values are recomputed identically
    value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
    values = (value * _K1 & _MASK64, value * _K2 & _MASK64, value)
    _word_values[word] = values
    return values


def _values(words: Sequence[str]) -> list[tuple[int, int, int]]:
    cached = list(map(_word_values.get, words))
    return [known if known is not None else _word_value(word) for known, word in zip(cached, words, strict=True)]


def _shingles(words: Sequence[str], values: list[tuple[int, int, int]] | None = None) -> set[int]:
    """The values of the words' 3-shingles (a page of one or two words is one shingle)."""
    if values is None:
        values = _values(words)
    if len(values) < 3:
        return {reduce(xor, (variant[i] for i, variant in enumerate(values)), len(values))} if values else set()
    first = [variant[0] for variant in values]
    second = [variant[1] for variant in values]
    third = [variant[2] for variant in values]
    return set(map(xor, map(xor, first, second[1:]), third[2:]))


def _simhash(shingles: set[int]) -> int:
    if not shingles:
        return 0
    packed = array("Q", shingles).tobytes()
    half = len(shingles) / 2
    result = 0
    for byte_index in range(8):
        column = packed[byte_index::8]
        position = byte_index if _LITTLE_ENDIAN else 7 - byte_index
        for bit, table in enumerate(_BIT_TABLES):
            if column.translate(table).count(1) > half:
                result |= 1 << (position * 8 + bit)
    return result


# --- grouping ---------------------------------------------------------------------------------

# LSH banding. The 64 bits are cut into 8 bands of 8 adjacent bits, and again into 8 bands
# of every 8th bit; two pages are candidates when any band is equal. Adjacent bands alone
# find 87% of pairs 95% the same (about 11 bits apart) and miss when the differing bits
# touch every band; the strided cut catches most of those, for 98% (measured). Unrelated
# pages meet in a band once in 16 tries, and a Hamming check ends most of those.
_BAND_BITS: Final = 8
_BAND_MASK: Final = 0xFF
_EVERY_8TH_BIT: Final = 0x0101010101010101
_GATHER: Final = 0x0102040810204080  # multiplying gathers every 8th bit into the top byte


def _bands(value: int) -> list[int]:
    """The 16 band keys of a simhash: (band number << 8) | the band's 8 bits."""
    keys = [(band << 8) | ((value >> (band * _BAND_BITS)) & _BAND_MASK) for band in range(8)]
    keys += [
        ((8 + band) << 8) | ((((value >> band) & _EVERY_8TH_BIT) * _GATHER >> 56) & _BAND_MASK) for band in range(8)
    ]
    return keys


# Pages 95% the same are about 5 to 12 bits apart (rarely up to 19); unrelated ones 32 +- 4.
# Given an equal band, the other 56 bits of unrelated pages differ in 28 +- 4: this bound
# sends about 2% of those chance candidates on to the exact check.
_MAX_HAMMING: Final = 20


def word_similarity(words_a: Sequence[str], words_b: Sequence[str]) -> float:
    """The share of words two pages have in common, repeats counted: 2|A∩B| / (|A| + |B|).

    1.0 for the same words; one word changed in 100 gives 0.99. This is what the
    ``threshold`` of :func:`near_duplicate_groups` means (the Sørensen–Dice coefficient of
    the word multisets, difflib's ``quick_ratio``).
    """
    total = len(words_a) + len(words_b)
    if total == 0:
        return 1.0
    return 2 * _common_words(_multiset(words_a), _multiset(words_b)) / total


_Multiset = tuple[frozenset[int], dict[int, int]]


def _multiset(words: Sequence[str], values: list[tuple[int, int, int]] | None = None) -> _Multiset:
    """The page's distinct word hashes, and how many more times each repeated word occurs.

    The common part of two pages is then a set intersection done in C, plus a short loop
    over the words both repeat; Counter's ``&`` loops over every word in Python.
    """
    counts = Counter([variant[2] for variant in (values if values is not None else _values(words))])
    return frozenset(counts), {value: count - 1 for value, count in counts.items() if count > 1}


def _common_words(a: _Multiset, b: _Multiset) -> int:
    distinct_a, repeats_a = a
    distinct_b, repeats_b = b
    common = len(distinct_a & distinct_b)
    if repeats_a and repeats_b:
        common += sum(min(repeats_a[value], repeats_b[value]) for value in repeats_a.keys() & repeats_b.keys())
    return common


def near_duplicate_groups(pages: Sequence[tuple[K, str]], threshold: float = 0.95) -> list[list[K]]:
    """Groups of two or more pages whose normalized text is identical or nearly so.

    ``pages`` are (key, text) pairs, keys being whatever identifies a page to the caller.
    Two pages are near duplicates when :func:`word_similarity` of their normalized words is
    at least ``threshold``; groups are closed under that (A like B and B like C put A, B and
    C together). Pages without text are never grouped. Candidates come from simhash LSH
    banding and each is checked with the exact measure, so the work grows with the number
    of pages, not of pairs. Keys keep the input order within a group, and groups are in
    the order of their first page.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be above 0 and at most 1")
    # Identical normalized texts first: one class, one representative.
    classes: dict[str, list[int]] = {}
    for position, (_, text) in enumerate(pages):
        normalized = normalized_text(text)
        if normalized:
            classes.setdefault(normalized, []).append(position)
    texts = list(classes)
    members = list(classes.values())
    parent = list(range(len(texts)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    if threshold < 1.0 and len(texts) > 1:
        words = [text.split() for text in texts]
        values = [_values(page_words) for page_words in words]
        hashes = [
            _simhash(_shingles(page_words, page_values)) for page_words, page_values in zip(words, values, strict=True)
        ]
        multisets: dict[int, _Multiset] = {}

        def multiset(index: int) -> _Multiset:
            found = multisets.get(index)
            if found is None:
                found = multisets[index] = _multiset(words[index], values[index])
            return found

        def similar(a: int, b: int) -> bool:
            len_a, len_b = len(words[a]), len(words[b])
            if 2 * min(len_a, len_b) < threshold * (len_a + len_b):
                return False  # even all of the shorter page's words in common would not do
            return 2 * _common_words(multiset(a), multiset(b)) >= threshold * (len_a + len_b)

        buckets: dict[int, list[int]] = {}
        for index, value in enumerate(hashes):
            for key in _bands(value):
                buckets.setdefault(key, []).append(index)
        checked: set[tuple[int, int]] = set()
        for bucket in buckets.values():
            for i, a in enumerate(bucket):
                hash_a = hashes[a]
                for b in bucket[i + 1 :]:
                    if (hash_a ^ hashes[b]).bit_count() > _MAX_HAMMING:
                        continue
                    root_a, root_b = find(a), find(b)
                    if root_a == root_b or (a, b) in checked:
                        continue
                    checked.add((a, b))
                    if similar(a, b):
                        parent[root_b] = root_a

    grouped: dict[int, list[int]] = {}
    for index, positions in enumerate(members):
        grouped.setdefault(find(index), []).extend(positions)
    groups = [sorted(positions) for positions in grouped.values() if len(positions) > 1]
    groups.sort(key=lambda positions: positions[0])
    return [[pages[position][0] for position in positions] for positions in groups]
