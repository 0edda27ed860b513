"""The report as plain data: what the physician signs, worked out from the case before any layout.

``services.report_content`` fills these from the case, the profile and the findings; ``reports`` lays them
out as a PDF. Everything here is already in the physician's words: choice labels rather than ids, numbers
with their units, dates written out, citations as short references ("Rec. 3, p. 12") that resolve in the
list of records reviewed. Empty answers are left out before they get here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer_app.domain.review import PageCounts


def record_reference(record_number: int, page: int) -> str:
    """How a report cites a page: "Rec. 3, p. 12" (record 3 of the records-reviewed list, page 12)."""
    return f"Rec. {record_number}, p. {page}"


def long_date(day: dt.date) -> str:
    """A date as the report prints it: "March 16, 2026" (no day/month order to misread)."""
    return f"{day:%B} {day.day}, {day.year}"


@dataclass(frozen=True)
class Letterhead:
    """The physician's name and contact details at the top of the first page."""

    name: str
    credentials: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""

    @property
    def name_line(self) -> str:
        return ", ".join(part for part in (self.name, self.credentials) if part)


@dataclass(frozen=True)
class LabelledValue:
    """One line of the identification block, e.g. ("Claim number", "WC-26-104387")."""

    label: str
    value: str


@dataclass(frozen=True)
class PageReference:
    """A cited record page, with the physician's note and the words quoted from it, if any."""

    record_number: int
    page: int
    note: str = ""
    quote: str = ""

    @property
    def reference(self) -> str:
        return record_reference(self.record_number, self.page)


@dataclass(frozen=True)
class TextItem:
    """An answered field printed as "label: value"; ``note`` is a caution printed under it."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class CitationsItem:
    """The record pages a field's answer rests on."""

    label: str
    pages: tuple[PageReference, ...]


@dataclass(frozen=True)
class TableItem:
    """A table answer: column headings (with units) and rows of printed cells; ``note`` goes under it."""

    label: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


AnswerItem = TextItem | CitationsItem | TableItem


@dataclass(frozen=True)
class AnswerPart:
    """The answered fields of one block; ``heading`` names the requested service for per-service blocks."""

    items: tuple[AnswerItem, ...]
    heading: str = ""


@dataclass(frozen=True)
class QuestionAnswer:
    """A referral question, verbatim, and the physician's answer to it."""

    number: int
    text: str
    topic: str  # the form block's title, e.g. "Medical necessity"
    parts: tuple[AnswerPart, ...] = ()

    @property
    def answered(self) -> bool:
        return any(part.items for part in self.parts)


@dataclass(frozen=True)
class Determination:
    """One row of a peer review's determinations table: a requested service and what was decided."""

    requested: str  # "Lumbar ESI L4-5 (CPT 62323), 1 injection"
    determination: str  # the choice label, e.g. "Modify"
    approved: str = ""  # "6 visits; 2 a week; 3 weeks" when modified
    guideline: str = ""
    question_number: int | None = None


@dataclass(frozen=True)
class RecordEntry:
    """A document in the records-reviewed list, numbered as the citations refer to it."""

    number: int
    title: str
    provider: str = ""
    dates: str = ""
    pages: int | None = None
    repaired: bool = False  # received damaged; read from the copy qpdf reconstructed


@dataclass(frozen=True)
class ChronologyRow:
    """One line of the chronological table of the records reviewed, in the physician's words.

    ``unsure``: read from the pages with low confidence and not confirmed by the physician, so
    printed as something to verify, never as fact. ``copies``: the same document received again
    ("Rec. 7, p. 1-3"), folded into this line rather than listed as another visit.
    """

    date: str  # "Mar 16, 2026", "Mar 1, 2026 to Mar 5, 2026" or "undated"
    provider: str
    type: str
    summary: str
    pages: str  # "Rec. 3, p. 12-15"
    unsure: bool = False
    copies: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyPage:
    """A page the physician marked as key, with what they noted and quoted from it."""

    page: PageReference
    record_title: str
    record_dates: str = ""


@dataclass(frozen=True)
class SectionContent:
    """A case-level section of the form (history, examination, peer-to-peer log...), answered fields only."""

    title: str
    items: tuple[AnswerItem, ...]


@dataclass(frozen=True)
class Declaration:
    """A jurisdiction's or line of business's declaration text from a form overlay."""

    title: str
    text: str


@dataclass(frozen=True)
class Attestation:
    """Who the physician is and what they attest: fixed statements, declarations and the overlay's answers."""

    statements: tuple[str, ...]
    declarations: tuple[Declaration, ...] = ()
    items: tuple[AnswerItem, ...] = ()
    place_and_date: str = ""  # "Signed in Los Angeles County on March 16, 2026" when the overlay asks for them


