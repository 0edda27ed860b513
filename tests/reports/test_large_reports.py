"""Reports of cases at the bundle caps (issue #11): long questions, long answers and long lists print
whole, in order, each table's heading row on every page it runs onto."""

from __future__ import annotations

import datetime as dt
import random
import re

import pypdfium2 as pdfium

from reviewer_app.domain.report import (
    AnswerPart,
    Attestation,
    LabelledValue,
    Letterhead,
    QuestionAnswer,
    RecordEntry,
    ReportContent,
    Signature,
    TableItem,
    TextItem,
)
from reviewer_app.domain.review import PageCounts
from reviewer_app.reports import render_report

WORDS = [
    "patient",
    "reports",
    "low",
    "back",
    "pain",
    "radiating",
    "to",
    "the",
    "left",
    "leg;",
    "straight",
    "leg",
    "raise",
    "positive",
    "at",
    "40",
    "degrees",
]
RECORDS_HEADING = "No. Document Provider or source Dates Pages"


def prose(seed: int, chars: int, paragraph_breaks: str = "\n\n") -> str:
    """Sentences of clinical words, ``chars`` characters long, a break every eight sentences or so."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + ". "
        if paragraph_breaks and rng.random() < 0.12:
            sentence += paragraph_breaks
        out.append(sentence)
        size += len(sentence)
    return "".join(out)[:chars].strip()


def content(questions: tuple[QuestionAnswer, ...] = (), records: tuple[RecordEntry, ...] = ()) -> ReportContent:
    return ReportContent(
        title="Peer review report",
        form_key="peer_review@2",
        report_date=dt.date(2026, 12, 2),
        draft=False,
        letterhead=Letterhead("Jane Roe", "MD"),
        claimant_name="Marisol Ortega",
        claim_number="WC-26-104387",
        reference="PR-2026-CAPS",
        identification=(LabelledValue("Claimant", "Marisol Ortega"),),
        questions=questions,
        records=records,
        page_counts=PageCounts(received=len(records), duplicates=0, reviewed=len(records)),
        signature=Signature("Jane Roe", "MD"),
        attestation=Attestation(statements=("I personally reviewed the documents listed in this report.",)),
    )


def body_pages(pdf: bytes) -> list[str]:
    """Each page's text between the header and the footer, its whitespace collapsed."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage().get_text_bounded(left=0, bottom=62, right=width, top=height - 60)
            pages.append(" ".join(text.split()))
        return pages
    finally:
        document.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def test_questions_and_answers_at_the_length_caps_print_verbatim_and_in_order() -> None:
    questions = (
        QuestionAnswer(1, prose(1, 20_000), "Causation"),  # paragraphs
        QuestionAnswer(2, prose(2, 20_000, paragraph_breaks=""), "Diagnosis"),  # one paragraph, no break
        QuestionAnswer(3, prose(3, 20_000, paragraph_breaks="\n"), "Other"),  # line breaks
        QuestionAnswer(
            4, "Is further treatment needed?", "Future care", (AnswerPart((TextItem("Rationale", prose(4, 100_000)),)),)
        ),
    )
    text = " ".join(body_pages(render_report(content(questions))))

    positions = []
    for question in questions:
        assert text.count(flat(question.text)) == 1, f"question {question.number} is not printed whole, once"
        positions.append(text.index(flat(question.text)))
    assert positions == sorted(positions)
    answer = questions[3].parts[0].items[0]
    assert isinstance(answer, TextItem)
    assert flat(answer.value) in text  # an answer of 100,000 characters, the findings' cap


def test_a_long_records_list_prints_every_record_once_with_its_heading_on_every_page() -> None:
    rng = random.Random(11)
    records = tuple(
        RecordEntry(n, f"Physical therapy daily note {n}" + " lumbar spine" * rng.randint(0, 8), "Coast PT", "", 2)
        for n in range(1, 601)
    )
    pages = body_pages(render_report(content(records=records)))
    row = re.compile(r"Rec\. (\d+) Physical")
    listing = [page for page in pages if row.search(page)]
    assert len(listing) > 10

    text = " ".join(listing)
    found = [int(number) for number in row.findall(text)]
    assert found == list(range(1, 601))  # every record, once, in order
    for page in listing:
        # The heading row starts each page of the list (and only there, never mid-page).
        assert page.count(RECORDS_HEADING) == 1
        first_row = row.search(page)
        assert first_row is not None and page.index(RECORDS_HEADING) < first_row.start()


def test_a_long_table_answer_keeps_every_row() -> None:
    rows = tuple((f"2026-01-{n % 28 + 1:02d}", f"9711{n % 10}", f"line {n}") for n in range(1, 301))
    table = TableItem("Billing lines in question", ("Date", "Code", "Note"), rows)
    question = QuestionAnswer(1, "Do the bills match the records?", "Billing", (AnswerPart((table,)),))
    text = " ".join(body_pages(render_report(content((question,)))))
    assert [int(n) for n in re.findall(r"line (\d+)", text)] == list(range(1, 301))


def test_a_table_row_taller_than_a_page_is_split_across_pages() -> None:
    # A note of 20,000 characters in one cell: ReportLab would fail the whole report (LayoutError).
    note = prose(5, 20_000)
    rows = tuple((f"0{n}/02/2026", note if n == 2 else f"visit {n}") for n in range(1, 8))
    rows += tuple((f"1{n}/02/2026", f"visit {n + 10}") for n in range(60))  # a long table, laid out a page at a time
    table = TableItem("Treatment to date", ("Date", "Note"), rows)
    question = QuestionAnswer(1, "Is the treatment to date appropriate?", "Other", (AnswerPart((table,)),))
    pages = body_pages(render_report(content((question,))))

    text = " ".join(page.replace("Date Note ", "") for page in pages)  # less the heading row of each page
    assert f"02/02/2026 {flat(note)} 03/02/2026 visit 3" in text
    assert [int(n) for n in re.findall(r"visit (\d+)", text)] == [1, *range(3, 8), *range(10, 70)]
