"""Documents within a record: one PDF often holds many visits, and each becomes an entry of its own.

A page starts a new document when what it shows says so: a "Page 1 of N" counter, a title or
letterhead of another document, another date of service, another clinician, a new fax
transmission, or a blank separator page before it. A page says it continues the document
before it with "Page 2 of 3" following "Page 1 of 3", with "(continued)", or by repeating the
same header (title, date and clinician). Blank pages stay with the document they follow, so
every page of a record is in exactly one document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reviewer_app.domain.document_types import (
    TITLE_LINES,
    TypeGuess,
    guess_type,
    is_document_title,
    title_like,
    title_type,
)
from reviewer_app.domain.providers import PageAuthor, PersonName, not_clinical, page_author
from reviewer_app.domain.record_dates import FAX_LINE, DateRole, FoundDate, find_dates

_COUNTER = re.compile(r"\b(?:page|pg\.?)\s*(\d{1,4})\s*(?:of|/)\s*(\d{1,4})\b", re.IGNORECASE)
_FAX_PAGE = re.compile(r"\b(?:p(?:age|g)?\.?)\s*(\d{1,4})\s*(?:/|of)\s*(\d{1,4})\b", re.IGNORECASE)
_FAX_NUMBERS = re.compile(r"\d{1,2}:\d\d(?::\d\d)?|\bp(?:age|g)?\.?\s*\d+\s*(?:/|of)\s*\d+", re.IGNORECASE)
_CONTINUED = re.compile(r"\(?\bcontinued\b\)?|\bcont'?d\b|continuation", re.IGNORECASE)
_BLANK_WORDS = re.compile(r"intentionally (?:left )?blank|page left blank|separator (?:page|sheet)|blank page", re.I)
_WORD = re.compile(r"[A-Za-z]{2,}")
_DIGITS = re.compile(r"\d{2}")
RULES_VERSION = 2  # bumped whenever what the rules find from the same pages changes (stored facts are then stale)
_TOP_DATE_LINES = 12  # a bare "Date:" this high on a page is the note's date
_DATE_LINE_WORDS = (
    2  # "Date: 03/16/2026" or a letter's "March 16, 2026": a short line; a list's "03/16/2026 ED visit..." is not
)
_TYPE_LINES = 30  # the type is read from the first page's top: its title and the start of its text


@dataclass(frozen=True)
class PageFacts:
    """What one page shows that bears on where documents begin and what they are."""

    index: int
    lines: tuple[str, ...]  # without the fax header lines, stripped, empty lines dropped
    blank: bool
    counter: tuple[int, int] | None  # "Page 2 of 5"
    fax: str | None  # the fax header, page number taken out (same transmission, same header)
    fax_page: int | None  # the fax's own page number ("P. 3/9")
    title: str | None  # the page's title line, when one names a document type
    title_kind: str | None
    continued: bool
    dates: tuple[FoundDate, ...]
    service: dt.date | None  # the first labelled date of service
    author: PageAuthor


def read_page(index: int, text: str, births: frozenset[dt.date] = frozenset()) -> PageFacts:
    """The facts of one page's text; ``births`` are dates known to be the patient's birth (the manifest's)."""
    raw = [line.strip() for line in text.split("\n")]
    # A machine's header carries its numbers (time, page, phone); "FAX COVER SHEET" is a title, not a stamp.
    fax_lines = [line for line in raw[:3] + raw[-2:] if line and FAX_LINE.search(line) and _DIGITS.search(line)]
    lines = tuple(line for line in raw if line and line not in fax_lines)
    joined = "\n".join(lines)
    words = len(_WORD.findall(joined)) if len(joined) < 200 else 99  # a blank page holds a few words at most
    blank = words < 3 or (words < 12 and bool(_BLANK_WORDS.search(joined)))
    counter = None
    for line in lines[:4] + lines[-4:]:
        found = _COUNTER.search(line)
        if found and 0 < int(found.group(1)) <= int(found.group(2)):
            counter = (int(found.group(1)), int(found.group(2)))
            break
    fax, fax_page = None, None
    if fax_lines:
        header = fax_lines[0]
        number = _FAX_PAGE.search(header)
        fax_page = int(number.group(1)) if number else None
        fax = " ".join(_FAX_NUMBERS.sub("", header).lower().split())
    title, title_kind = None, None
    for line in lines[:TITLE_LINES]:
        kind = title_type(line) if title_like(line) else None
        if kind is not None and (title is None or _more_a_title(line, title)):
            # "OPERATIVE REPORT" or "Emergency Department Visit" over a letterhead's "Coastline Physical Therapy".
            title, title_kind = line, kind
    continued = any(_CONTINUED.search(line) for line in lines[:TITLE_LINES])
    dates = tuple(find_dates(joined))
    if births and any(d.date in births and d.role is not DateRole.BIRTH for d in dates):
        # "Jane Roe 01/02/1970" with no label is still her date of birth, never a visit's date.
        dates = tuple(replace(d, role=DateRole.BIRTH) if d.date in births else d for d in dates)
    service = next((d.date for d in dates if d.role is DateRole.SERVICE and d.specific), None)
    if service is None and title is not None:  # a notice's own date under its title ("Date of notice: 04/17/2026")
        service = next((d.date for d in dates if d.role is DateRole.ISSUED and d.line < _TOP_DATE_LINES), None)
    if service is None:  # "Date: 03/16/2026" at the top of a note is its date
        top = [d for d in dates if d.role is DateRole.UNLABELLED and d.line < _TOP_DATE_LINES]
        service = next((d.date for d in top if _recent(d, dates) and _date_line(lines, d)), None)
    return PageFacts(
        index, lines, blank, counter, fax, fax_page, title, title_kind, continued, dates, service, _author(lines)
    )


# A letterhead and its labels are at a page's top (a letterhead of six lines, a patient block, then the
# clinicians), the signature at its foot.
_AUTHOR_LINES, _SIGNATURE_LINES = 20, 12


def _date_line(lines: Sequence[str], found: FoundDate) -> bool:
    """Whether a bare date stands as a page's date: on a short line of its own, or after "Date:"."""
    if found.label.endswith("date:") or found.label.endswith("date"):
        return True
    line = lines[found.line] if found.line < len(lines) else ""
    return len(_WORD.findall(line)) <= _DATE_LINE_WORDS


def _author(lines: tuple[str, ...]) -> PageAuthor:
    if len(lines) <= _AUTHOR_LINES + _SIGNATURE_LINES:
        return page_author(lines)
    return page_author(lines[:_AUTHOR_LINES] + lines[-_SIGNATURE_LINES:])


def _more_a_title(line: str, than: str) -> bool:
    return (is_document_title(line), line.isupper()) > (is_document_title(than), than.isupper())


@dataclass
class FoundDocument:
    """One document found within a record: 0-based pages, what it is, and how sure each part is."""

    first: int
    last: int
    date: dt.date | None = None
    date_to: dt.date | None = None
    type: str = "other"
    person: PersonName | None = None
    facility: str | None = None
    confidence: float = 0.0
    title: str = ""
    reason: str = ""  # why it starts where it does ("page 1 of a counter", "another date of service")
    type_confidence: float = 0.0  # how clearly the pages named the type (the manifest's kind yields to a clear one)


def split_record(pages: Sequence[str]) -> list[FoundDocument]:
    """The documents of one record, from its pages' text, in page order; every page in exactly one."""
    facts = [read_page(index, text) for index, text in enumerate(pages)]
    return split_facts(facts)


def split_facts(facts: Sequence[PageFacts]) -> list[FoundDocument]:
    """:func:`split_record` from pages already read."""
    documents: list[FoundDocument] = []
    facts = [_without_bundle_counter(page, len(facts)) for page in facts]
    runs: list[list[PageFacts]] = []
    starts: list[tuple[float, str]] = []  # how surely and why each run begins
    for page in facts:
        if not runs:
            runs.append([page])
            starts.append((1.0, "the record's first page"))
            continue
        begins, strength, reason = _starts_document(runs[-1], page)
        if begins:
            runs.append([page])
            starts.append((strength, reason))
        else:
            runs[-1].append(page)
    for run, (strength, reason) in zip(runs, starts, strict=True):
        document = describe_pages(run, strength)
        document.reason = reason
        documents.append(document)
    return documents


_LONGEST_COUNTED_DOCUMENT = 30  # "Page 12 of 480" counts the whole file's pages (a vendor's stamp), not a note's


def _without_bundle_counter(page: PageFacts, record_pages: int) -> PageFacts:
    counter = page.counter
    if counter is None:
        return page
    # A counter over exactly the file's pages is the file's (a printout's footer), whatever each page holds.
    if counter[1] > _LONGEST_COUNTED_DOCUMENT or (record_pages > 3 and counter[1] == record_pages):
        return replace(page, counter=None)
    return page


def _starts_document(run: Sequence[PageFacts], page: PageFacts) -> tuple[bool, float, str]:
    """Whether ``page`` begins a new document after the pages of ``run``, how surely, and why."""
    previous = run[-1]
    head = next((p for p in run if not p.blank), run[0])
    if page.blank:
        return False, 0.0, "a blank page stays with the document before it"
    if previous.blank and not head.blank:
        return True, 0.95, "after a blank separator page"
    run_service = next((p.service for p in run if p.service is not None), None)
    if page.title and is_document_title(page.title) and page.service and run_service and page.service != run_service:
        # A titled, dated page after another date: the next notice of a file, whatever its footer counts.
        return True, 0.9, "another date of service"
    if page.counter is not None:
        if page.counter[0] == 1:
            return True, 1.0, "page 1 of a counter"
        if previous.counter is not None and previous.counter == (page.counter[0] - 1, page.counter[1]):
            return False, 0.0, "the page counter goes on"
    if page.continued:
        return False, 0.0, "continued"
    if page.service is not None and run_service is not None and page.service != run_service:
        return True, 0.9, "another date of service"
    if page.title_kind is not None and not _same_header(head, page):
        # A letterhead repeated at the top of a letter's second page names no new document; a title does.
        repeated = page.title != head.title and page.title in head.lines[:TITLE_LINES]
        if not repeated and (is_document_title(page.title or "") or page.title_kind != head.title_kind):
            return True, 0.85, "another document's title"
    person, other = _run_person(run), page.author.person
    if page.author.strength >= 3 and person is not None and other is not None and not person.same_person(other):
        return True, 0.8, "another clinician"
    if page.fax is not None and page.fax_page == 1 and previous.fax is not None:
        return True, 0.7, "a new fax transmission"
    if page.fax is not None and previous.fax is not None and page.fax != previous.fax:
        return True, 0.7, "another fax header"
    if page.service is not None and run_service is None and head.title_kind is not None and page.title_kind:
        return True, 0.7, "a dated note after an undated one"
    return False, 0.0, "nothing says a new document begins"


def _same_header(head: PageFacts, page: PageFacts) -> bool:
    """A page repeating its document's header (title, date, clinician), as printed charts do on every page."""
    if head.title_kind != page.title_kind:
        return False
    if head.service is not None and page.service is not None and head.service != page.service:
        return False
    if head.title is not None and page.title is not None and head.title.lower() != page.title.lower():
        return False
    a, b = head.author.person, page.author.person
    return not (a is not None and b is not None and not a.same_person(b))


def _run_person(run: Sequence[PageFacts]) -> PersonName | None:
    best: PageAuthor | None = None
    for page in run:
        if page.author.person is not None and (best is None or page.author.strength > best.strength):
            best = page.author
    return best.person if best else None


_FORMS = frozenset({"claim_form", "utilization_review", "bill", "legal", "ime_or_peer_review"})
_LAW = re.compile(r"\b(?:law|attorneys?|esq|llp)\b", re.IGNORECASE)
_BANNER_FIELDS = re.compile(r"\s(?:patient|name|dob|mrn|claim|acct|account)\b", re.IGNORECASE)
_SALUTATION = re.compile(r"^(?:dear|to whom it may concern)\b", re.IGNORECASE)


def _non_clinical_sender(head: PageFacts) -> str | None:
    """The letterhead of a letter sent by an employer, insurer or law firm (no clinician writes it), if it is one."""
    if not head.lines or not any(_SALUTATION.match(line) for line in head.lines):
        return None
    sender = _BANNER_FIELDS.split(head.lines[0])[0]  # "Mission Crest Medical Center Patient: ORTEGA ... Claim #"
    return sender if not_clinical(sender) else None


def describe_pages(run: Sequence[PageFacts], boundary: float = 1.0) -> FoundDocument:
    """Date, type, clinician and facility of the pages of one document, with a confidence 0..1."""
    head = next((p for p in run if not p.blank), run[0])
    document = FoundDocument(run[0].index, run[-1].index)
    guess: TypeGuess = guess_type(head.lines[:_TYPE_LINES]) if not head.blank else TypeGuess("other", 0.2, "")
    if head.title_kind is not None and guess.type == "other":
        guess = TypeGuess(head.title_kind, 0.7, head.title or "")
    document.type, document.title = guess.type, guess.title or (head.title or "")
    document.type_confidence = guess.confidence
    letter_from = _non_clinical_sender(head)
    if letter_from is not None and document.type not in _FORMS:
        # An employer's, insurer's or law firm's letter is correspondence, whatever work or care it speaks of.
        document.type = "legal" if _LAW.search(letter_from) else "correspondence"
    elif document.type == "correspondence" and any(d.role is DateRole.SERVICE for d in head.dates):
        # A clinician's letter reporting an evaluation ("Date of Evaluation: ...", "Dear Dr. Whitfield, thank
        # you for referring") is that evaluation's report.
        clinical = guess_type(head.lines[:_TYPE_LINES], frozenset({"correspondence"}))
        if clinical.type != "other":
            document.type, document.type_confidence = clinical.type, clinical.confidence
    date, date_to, date_confidence = _service_dates(run, document.type)
    document.date, document.date_to = date, date_to
    author = run[0].author
    for page in run:  # the strongest mention, the earliest of equals
        if page.author.strength > author.strength:
            author = page.author
    # A letter, a notice or a claim form is by whoever signs it: a doctor it speaks of is not its author; a paper
    # on an insurer's, employer's or law firm's letterhead names a clinician only by a role label.
    needed = 2 if document.type in _DATED_AS_WRITTEN else 1
    sender = _BANNER_FIELDS.split(head.lines[0])[0] if head.lines else ""
    if document.type in ("other", "correspondence", "legal") and not_clinical(sender):
        needed = 3
    document.person = author.person if author.strength >= needed else None
    document.facility = next((p.author.facility for p in run if p.author.facility), None)
    provider_confidence = {3: 1.0, 2: 0.9, 1: 0.6, 0: 0.5}[author.strength]
    document.confidence = round(min(boundary, date_confidence, guess.confidence, provider_confidence), 2)
    return document


_YEARS_BEFORE_THE_REST = 15  # an unlabelled date this far before the page's latest one is a birth date, not a visit


def _recent(found: FoundDate, dates: Sequence[FoundDate]) -> bool:
    latest = max(d.date for d in dates)
    return (latest - found.date).days < 365 * _YEARS_BEFORE_THE_REST


# Documents dated by their own date (a letter's, a notice's), whatever services they speak of.
_DATED_AS_WRITTEN = frozenset({"correspondence", "legal", "utilization_review", "claim_form"})
# A bill's service line: a date and a procedure code ("03/30/2026 97161 PT evaluation 1 $165.00").
_PROCEDURE_CODE = re.compile(r"\b(?:\d{5}|[A-V]\d{4})\b")


_SPAN_WORD = re.compile(r"(?:\bthrough|\bthru|\bto|(?:^|\s)-)\s*$")


def _span_ends(dates: Sequence[FoundDate]) -> list[FoundDate]:
    """A page's last days of a stay or span: "Discharge: 03/20/2026", or "03/16/2026 through 03/20/2026".

    A bare "through" ends a span only after a date on its line: "restrictions ... through 06/10/2026"
    is how long the restrictions last, not the visit.
    """
    ends = []
    for found in dates:
        if found.role is not DateRole.SERVICE_END:
            continue
        if _SPAN_WORD.search(found.label) and not any(
            other.line == found.line and other.start < found.start and other.role is not DateRole.SERVICE_END
            for other in dates
        ):
            continue
        ends.append(found)
    return ends


def _service_dates(run: Sequence[PageFacts], kind: str = "other") -> tuple[dt.date | None, dt.date | None, float]:
    """The document's date of service (and last day), preferring labels, never a birth date or a stamp."""
    dates = [d for page in run for d in page.dates]
    births = {d.date for d in dates if d.role is DateRole.BIRTH}
    injuries = {d.date for d in dates if d.role is DateRole.INJURY}

    def plausible(found: FoundDate) -> bool:
        if found.date in births:
            return False
        return (not births or found.date > max(births)) and (found.specific or _recent(found, dates))

    labelled = [d for d in dates if d.role is DateRole.SERVICE and d.specific and plausible(d)]
    ends = [d.date for page in run for d in _span_ends(page.dates) if plausible(d)]
    confidence = 1.0
    head_pages = [p for p in run if not p.blank][:1]
    issued = [d for d in dates if d.role is DateRole.ISSUED and plausible(d)]
    if kind in _DATED_AS_WRITTEN:
        written = issued or [
            d
            for page in head_pages
            for d in page.dates
            if d.role is DateRole.UNLABELLED and d.line < _TOP_DATE_LINES and plausible(d) and _date_line(page.lines, d)
        ]
        if written:
            return written[0].date, None, 0.8
        signed = [d for d in dates if d.role is DateRole.SIGNED and plausible(d)]
        signed = signed or [d for d in dates if d.role is DateRole.UNLABELLED and d.label.endswith("date:")]
        if signed and not labelled:  # a form dated where it is signed ("Samuel R. Okafor, MD   Date: 09/10/2026")
            return signed[-1].date, None, 0.6
    if kind == "bill" and not labelled:
        lines_of = [
            (page, d) for page in run for d in page.dates if d.role in (DateRole.UNLABELLED, DateRole.MENTIONED)
        ]
        billed = [d.date for page, d in lines_of if plausible(d) and _PROCEDURE_CODE.search(page.lines[d.line])]
        if billed:
            return min(billed), (max(billed) if max(billed) != min(billed) else None), 0.8
    if labelled:
        first = labelled[0].date
        start = first
    elif issued:  # a notice's, a report's or a form's own date, where no visit is dated
        start, confidence = issued[0].date, 0.8
    else:
        bare = [
            (page, d)
            for page in head_pages
            for d in page.dates
            if d.role is DateRole.UNLABELLED and plausible(d) and d.date not in injuries
        ]
        top = [d for page, d in bare if d.line < _TOP_DATE_LINES and _date_line(page.lines, d)]
        signed = [d for d in dates if d.role is DateRole.SIGNED and plausible(d)]
        if top:
            start, confidence = top[0].date, 0.7
        elif bare:
            start, confidence = bare[0][1].date, 0.4
        elif signed and kind == "other":  # a paper dated only where it is prepared; never a visit by its signature
            start, confidence = signed[0].date, 0.4
        else:
            return None, None, 0.2
    # The last day: a discharge or "to" date, or the date of service of a later page (entries merged by
    # the physician, a stay charted day by day); a first page's other labels (an appointment) are not.
    head_dates = set(map(id, next((p for p in run if not p.blank), run[0]).dates))
    later = [d.date for d in labelled if id(d) not in head_dates]
    last = max([d for d in later + ends if d >= start] + [start])
    return start, (last if last != start else None), confidence
