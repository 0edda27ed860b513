"""Duplicate pages across a case's records: the same page received twice, or nearly so.

Records arrive in overlapping sets: the hospital's chart, the same chart faxed by an
attorney, a progress note copied into the next referral. In California record review is
paid per page, so duplicates are *grouped* for the physician to see, never dropped.

Two copies of a page rarely match byte for byte: the fax machine stamps its own header
("FROM: COAST ORTHO  11/20/2026 14:03  P. 2/4") and the copy its own page numbers. So pages
are compared on their *normalized* text (case-folded, whitespace collapsed, fax headers and
page-number lines at the page's top and bottom removed), and grouped when that is
identical or, by :func:`word_similarity`, at least ``threshold`` the same.

Everything grouping needs of a page's text is its :func:`text_fingerprint`, computed once
where the text is read (the text-extraction workers, OCR) and stored with the page: grouping a
long case is then a pass over stored fingerprints, not over its text (about 1 ms a page).
"""

from __future__ import annotations

import hashlib
import re
import struct
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations, compress, repeat, starmap
from operator import sub, xor
from typing import Final, TypeVar

__all__ = [
    "HEADER_SIZE",
    "TextFingerprint",
    "group_fingerprints",
    "near_duplicate_groups",
    "normalized_text",
    "simhash",
    "text_fingerprint",
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
    return " ".join(_normalized_words(text))


def _normalized_words(text: str) -> list[str]:
    """The words of :func:`normalized_text` (without joining and splitting them again)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    keep = [True] * len(lines)
    edges = set(range(min(_EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - _EDGE_LINES), len(lines)))
    for index in edges:
        if _is_header_or_footer(lines[index]):
            keep[index] = False
    kept = " ".join(line for line, wanted in zip(lines, keep, strict=True) if wanted)
    return kept.casefold().split()


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
# values are too. Each word's three numbers are kept as 24 little-endian bytes: a page's words
# become one byte string (a join), read as three long integers (every third 8 bytes), and all
# its shingles are then two XORs and two shifts of those integers, in C.
_K1: Final = 0x9E3779B97F4A7C15
_K2: Final = 0xC2B2AE3D27D4EB4F
_word_values: dict[str, bytes] = {}
_LITTLE_ENDIAN: Final = sys.byteorder == "little"


def simhash(text: str) -> int:
    """A 64-bit simhash of the normalized text's word 3-shingles (0 for a page without text).

    Pages that share most three-word phrases get simhashes a few bits apart; unrelated
    pages about 32. Stable across runs and machines (it may be stored).
    """
    words = _normalized_words(text)
    return _simhash(*_shingles(_packed_words(words), len(words)))


def _packed_words(words: Sequence[str]) -> bytes:
    """The words' three numbers each (first variant, second variant, hash), 24 bytes a word."""
    try:
        return b"".join(map(_word_values.__getitem__, words))
    except KeyError:  # words not seen before
        if len(_word_values) + len(words) > _WORD_CACHE_LIMIT:
            _word_values.clear()  # a bound on memory; values are recomputed identically
        for word in words:
            if word not in _word_values:
                value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
                numbers = (value * _K1 & _MASK64, value * _K2 & _MASK64, value)
                _word_values[word] = b"".join(number.to_bytes(8, "little") for number in numbers)
    return b"".join(map(_word_values.__getitem__, words))


def _lanes(packed: bytes, which: int) -> bytes:
    """Every word's first (0), second (1) or third (2) number, 8 little-endian bytes each."""
    return memoryview(packed).cast("B").cast("Q")[which::3].tobytes() if packed else b""


def _word_hashes(words: Sequence[str]) -> array[int]:
    hashes = array("Q")
    hashes.frombytes(_lanes(_packed_words(words), 2))
    if not _LITTLE_ENDIAN:
        hashes.byteswap()
    return hashes


def _shingles(packed: bytes, count: int) -> tuple[bytes, int]:
    """The distinct values of the words' 3-shingles, 8 little-endian bytes each, and how many.

    A page of one or two words is one shingle.
    """
    if count < 3:
        if not count:
            return b"", 0
        first = int.from_bytes(packed[0:8], "little")
        second = int.from_bytes(packed[32:40], "little") if count == 2 else 0
        return (count ^ first ^ second).to_bytes(8, "little"), 1
    first = int.from_bytes(_lanes(packed, 0), "little")
    second = int.from_bytes(_lanes(packed, 1), "little")
    third = int.from_bytes(_lanes(packed, 2), "little")
    shingles = count - 2
    # Shingle i: word i's first variant ^ word i+1's second ^ word i+2's hash.
    joined = (first ^ (second >> 64) ^ (third >> 128)) & ((1 << (64 * shingles)) - 1)
    values = joined.to_bytes(8 * shingles, "little")
    lanes = array("Q")
    lanes.frombytes(values)  # equal bytes are equal values, whatever the machine's byte order
    distinct = set(lanes)
    if len(distinct) < shingles:  # a phrase repeated: each distinct shingle counts once
        return array("Q", distinct).tobytes(), len(distinct)
    return values, shingles


# For each bit of a byte, a number with that bit set in every byte: AND-ing it with a column
# of the shingles' bytes (read as one number) and counting the ones counts that bit across
# all shingles in C, three times faster than translating the column byte by byte.
_bit_masks: list[int] = []


def _masks(length: int) -> list[int]:
    global _bit_masks
    if not _bit_masks or _bit_masks[0].bit_length() < 8 * (length - 1) + 1:
        size = max(4096, 2 * length)
        _bit_masks = [int.from_bytes(bytes([1 << bit]) * size, "little") for bit in range(8)]
    return _bit_masks


def _simhash(packed: bytes, count: int) -> int:
    """The simhash of ``count`` shingle values packed as 8 little-endian bytes each."""
    if not count:
        return 0
    half = count / 2
    masks = _masks(count)
    result = 0
    for byte_index in range(8):
        column = int.from_bytes(packed[byte_index::8], "little")
        for bit, mask in enumerate(masks):
            if (column & mask).bit_count() > half:
                result |= 1 << (byte_index * 8 + bit)
    return result


# --- the words of a page, repeats counted ------------------------------------------------------

_Multiset = tuple[frozenset[int], dict[int, int]]


def _multiset(hashes: Sequence[int]) -> _Multiset:
    """The page's distinct word hashes, and how many more times each repeated word occurs.

    The common part of two pages is then a set intersection done in C, plus a short loop
    over the words both repeat; Counter's ``&`` loops over every word in Python.
    """
    counts = Counter(hashes)
    return frozenset(counts), {value: count - 1 for value, count in counts.items() if count > 1}


def _common_words(a: _Multiset, b: _Multiset) -> int:
    distinct_a, repeats_a = a
    distinct_b, repeats_b = b
    common = len(distinct_a & distinct_b)
    if repeats_a and repeats_b:
        common += sum(min(repeats_a[value], repeats_b[value]) for value in repeats_a.keys() & repeats_b.keys())
    return common


# The words' hashes counted in 128 buckets (by their top 7 bits). A word both pages hold falls
# in the same bucket in both, so the sum over buckets of the smaller count is never below the
# pages' common words: when even that falls short of the threshold, the pages are not near
# copies, and their words need not be compared. It ends nearly every chance candidate of the
# LSH banding for a few microseconds (unrelated pages of the benchmark's 80-word vocabulary
# reach at most 0.89, their words 0.83); with fewer buckets the bound is looser.
_BUCKET_SHIFT: Final = 57
_BUCKETS: Final = 128


_HALVE: Final = bytes(value >> 1 for value in range(256))


def _bucket_counts(packed: bytes, count: int) -> array[int]:
    """The words' hashes counted by their top 7 bits (the top byte of each, halved)."""
    counts = Counter(packed[23::24].translate(_HALVE))
    found = map(counts.get, range(_BUCKETS), repeat(0, _BUCKETS))
    # A page of more than 65,535 words could overflow a count: the bound is not used for it.
    return array("H", found if count <= 0xFFFF else map(min, found, repeat(0xFFFF, _BUCKETS)))


def word_similarity(words_a: Sequence[str], words_b: Sequence[str]) -> float:
    """The share of words two pages have in common, repeats counted: 2|A∩B| / (|A| + |B|).

    1.0 for the same words; one word changed in 100 gives 0.99. This is what the
    ``threshold`` of :func:`near_duplicate_groups` means (the Sørensen–Dice coefficient of
    the word multisets, difflib's ``quick_ratio``).
    """
    total = len(words_a) + len(words_b)
    if total == 0:
        return 1.0
    common = _common_words(_multiset(_word_hashes(words_a)), _multiset(_word_hashes(words_b)))
    return 2 * common / total


# --- a page's fingerprint ----------------------------------------------------------------------

# Bumped whenever what a fingerprint holds or how it is computed changes: a stored fingerprint
# of another version is computed again from the page's text, like a page that has none.
FINGERPRINT_VERSION: Final = 1
_HEADER: Final = struct.Struct("<BB16sQI")  # version, has text, text key, simhash, word count
HEADER_SIZE: Final = _HEADER.size  # what a fingerprint's first bytes say determines the rest
_COUNTS_SIZE: Final = 2 * _BUCKETS


@dataclass(frozen=True)
class TextFingerprint:
    """What duplicate grouping needs of one page's text (see :func:`text_fingerprint`)."""

    has_text: bool  # the text is more than whitespace (else the page is compared by its image)
    text_key: bytes  # a digest of the normalized text; b"" when normalizing leaves nothing
    simhash: int
    word_count: int
    packed_counts: bytes = b""  # the words' bucket counts (see _bucket_counts), little-endian

    @classmethod
    def from_bytes(cls, data: bytes) -> TextFingerprint | None:
        """The fingerprint stored as :func:`text_fingerprint` made it; None when it is of another
        version or malformed (to be computed again from the text)."""
        if len(data) < _HEADER.size or data[0] != FINGERPRINT_VERSION:
            return None
        _, has_text, key, value, count = _HEADER.unpack_from(data)
        packed = data[_HEADER.size :]
        if len(packed) != (_COUNTS_SIZE if count else 0):
            return None
        return cls(bool(has_text), key if any(key) else b"", value, count, packed)

    def bucket_counts(self) -> tuple[int, ...]:
        """How many of the page's words fall in each of the 128 buckets (see _bucket_counts)."""
        counts = array("H")
        counts.frombytes(self.packed_counts)
        if not _LITTLE_ENDIAN:
            counts.byteswap()
        return tuple(counts)


def text_fingerprint(text: str) -> bytes:
    """The duplicate fingerprint of a page's text, as stored with the page.

    Holds whether the page has text, a digest of its normalized text (identical copies), its
    :func:`simhash` (candidates for near copies), its word count and its words counted in 128
    buckets (which rule out nearly every chance candidate): about 290 bytes, a tenth of a
    page's text. Grouping needs a page's text again only for the exact check of a candidate
    those leave, a near copy in practice. The same text gives the same fingerprint in the
    extraction workers, in OCR and when a page stored before fingerprints is filled in.
    """
    has_text = bool(text.strip())
    words = _normalized_words(text)
    if not words:
        return _HEADER.pack(FINGERPRINT_VERSION, has_text, b"", 0, 0)
    key = hashlib.blake2b(" ".join(words).encode("utf-8", "surrogatepass"), digest_size=16).digest()
    packed = _packed_words(words)
    value = _simhash(*_shingles(packed, len(words)))
    counts = _bucket_counts(packed, len(words))
    if not _LITTLE_ENDIAN:
        counts.byteswap()
    return _HEADER.pack(FINGERPRINT_VERSION, has_text, key, value, len(words)) + counts.tobytes()


def fingerprint_of(text: str) -> TextFingerprint:
    """:func:`text_fingerprint`, read back (for callers that have the text at hand)."""
    fingerprint = TextFingerprint.from_bytes(text_fingerprint(text))
    assert fingerprint is not None
    return fingerprint


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


def near_duplicate_groups(pages: Sequence[tuple[K, str]], threshold: float = 0.95) -> list[list[K]]:
    """Groups of two or more pages whose normalized text is identical or nearly so.

    ``pages`` are (key, text) pairs, keys being whatever identifies a page to the caller.
    Two pages are near duplicates when :func:`word_similarity` of their normalized words is
    at least ``threshold``; groups are closed under that (A like B and B like C put A, B and
    C together). Pages without text are never grouped. Keys keep the input order within a
    group, and groups are in the order of their first page. The same as
    :func:`group_fingerprints` of the texts' fingerprints.
    """
    fingerprints = [(key, fingerprint_of(text)) for key, text in pages]
    return group_fingerprints(fingerprints, lambda positions: [pages[p][1] for p in positions], threshold)


def group_fingerprints(
    pages: Sequence[tuple[K, TextFingerprint]],
    texts: Callable[[list[int]], list[str]],
    threshold: float = 0.95,
) -> list[list[K]]:
    """:func:`near_duplicate_groups` of pages given by their stored fingerprints.

    ``texts`` gives the texts of the pages at some positions of ``pages``, all at once: asked
    only for the pages of candidates that length and bucket counts cannot rule out (near
    copies, in practice). Candidates come from simhash LSH banding and each is checked with
    the exact measure, so the work grows with the number of pages, not of pairs.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be above 0 and at most 1")
    # Identical normalized texts first: one class, one representative.
    classes: dict[bytes, list[int]] = {}
    representatives: list[TextFingerprint] = []
    for position, (_, fingerprint) in enumerate(pages):
        if fingerprint.text_key:
            members_of = classes.get(fingerprint.text_key)
            if members_of is None:
                classes[fingerprint.text_key] = members_of = []
                representatives.append(fingerprint)
            members_of.append(position)
    members = list(classes.values())
    parent = list(range(len(members)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    if threshold < 1.0 and len(members) > 1:
        lengths = [fingerprint.word_count for fingerprint in representatives]
        hashes = [fingerprint.simhash for fingerprint in representatives]
        bucket_counts: dict[int, tuple[int, ...]] = {}

        def counts(index: int) -> tuple[int, ...]:
            found = bucket_counts.get(index)
            if found is None:
                found = bucket_counts[index] = representatives[index].bucket_counts()
            return found

        def may_be_similar(a: int, b: int) -> bool:
            len_a, len_b = lengths[a], lengths[b]
            needed = threshold * (len_a + len_b)
            if 2 * min(len_a, len_b) < needed:
                return False  # even all of the shorter page's words in common would not do
            if max(len_a, len_b) > 0xFFFF:
                return True  # a count may have overflowed: only the words can tell
            # Nor would all the words their buckets could share: the sum of the smaller counts,
            # which is (|A| + |B| - the sum of the differences) / 2 (subtractions beat min).
            return bool(len_a + len_b - sum(map(abs, map(sub, counts(a), counts(b)))) >= needed)

        buckets: dict[int, list[int]] = {}
        for index, value in enumerate(hashes):
            for key in _bands(value):
                buckets.setdefault(key, []).append(index)
        checked: set[tuple[int, int]] = set()
        candidates: list[tuple[int, int]] = []
        for bucket in buckets.values():
            # Every pair's Hamming distance at C speed, in the order of a nested loop; only
            # the near pairs (about 2%) go on through Python.
            distances = map(int.bit_count, starmap(xor, combinations([hashes[index] for index in bucket], 2)))
            for pair in compress(combinations(bucket, 2), map(_MAX_HAMMING.__ge__, distances)):
                if pair not in checked:
                    checked.add(pair)
                    if may_be_similar(*pair):
                        candidates.append(pair)
        # The exact check, on the words of the pages left: their texts are asked for at once.
        # Groups are the connected parts of the similar pairs, whatever order they are met in.
        wanted = sorted({index for pair in candidates for index in pair})
        words = dict(zip(wanted, texts([members[index][0] for index in wanted]), strict=True))
        multisets: dict[int, _Multiset] = {}

        def multiset(index: int) -> _Multiset:
            found = multisets.get(index)
            if found is None:
                found = multisets[index] = _multiset(_word_hashes(_normalized_words(words[index])))
            return found

        for a, b in candidates:
            root_a, root_b = find(a), find(b)
            if root_a == root_b:
                continue
            if 2 * _common_words(multiset(a), multiset(b)) >= threshold * (lengths[a] + lengths[b]):
                parent[root_b] = root_a

    grouped: dict[int, list[int]] = {}
    for index, positions in enumerate(members):
        grouped.setdefault(find(index), []).extend(positions)
    groups = [sorted(positions) for positions in grouped.values() if len(positions) > 1]
    groups.sort(key=lambda positions: positions[0])
    return [[pages[position][0] for position in positions] for positions in groups]
