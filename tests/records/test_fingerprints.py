"""Duplicate pages across records: grouped (California pays per page), never dropped."""

from __future__ import annotations

import random
import time

import pytest

from reviewer_app.records.fingerprints import (
    FINGERPRINT_VERSION,
    TextFingerprint,
    group_fingerprints,
    near_duplicate_groups,
    normalized_text,
    simhash,
    text_fingerprint,
    text_hash,
    word_similarity,
)

_WORDS = (
    "patient reports low back pain radiating left leg numbness tingling lumbar spine mri shows disc "
    "protrusion foraminal stenosis physical therapy sessions completed modest improvement gabapentin "
    "ibuprofen work restrictions lifting pounds follow up weeks examination straight leg raise positive "
    "negative reflexes symmetric strength sensation intact assessment plan epidural steroid injection "
    "requested denied utilization review appeal history present illness the of and with to in on for"
)
VOCABULARY = _WORDS.split()


def note(rng: random.Random, words: int = 100) -> str:
    """A synthetic progress note, ten words a line."""
    chosen = [rng.choice(VOCABULARY) for _ in range(words)]
    return "\n".join(" ".join(chosen[start : start + 10]) for start in range(0, words, 10))


def test_the_same_page_faxed_twice_hashes_the_same() -> None:
    body = "Progress note\nPatient seen for low back pain.\nPlan: physical therapy twice a week.\n"
    original = body + "Page 2 of 4"
    faxed = "FROM: COAST ORTHO   FAX (555) 010-0199   11/20/2026 14:03   P. 2/4\n" + body.upper() + "- 2 -"
    refaxed = "Nov 21 2026 09:12  From: Example Review Services  To: Dr. Lee  p.3/7\n" + "  " + body
    assert text_hash(original) == text_hash(faxed) == text_hash(refaxed) != ""
    assert (
        normalized_text(faxed) == "progress note patient seen for low back pain. plan: physical therapy twice a week."
    )


def test_page_numbers_inside_the_text_are_content() -> None:
    top = "Line one\nLine two\nLine three\n"
    bottom = "\nLine eight\nLine nine\nLine ten"
    first = top + "Results are on page 2 of 4 of the MRI report." + bottom
    second = top + "Results are on page 3 of 4 of the MRI report." + bottom
    assert text_hash(first) != text_hash(second)


def test_a_page_without_text_is_never_a_duplicate() -> None:
    assert text_hash("") == ""
    assert text_hash(" \n\t \n") == ""
    assert text_hash("Page 1 of 3") == ""  # nothing left but the page number
    assert simhash("") == 0
    assert near_duplicate_groups([("a", ""), ("b", "  "), ("c", "Page 1 of 2")]) == []


def test_simhash_is_close_for_near_copies_and_far_for_unrelated_pages() -> None:
    rng = random.Random(11)
    page = note(rng, 100)
    words = page.split()
    words[50] = "hydrocodone"
    changed = " ".join(words)
    unrelated = note(rng, 100)
    assert simhash(page) == simhash(page.upper())
    assert (simhash(page) ^ simhash(changed)).bit_count() <= 16
    assert (simhash(page) ^ simhash(unrelated)).bit_count() > 16
    assert 0 <= simhash(page) < 2**64
    # Stable across runs and machines: the value may be stored.
    assert simhash("Patient seen for low back pain, plan physical therapy.") == 0x98BFC58734924706


def test_one_word_changed_in_a_hundred_is_grouped_and_unrelated_pages_are_not() -> None:
    rng = random.Random(5)
    page = note(rng, 100)
    words = page.split()
    words[37] = "cyclobenzaprine"
    one_word_changed = " ".join(words)
    unrelated = note(rng, 100)
    faxed_copy = "FROM: ACME CLINIC 11/02/2026 10:15 FAX 555-0100 P. 1/1\n" + page
    assert word_similarity(page.split(), one_word_changed.split()) == pytest.approx(0.99)

    groups = near_duplicate_groups(
        [("chart p1", page), ("other", unrelated), ("attorney fax p1", faxed_copy), ("re-sent p1", one_word_changed)]
    )

    assert groups == [["chart p1", "attorney fax p1", "re-sent p1"]]


def test_the_threshold_means_what_it_says() -> None:
    rng = random.Random(8)
    page = note(rng, 100)
    words = page.split()
    for position in range(0, 60, 10):  # 6 words of 100 changed: 94% the same
        words[position] = f"changed{position}"
    six_changed = " ".join(words)
    assert word_similarity(page.split(), six_changed.split()) == pytest.approx(0.94)
    assert near_duplicate_groups([("a", page), ("b", six_changed)], threshold=0.95) == []
    assert near_duplicate_groups([("a", page), ("b", six_changed)], threshold=0.93) == [["a", "b"]]
    assert near_duplicate_groups([("a", page), ("b", page.upper())], threshold=1.0) == [["a", "b"]]
    with pytest.raises(ValueError):
        near_duplicate_groups([("a", page)], threshold=0)


