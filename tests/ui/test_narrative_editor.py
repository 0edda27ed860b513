"""A long text as the physician writes it: bold from the toolbar printed bold, misspellings underlined and
replaced from the context menu, pasted HTML reduced to the subset, older plain answers shown and printed."""

from __future__ import annotations

import ctypes
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QToolButton

from reviewer_app.app import build_main_window
from reviewer_app.domain.forms import AnswerField, FieldSpec, FieldType
from reviewer_app.domain.narrative import parse_narrative, plain_text
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import get_answers
from reviewer_app.services.reporting import draft_report
from reviewer_app.services.spelling import Spelling
from reviewer_app.ui.findings_form import create_editor
from reviewer_app.ui.long_text_editor import LongTextEditor
from tests.ui.conftest import FakePrompts, wait_saved

PEER_REVIEW = "PR-2026-004512"
RATIONALE = "q1.svc1.rationale"
TYPED = "The claimant completed conservative care with physical therapy for lumbar strain."


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    folder = open_data_folder(data_dir)
    ensure_demo_cases(folder)
    folder.close()
    return data_dir


@pytest.fixture
def demo_window(qtbot: Any, demo_dir: Path, tmp_path: Path, prompts: FakePrompts) -> Any:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_dir, data_dir)
    window = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    window.runner.wait()


def words_and_fonts(pdf: bytes) -> list[tuple[str, str]]:
    """Every word of the PDF with the font its letters are set in (a word in two fonts lists both)."""
    document = pdfium.PdfDocument(pdf)
    out: list[tuple[str, str]] = []
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for page in document:
        text = page.get_textpage()
        word, fonts = "", set()
        for index in range(text.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
            if char.isalnum():
                pdfium_c.FPDFText_GetFontInfo(text.raw, index, buffer, len(buffer), ctypes.byref(flags))
                word += char
                fonts.add(buffer.value.decode("latin-1"))
            elif word:
                out.append((word, "+".join(sorted(fonts))))
                word, fonts = "", set()
        if word:
            out.append((word, "+".join(sorted(fonts))))
    return out


def select_word(editor: LongTextEditor, word: str) -> None:
    cursor = editor.edit.document().find(word)
    assert not cursor.isNull()
    editor.edit.setTextCursor(cursor)


def test_a_word_made_bold_with_the_toolbar_prints_bold_in_the_draft(qtbot: Any, demo_window: Any) -> None:
    demo_window.open_case(find_case(demo_window.folder, PEER_REVIEW).id)
    workspace = demo_window.workspace
    workspace.question_list.setCurrentRow(0)
    editor = workspace.findings_form.editor(RATIONALE)
    assert isinstance(editor, LongTextEditor)
    editor.edit.setFocus()
    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, TYPED)
    select_word(editor, "conservative")
    bold = editor.findChild(QToolButton, "formatBold")
    qtbot.mouseClick(bold, Qt.MouseButton.LeftButton)
    assert bold.isChecked()
    editor.commit()
    wait_saved(qtbot, workspace)

    case = find_case(demo_window.folder, PEER_REVIEW)
    assert get_answers(demo_window.folder, case)[RATIONALE] == TYPED.replace("conservative", "**conservative**")
    printed = words_and_fonts(draft_report(demo_window.folder, case))
    sentence = [w for w, _ in printed]
    start = next(i for i in range(len(sentence)) if sentence[i : i + 3] == ["The", "claimant", "completed"])
    typed = printed[start : start + len(TYPED.split())]
    assert [w for w, _ in typed] == [w.strip(".") for w in TYPED.split()]
    bold_words = [w for w, font in typed if "Bold" in font]
    assert bold_words == ["conservative"], typed


def medical_speller() -> Spelling:
    speller = Spelling(None, ["Ortega"])
    if speller.unavailable:  # make setup installs Enchant and the dictionaries: this is a broken setup
        pytest.fail(speller.unavailable)
    return speller


def long_text(qtbot: Any, speller: Spelling | None = None) -> LongTextEditor:
    spec = FieldSpec("rationale", "Rationale", FieldType.LONG_TEXT)
    editor = create_editor(AnswerField(id="q1.rationale", spec=spec, label=spec.label, required=False))
    assert isinstance(editor, LongTextEditor)
    qtbot.addWidget(editor)
    editor.set_checker(speller)
    editor.resize(600, 300)
    editor.show()
    return editor


def underlined(editor: LongTextEditor) -> list[str]:
    """The words shown with a spell-check underline."""
    out = []
    block = editor.edit.document().begin()
    while block.isValid():
        for piece in block.layout().formats():
            if piece.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
                out.append(block.text()[piece.start : piece.start + piece.length])
        block = block.next()
    return out


