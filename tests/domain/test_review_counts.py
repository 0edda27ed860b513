"""What the physician attests about the pages reviewed: one set of figures for the records list and the attestation."""

from __future__ import annotations

from reviewer_app.domain.review import PageCounts, attested_review, records_totals, unique_pages_reviewed


def test_a_copy_reviewed_counts_for_its_first_copy_once() -> None:
    groups = [[(1, 0), (2, 0), (3, 5)]]  # one page faxed three times
    assert unique_pages_reviewed({2: [0]}, groups) == 1
    assert unique_pages_reviewed({1: [0], 2: [0], 3: [5]}, groups) == 1  # all three copies: still one page
    assert unique_pages_reviewed({1: [0, 1], 3: [5]}, groups) == 2


def test_all_unique_pages_reviewed_is_said_so_with_the_copies_set_aside() -> None:
    counts = PageCounts(received=60, duplicates=2, reviewed=58, unique_reviewed=58)
    assert attested_review(counts, 21) == (
        "I personally reviewed all 58 unique pages of the 21 documents listed in this report "
        "(60 pages received; 2 pages that repeat other pages set aside)."
    )
    assert records_totals(counts, 21) == (
        "21 documents. Pages received: 60; duplicate pages set aside: 2; unique pages: 58, all reviewed."
    )


def test_pages_not_reviewed_are_stated_in_both_places() -> None:
    counts = PageCounts(received=60, duplicates=0, reviewed=4, unique_reviewed=4)
    assert attested_review(counts, 1) == (
        "I personally reviewed 4 of the 60 unique pages of the 1 document listed in this report "
        "(60 pages received); 56 pages were not reviewed."
    )
    assert records_totals(counts, 1).endswith("unique pages: 60, 4 reviewed, 56 not reviewed.")


def test_a_page_cited_twice_is_listed_once_with_its_quote() -> None:
    from reviewer_app.domain.report import AnswerPart, CitationsItem, PageReference, TextItem, one_citation_list

    field_list = CitationsItem("Records relied on", (PageReference(16, 1), PageReference(9, 2, "impression")))
    parts = [AnswerPart((TextItem("Determination", "Certify"), field_list))]
    cited = [PageReference(16, 1, quote="Positive SLR"), PageReference(16, 1, quote="again"), PageReference(3, 4)]
    (merged,) = one_citation_list(parts, cited)
    (relied_on,) = [item for item in merged.items if isinstance(item, CitationsItem)]
    assert [(p.reference, p.quote, p.note) for p in relied_on.pages] == [
        ("Rec. 16, p. 1", "Positive SLR", ""),
        ("Rec. 9, p. 2", "", "impression"),
        ("Rec. 3, p. 4", "", ""),
    ]
    # With no list among the fields, the cited pages make one of their own.
    alone = one_citation_list([AnswerPart((TextItem("Opinion", "Related"),))], cited[:1])
    assert [type(item).__name__ for part in alone for item in part.items] == ["TextItem", "CitationsItem"]