def test_ten_thousand_pages_are_grouped_in_a_few_seconds() -> None:
    rng = random.Random(2026)
    # A wider vocabulary than a single note's, word frequencies as in prose (Zipf).
    vocabulary = VOCABULARY + [f"term{number}" for number in range(5000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    originals = []
    for _ in range(7000):
        words = rng.choices(vocabulary, weights, k=rng.choice([80, 250, 450]))
        originals.append("\n".join(" ".join(words[start : start + 12]) for start in range(0, len(words), 12)))
    pages: list[tuple[tuple[int, int], str]] = [((n, n), text) for n, text in enumerate(originals)]
    for copy in range(1500):  # faxed copies: a header, a footer, capitals
        source = rng.randrange(len(originals))
        text = f"FROM: COAST ORTHO 11/20/2026 14:{copy % 60:02d} FAX 555-0100 P. {copy % 4 + 1}/4\n"
        pages.append(((len(pages), source), text + originals[source].upper() + "\nPage 3 of 9"))
    for copy in range(1500):  # copies with up to 2% of words different (OCR, a corrected date)
        source = rng.randrange(len(originals))
        words = originals[source].split()
        for position in rng.sample(range(len(words)), max(1, len(words) * rng.randint(1, 20) // 1000)):
            words[position] = f"variant{copy}x{position}"
        pages.append(((len(pages), source), " ".join(words)))
    rng.shuffle(pages)

    started = time.perf_counter()
    groups = near_duplicate_groups(pages)
    elapsed = time.perf_counter() - started
    print(f"{len(pages)} pages grouped in {elapsed:.2f} s: {len(groups)} groups")

    assert elapsed < 20
    # Every group holds copies of one original only ...
    for group in groups:
        assert len({source for _, source in group}) == 1
    # ... and nearly every copy is found with its original (LSH may miss a rare one).
    group_of = {key: number for number, group in enumerate(groups) for key in group}
    copies = [key for key, _ in pages if key[0] != key[1]]
    found = sum(1 for key in copies if key in group_of and group_of.get((key[1], key[1])) == group_of[key])
    assert found >= 0.99 * len(copies)


def test_a_page_fingerprint_holds_what_grouping_needs_of_its_text() -> None:
    rng = random.Random(11)
    page = note(rng, 300)
    faxed = "FROM: COAST ORTHO 11/20/2026 14:03 FAX 555-0100 P. 2/4\n" + page.upper() + "\nPage 2 of 4"
    stored = text_fingerprint(page)
    fingerprint = TextFingerprint.from_bytes(stored)
    assert fingerprint is not None
    assert fingerprint.has_text
    assert fingerprint.simhash == simhash(page)
    assert fingerprint.word_count == 300
    assert sum(fingerprint.bucket_counts()) == 300
    # Copies share the key of their normalized text; another page does not.
    copy = TextFingerprint.from_bytes(text_fingerprint(faxed))
    assert copy is not None and copy.text_key == fingerprint.text_key
    other = TextFingerprint.from_bytes(text_fingerprint(note(rng, 300)))
    assert other is not None and other.text_key != fingerprint.text_key
    # The same text, the same bytes (workers, OCR and filling in older pages agree); small.
    assert text_fingerprint(page) == stored
    assert len(stored) < 300


def test_fingerprints_of_pages_without_words_and_of_another_version() -> None:
    for blank in ("", "   \n "):
        fingerprint = TextFingerprint.from_bytes(text_fingerprint(blank))
        assert fingerprint is not None and not fingerprint.has_text and fingerprint.text_key == b""
    only_a_page_number = TextFingerprint.from_bytes(text_fingerprint("Page 1 of 2"))
    assert only_a_page_number is not None and only_a_page_number.has_text and only_a_page_number.text_key == b""
    stored = text_fingerprint("a page of text")
    assert TextFingerprint.from_bytes(bytes([FINGERPRINT_VERSION + 1]) + stored[1:]) is None
    assert TextFingerprint.from_bytes(stored[:-1]) is None
    assert TextFingerprint.from_bytes(b"") is None


def test_grouping_stored_fingerprints_reads_only_the_texts_of_near_copy_candidates() -> None:
    rng = random.Random(12)
    originals = [note(rng, 200) for _ in range(300)]
    near = originals[7].replace(originals[7].split()[5], "changed", 1)
    pages = [(n, text) for n, text in enumerate(originals)] + [(300, originals[3]), (301, near)]
    asked: list[int] = []

    def texts(positions: list[int]) -> list[str]:
        asked.extend(positions)
        return [pages[position][1] for position in positions]

    fingerprints = [(key, TextFingerprint.from_bytes(text_fingerprint(text))) for key, text in pages]
    groups = group_fingerprints([(key, f) for key, f in fingerprints if f is not None], texts)
    assert groups == near_duplicate_groups(pages) == [[3, 300], [7, 301]]
    # The identical copy needs no text, the near copy and its original do; unrelated pages not.
    assert sorted(asked) == [7, 301]