@dataclass(frozen=True)
class Signature:
    """The signature block; ``image_png`` is the physician's handwritten signature, when they gave one."""

    name: str
    credentials: str = ""
    licences: tuple[str, ...] = ()  # "CA A123456"
    specialties: tuple[str, ...] = ()
    image_png: bytes | None = None

    @property
    def name_line(self) -> str:
        return ", ".join(part for part in (self.name, self.credentials) if part)


@dataclass(frozen=True)
class AnswerChange:
    """An answer an addendum changes: where it is, and what it said before and says now."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class OriginalReportRef:
    """The signed report an addendum amends, and what changed since.

    ``new_records`` names the records added since (a record's path in the case, which the report turns into
    its number and title, or any text describing it).
    """

    signed_on: dt.date
    sha256: str
    new_records: tuple[str, ...] = ()
    changes: tuple[AnswerChange, ...] = ()


@dataclass(frozen=True)
class HistoryAnchor:
    """The case history (audit trail) at signing: printed, so later changes to it can be shown."""

    events: int
    head_sha256: str


@dataclass(frozen=True)
class ReportContent:
    """Everything the report prints, in the order a reader meets it."""

    title: str  # "Peer review report"
    form_key: str  # "peer_review@1": the form and version the answers were given under
    report_date: dt.date
    draft: bool
    letterhead: Letterhead
    claimant_name: str  # "Marisol Ortega", in every page header
    claim_number: str
    reference: str  # the vendor's case reference
    identification: tuple[LabelledValue, ...]
    questions: tuple[QuestionAnswer, ...]
    records: tuple[RecordEntry, ...]
    page_counts: PageCounts
    signature: Signature
    attestation: Attestation
    determinations: tuple[Determination, ...] = ()
    key_pages: tuple[KeyPage, ...] = ()
    sections_before: tuple[SectionContent, ...] = ()  # history and examination, before the answers (IME)
    sections_after: tuple[SectionContent, ...] = ()  # peer-to-peer log, treating opinions, recommendation
    addendum_of: OriginalReportRef | None = None
    addendum_new_records: tuple[str, ...] = ()  # the new records as printed: "Rec. 22 — MRI lumbar spine"
    history: HistoryAnchor | None = None  # final reports: the case history as it stood at signing
    form_title: str = ""  # "Peer review": the footer names the form in words with its version
    chronology: tuple[ChronologyRow, ...] = ()  # the records reviewed in date order, from the case's chronology

    @property
    def record_count(self) -> int:
        return len(self.records)


__all__ = [
    "AnswerChange",
    "AnswerItem",
    "AnswerPart",
    "Attestation",
    "ChronologyRow",
    "CitationsItem",
    "Declaration",
    "Determination",
    "KeyPage",
    "LabelledValue",
    "Letterhead",
    "OriginalReportRef",
    "PageReference",
    "QuestionAnswer",
    "RecordEntry",
    "ReportContent",
    "SectionContent",
    "Signature",
    "TableItem",
    "TextItem",
    "long_date",
    "record_reference",
]


def one_citation_list(parts: Sequence[AnswerPart], cited: Sequence[PageReference]) -> tuple[AnswerPart, ...]:
    """A question's answer with each cited page listed once, in its "Records relied on".

    Pages cited for the question from the viewer (with their quotes) join the records its fields
    name: a page already listed gains the quote and note; a new one goes to the question's last
    list (or a list of its own when no field lists records). Each list names a page once.
    """
    remaining = list(cited)
    merged: list[AnswerPart] = []
    lists_at = [
        (p, i) for p, part in enumerate(parts) for i, item in enumerate(part.items) if isinstance(item, CitationsItem)
    ]
    last = lists_at[-1] if lists_at else None
    for p, part in enumerate(parts):
        items: list[AnswerItem] = []
        for i, item in enumerate(part.items):
            if isinstance(item, CitationsItem):
                pages, remaining = _enriched(item.pages, remaining, take_all=(p, i) == last)
                item = CitationsItem(item.label, pages)
            items.append(item)
        merged.append(AnswerPart(tuple(items), part.heading))
    if remaining:
        pages, _ = _enriched((), remaining, take_all=True)
        merged.append(AnswerPart((CitationsItem("Records relied on", pages),)))
    return tuple(merged)


def _enriched(
    listed: Sequence[PageReference], cited: list[PageReference], *, take_all: bool
) -> tuple[tuple[PageReference, ...], list[PageReference]]:
    """``listed`` once each, with the quotes of ``cited`` for the same pages (and, with ``take_all``, the rest)."""
    by_page: dict[tuple[int, int], PageReference] = {}
    for page in listed:
        by_page.setdefault((page.record_number, page.page), page)
    left: list[PageReference] = []
    for page in cited:
        key = (page.record_number, page.page)
        known = by_page.get(key)
        if known is not None:
            by_page[key] = PageReference(
                page.record_number, page.page, known.note or page.note, known.quote or page.quote
            )
        elif take_all:
            by_page[key] = page
        else:
            left.append(page)
    return tuple(by_page.values()), left
