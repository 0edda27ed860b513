"""The stored form of a formatted narrative: what the physician formatted reads back the same, older
plain answers read as their paragraphs, and clipboard HTML keeps only the subset."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reviewer_app.domain.narrative import (
    Block,
    BlockKind,
    Run,
    format_narrative,
    is_formatted,
    narrative_from_html,
    parse_narrative,
    plain_text,
)


def line(*runs: Run) -> Block:
    return Block(BlockKind.LINE, runs)


def test_bold_italic_and_lists_are_stored_as_readable_markup() -> None:
    blocks = [
        line(Run("The MRI shows "), Run("no", bold=True), Run(" "), Run("acute", italic=True), Run(" findings.")),
        Block(BlockKind.BULLET, (Run("L4-5 disc bulge"),)),
        Block(BlockKind.NUMBERED, (Run("Physical therapy"),), 1),
        Block(BlockKind.NUMBERED, (Run("Gabapentin", bold=True, italic=True),), 2),
    ]
    stored = format_narrative(blocks)
    assert (
        stored == "The MRI shows **no** *acute* findings.\n- L4-5 disc bulge\n1. Physical therapy\n2. ***Gabapentin***"
    )
    assert parse_narrative(stored) == blocks
    assert (
        plain_text(stored) == "The MRI shows no acute findings.\n• L4-5 disc bulge\n1. Physical therapy\n2. Gabapentin"
    )


def test_an_older_plain_answer_reads_as_its_paragraphs_with_its_asterisks_and_backslashes() -> None:
    older = "Line one, 2 * 3 levels.\nLine two: C:\\scans\\mri.pdf\n\nSecond paragraph **unclosed"
    blocks = parse_narrative(older)
    assert [b.kind for b in blocks] == [BlockKind.LINE] * 4
    assert plain_text(older) == older
    assert not is_formatted(older)


def test_a_paragraph_that_begins_like_a_list_item_stays_a_paragraph() -> None:
    blocks = [line(Run("- not a bullet")), line(Run("3. not a number")), line(Run("**not bold**"))]
    stored = format_narrative(blocks)
    assert parse_narrative(stored) == blocks
    assert not is_formatted(stored)


def test_adjacent_styles_close_before_the_next_opens() -> None:
    blocks = [line(Run("italic", italic=True), Run("bold", bold=True), Run(" plain"))]
    assert parse_narrative(format_narrative(blocks)) == blocks


_text = st.text(alphabet=st.sampled_from(list("ab *\\-.1 ’'é")), min_size=1, max_size=12)
_runs = st.lists(st.builds(Run, _text, st.booleans(), st.booleans()), max_size=5)
_blocks = st.lists(
    st.builds(
        lambda kind, runs, number: Block(kind, tuple(runs), number if kind is BlockKind.NUMBERED else 0),
        st.sampled_from(list(BlockKind)),
        _runs,
        st.integers(1, 99),
    ),
    min_size=1,
    max_size=5,
)


@given(_blocks)
def test_whatever_is_formatted_reads_back_with_the_same_words_and_styles(blocks: list[Block]) -> None:
    read = parse_narrative(format_narrative(blocks))
    assert [(b.kind, b.number) for b in read] == [(b.kind, b.number) for b in blocks]
    # Per character: the same letter in the same style (runs may merge or spaces move out of markers).
    assert [_styled(b) for b in read] == [_styled(b) for b in blocks]


def _styled(block: Block) -> list[tuple[str, bool, bool]]:
    out = []
    for run in block.runs:
        for char in run.text:
            out.append((char, run.bold and char != " ", run.italic and char != " "))
    return out


def test_clipboard_html_keeps_only_words_bold_italic_and_lists() -> None:
    html = (
        "<html><head><style>b{color:red}</style><title>x</title></head><body>"
        '<p class="MsoNormal" style="color:red">Exam: <strong>tender</strong> over '
        '<span style="font-weight:700">L5</span> <span style="font-style:italic">bilaterally</span>'
        '<a href="javascript:alert(1)">link</a><script>alert("x")</script></p>'
        "<ul><li>MRI &amp; EMG</li><li><b>X-ray</b></li></ul>"
        "<ol><li>first</li><li>second</li></ol>"
        '<img src="x" onerror="alert(1)"><table><tr><td>cell</td></tr></table>'
        "</body></html>"
    )
    stored = format_narrative(narrative_from_html(html))
    assert (
        stored == "Exam: **tender** over **L5** *bilaterally*link\n- MRI & EMG\n- **X-ray**\n1. first\n2. second\ncell"
    )
    assert "<" not in stored and "alert" not in stored