def test_a_misspelled_word_is_underlined_and_a_suggestion_replaces_it(qtbot: Any) -> None:
    editor = long_text(qtbot, medical_speller())
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "Ms. Ortega has lumbar radiculopahty treated with gabapentin and duloxetine.")
    # Drug names, anatomy and the claimant's name are words; only the misspelling is underlined.
    assert underlined(editor) == ["radiculopahty"]

    cursor = editor.edit.document().find("radiculopahty")
    where = editor.edit.cursorRect(QTextCursor(cursor.block())).center()
    where.setX(editor.edit.cursorRect(cursor).center().x() - 5)
    menu = editor.edit.context_menu(where)
    suggestions = [a for a in menu.actions() if a.objectName() == "spellingSuggestion"]
    assert suggestions[0].text() == "radiculopathy"
    suggestions[0].trigger()
    menu.deleteLater()

    assert editor.value() == "Ms. Ortega has lumbar radiculopathy treated with gabapentin and duloxetine."
    assert underlined(editor) == []


def test_add_to_my_dictionary_keeps_the_word_in_the_data_folder(qtbot: Any, tmp_path: Path) -> None:
    folder = open_data_folder(tmp_path / "data")
    try:
        editor = long_text(qtbot, Spelling(folder))
        editor.edit.setFocus()
        qtbot.keyClicks(editor.edit, "Seen at Brightwater clinic.")
        assert underlined(editor) == ["Brightwater"]
        where = editor.edit.cursorRect(editor.edit.document().find("Brightwater")).center()
        where.setX(where.x() - 5)
        menu = editor.edit.context_menu(where)
        next(a for a in menu.actions() if a.objectName() == "addToDictionary").trigger()
        menu.deleteLater()
        assert underlined(editor) == []
        assert Spelling(folder).check("Brightwater")  # the next case knows it too
    finally:
        folder.close()


def test_paste_from_a_web_page_keeps_bold_and_lists_but_no_html(qtbot: Any) -> None:
    editor = long_text(qtbot)
    mime = QMimeData()
    mime.setHtml(
        '<p style="color:red">Findings: <b>tender</b> <a href="http://x">L4-5</a><script>bad()</script></p>'
        "<ol><li>MRI</li><li><em>EMG</em></li></ol><img src=x onerror=alert(1)>"
    )
    editor.edit.insertFromMimeData(mime)
    assert editor.value() == "Findings: **tender** L4-5\n1. MRI\n2. *EMG*"


def test_an_older_plain_answer_shows_as_typed_and_reads_the_same_once_saved(qtbot: Any) -> None:
    older = "First paragraph, line one.\nLine two, 2 * 3 levels.\n\nSecond paragraph: C:\\records"
    editor = long_text(qtbot)
    edits: list[Any] = []
    editor.edited.connect(lambda *args: edits.append(args))
    editor.set_value(older)
    assert editor.edit.toPlainText() == older
    assert edits == []  # showing it saves nothing
    assert parse_narrative(editor.value()) == parse_narrative(older)
    assert plain_text(editor.value()) == older


def test_lists_from_the_toolbar_are_stored_as_list_items(qtbot: Any) -> None:
    editor = long_text(qtbot)
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "Records reviewed")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    editor.findChild(QToolButton, "formatNumbers").click()
    qtbot.keyClicks(editor.edit, "MRI")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.edit, "EMG")
    assert editor.value() == "Records reviewed\n1. MRI\n2. EMG"


def test_without_the_dictionaries_the_app_says_so_once_and_the_field_works_unchecked(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reviewer_app.services.spelling as spelling
    import reviewer_app.ui.phrase_library_dialog as libraries_module

    monkeypatch.setattr(spelling, "_dictionaries", lambda: ([], spelling.MISSING_ENGLISH))
    monkeypatch.setattr(libraries_module, "_SAID_SPELLING_OFF", False)
    folder = open_data_folder(tmp_path / "data")
    try:
        ensure_demo_cases(folder)
        said: list[str] = []
        case = find_case(folder, PEER_REVIEW)
        first = libraries_module.Libraries(folder, case, said.append)
        editor = long_text(qtbot)
        editor.set_libraries(first)
        libraries_module.Libraries(folder, case, said.append).spelling()  # another case opened
        assert said == [spelling.MISSING_ENGLISH]
        assert "hunspell-en-us" in said[0]

        editor.edit.setFocus()
        qtbot.keyClicks(editor.edit, "Teh claimant")
        assert underlined(editor) == []
        assert editor.value() == "Teh claimant"
    finally:
        folder.close()


def test_the_keys_format_while_the_text_has_the_focus(qtbot: Any) -> None:
    editor = long_text(qtbot)
    editor.activateWindow()
    editor.edit.setFocus()
    qtbot.waitUntil(editor.edit.hasFocus, timeout=3000)
    qtbot.keyClicks(editor.edit, "Lumbar strain")
    select_word(editor, "strain")
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.edit, Qt.Key.Key_B, ctrl_shift)  # Ctrl+B stays the workspace's key pages
    select_word(editor, "Lumbar")
    qtbot.keyClick(editor.edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert editor.value() == "*Lumbar* **strain**"
    assert editor.edit.hasFocus()
