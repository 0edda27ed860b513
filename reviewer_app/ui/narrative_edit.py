"""The long-text editor's text box: formatted narrative (bold, italic, lists), safe paste, spell check.

The document is read into the domain's blocks (domain/narrative.py) and stored as its markup; only
bold, italic, bulleted and numbered lists and line breaks survive, whatever the document holds. A
paste is reduced to the same subset first (clipboard HTML through
:func:`~reviewer_app.domain.narrative.narrative_from_html`), so no HTML from Word or a web page is
ever stored.

Keys: Bold Ctrl+Shift+B (Ctrl+B is the workspace's "Add to key pages"), Italic Ctrl+I, bulleted list
Ctrl+Shift+8, numbered list Ctrl+Shift+7 (as in Word).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QKeySequence,
    QShortcut,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextList,
    QTextListFormat,
)
from PySide6.QtWidgets import QHBoxLayout, QMenu, QTextEdit, QToolButton, QWidget

from reviewer_app.domain.narrative import (
    Block,
    BlockKind,
    Run,
    format_narrative,
    narrative_from_html,
    parse_narrative,
)
from reviewer_app.ui.spell_highlighter import Checker, SpellHighlighter

BOLD_KEY = "Ctrl+Shift+B"
ITALIC_KEY = "Ctrl+I"
BULLETS_KEY = "Ctrl+Shift+8"
NUMBERS_KEY = "Ctrl+Shift+7"
_LINE_SEPARATOR = "\u2028"  # Shift+Enter in a QTextEdit


def document_blocks(document: QTextDocument) -> list[Block]:
    """The narrative ``document`` shows: only text, bold, italic and list membership are read."""
    out: list[Block] = []
    block = document.begin()
    while block.isValid():
        text = block.text()
        runs: list[Run] = []
        for piece in block.textFormats():
            font = piece.format.font()
            runs.append(Run(text[piece.start : piece.start + piece.length], font.bold(), font.italic()))
        text_list = block.textList()
        if text_list is not None:
            numbered = text_list.format().style() in _NUMBER_STYLES
            kind = BlockKind.NUMBERED if numbered else BlockKind.BULLET
            number = text_list.format().start() + text_list.itemNumber(block) if numbered else 0
            flat = tuple(Run(r.text.replace(_LINE_SEPARATOR, " "), r.bold, r.italic) for r in runs)
            out.append(Block(kind, flat, number))
        else:
            out += _split_lines(runs)
        block = block.next()
    return out


_NUMBER_STYLES = {
    QTextListFormat.Style.ListDecimal,
    QTextListFormat.Style.ListLowerAlpha,
    QTextListFormat.Style.ListUpperAlpha,
    QTextListFormat.Style.ListLowerRoman,
    QTextListFormat.Style.ListUpperRoman,
}


def _split_lines(runs: list[Run]) -> list[Block]:
    """A paragraph block with Shift+Enter line breaks as one line block per line."""
    lines: list[list[Run]] = [[]]
    for run in runs:
        pieces = run.text.split(_LINE_SEPARATOR)
        for index, piece in enumerate(pieces):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(Run(piece, run.bold, run.italic))
    return [Block(BlockKind.LINE, tuple(line)) for line in lines]


def char_format(bold: bool, italic: bool) -> QTextCharFormat:
    """The character format of a run."""
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    fmt.setFontItalic(italic)
    return fmt


def write_blocks(cursor: QTextCursor, blocks: list[Block], *, start_inline: bool) -> None:
    """Insert ``blocks`` at ``cursor``; the first joins the cursor's block when ``start_inline``."""
    current: QTextList | None = None
    current_kind: BlockKind | None = None
    for index, block in enumerate(blocks):
        if index or not start_inline:
            if index:
                cursor.insertBlock(QTextBlockFormat(), char_format(False, False))
            if block.kind is BlockKind.LINE:
                current, current_kind = None, None
            elif current is not None and current_kind is block.kind:
                current.add(cursor.block())
            else:
                fmt = QTextListFormat()
                if block.kind is BlockKind.NUMBERED:
                    fmt.setStyle(QTextListFormat.Style.ListDecimal)
                    fmt.setStart(max(1, block.number))
                else:
                    fmt.setStyle(QTextListFormat.Style.ListDisc)
                current, current_kind = cursor.createList(fmt), block.kind
        for run in block.runs:
            cursor.insertText(run.text, char_format(run.bold, run.italic))
        if not block.runs:
            cursor.setCharFormat(char_format(False, False))


class NarrativeEdit(QTextEdit):
    """A rich text box that holds a narrative: tells when it loses the focus, extends its context menu."""

    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("narrativeEdit")
        self.setAcceptRichText(True)
        self.setAutoFormatting(QTextEdit.AutoFormattingFlag.AutoNone)
        self.extra_menu: Callable[[QMenu], None] | None = None
        self.highlighter: SpellHighlighter | None = None

    # -- the value --

    def narrative(self) -> str:
        """The stored form of what is on screen (domain/narrative.py)."""
        return format_narrative(document_blocks(self.document()))

    def set_narrative(self, value: str) -> None:
        """Show ``value`` (a narrative or an older plain-text answer); the undo history starts here."""
        document = self.document()
        document.clear()
        write_blocks(QTextCursor(document), parse_narrative(value), start_inline=False)
        document.clearUndoRedoStacks()
        self.moveCursor(QTextCursor.MoveOperation.End)

    # -- paste: reduced to the subset --

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasHtml() or source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:
        cursor = self.textCursor()
        if source.hasHtml():
            blocks = narrative_from_html(source.html())
            cursor.beginEditBlock()
            cursor.removeSelectedText()
            write_blocks(cursor, blocks, start_inline=True)
            cursor.endEditBlock()
        elif source.hasText():
            cursor.insertText(source.text(), char_format(False, False))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # -- spelling --

    def set_checker(self, checker: Checker | None) -> None:
        """Underline misspellings with ``checker`` (None: no spell check)."""
        if self.highlighter is not None:
            self.highlighter.setDocument(None)
            self.highlighter = None
        if checker is not None:
            self.highlighter = SpellHighlighter(self.document(), checker)

    def context_menu(self, position: QPoint) -> QMenu:
        """The context menu at ``position`` (viewport coordinates): suggestions for a misspelled word
        first, then Qt's editing entries and the field's own (the caller shows or deletes it)."""
        menu = self.createStandardContextMenu(position)
        first = menu.actions()[0] if menu.actions() else None
        cursor = self.cursorForPosition(position)
        highlighter = self.highlighter
        word = highlighter.misspelled_at(cursor.block(), cursor.positionInBlock()) if highlighter else None
        if highlighter is not None and word is not None:
            checker = highlighter.checker
            start = cursor.block().position() + word.start
            suggestions = checker.suggest(word.text)
            if first is not None:
                menu.insertSection(first, f"Spelling: “{word.text}”")
            for suggestion in suggestions:
                action = menu.addAction(suggestion)
                action.setObjectName("spellingSuggestion")
                action.triggered.connect(lambda _c=False, s=suggestion: self.replace_word(start, word.text, s))
                menu.insertAction(first, action)
            if not suggestions:
                none = menu.addAction("No suggestions")
                none.setEnabled(False)
                menu.insertAction(first, none)
            add = menu.addAction("Add to my dictionary")
            add.setObjectName("addToDictionary")
            add.triggered.connect(lambda: (checker.add_to_dictionary(word.text), highlighter.recheck()))
            menu.insertAction(first, add)
            ignore = menu.addAction("Ignore")
            ignore.setObjectName("ignoreWord")
            ignore.triggered.connect(lambda: (checker.ignore(word.text), highlighter.recheck()))
            menu.insertAction(first, ignore)
            menu.insertSeparator(first)
        if self.extra_menu is not None:
            menu.addSeparator()
            self.extra_menu(menu)
        return menu

    def replace_word(self, start: int, old: str, new: str) -> None:
        """Replace the word ``old`` at ``start`` with ``new``, keeping its bold or italic (one undo step)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(start + len(old), QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != old:
            return  # the text changed under the menu
        cursor.beginEditBlock()
        fmt = cursor.charFormat()
        cursor.insertText(new, fmt)
        cursor.endEditBlock()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class FormattingBar(QWidget):
    """Bold, Italic, Bullets and Numbers for a :class:`NarrativeEdit`, showing the cursor's formatting."""

    def __init__(self, edit: NarrativeEdit, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formattingBar")
        self.edit = edit
        self.shortcuts: list[QShortcut] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.bold = self._button("formatBold", "B", "Bold", BOLD_KEY, name, self.set_bold)
        self.italic = self._button("formatItalic", "I", "Italic", ITALIC_KEY, name, self.set_italic)
        self.bullets = self._button("formatBullets", "• List", "Bulleted list", BULLETS_KEY, name, self.set_bullets)
        self.numbers = self._button("formatNumbers", "1. List", "Numbered list", NUMBERS_KEY, name, self.set_numbers)
        bold_font = self.bold.font()
        bold_font.setBold(True)
        self.bold.setFont(bold_font)
        italic_font = self.italic.font()
        italic_font.setItalic(True)
        self.italic.setFont(italic_font)
        for button in (self.bold, self.italic, self.bullets, self.numbers):
            layout.addWidget(button)
        layout.addStretch(1)
        edit.cursorPositionChanged.connect(self.follow)
        edit.currentCharFormatChanged.connect(lambda _fmt: self.follow())

    def _button(
        self, name: str, text: str, what: str, key: str, field: str, slot: Callable[[bool], None]
    ) -> QToolButton:
        button = QToolButton(objectName=name, text=text)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolTip(f"{what} ({key})")
        button.setAccessibleName(f"{what} in {field}")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the text keeps the focus (and its selection)
        button.clicked.connect(slot)
        # The key works while the text has the focus (the button never takes it).
        shortcut = QShortcut(QKeySequence(key), self.edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(button.click)
        self.shortcuts.append(shortcut)
        return button

    def follow(self) -> None:
        """Check the buttons that match the formatting at the cursor."""
        fmt = self.edit.currentCharFormat()
        self.bold.setChecked(fmt.font().bold())
        self.italic.setChecked(fmt.fontItalic())
        text_list = self.edit.textCursor().currentList()
        style = text_list.format().style() if text_list is not None else None
        self.numbers.setChecked(style in _NUMBER_STYLES)
        self.bullets.setChecked(style is not None and style not in _NUMBER_STYLES)

    def set_bold(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if on else QFont.Weight.Normal)
        self.edit.mergeCurrentCharFormat(fmt)
        self.edit.setFocus()

    def set_italic(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(on)
        self.edit.mergeCurrentCharFormat(fmt)
        self.edit.setFocus()

    def set_bullets(self, on: bool) -> None:
        self._list(QTextListFormat.Style.ListDisc if on else None)

    def set_numbers(self, on: bool) -> None:
        self._list(QTextListFormat.Style.ListDecimal if on else None)

    def _list(self, style: QTextListFormat.Style | None) -> None:
        """Make the selected blocks a list of ``style``, or plain paragraphs again (None)."""
        cursor = self.edit.textCursor()
        cursor.beginEditBlock()
        current = cursor.currentList()
        if style is None:
            if current is not None:
                for block in _selected_blocks(cursor):
                    if block.textList() is not None:
                        block.textList().remove(block)
                        plain = QTextCursor(block)
                        fmt = block.blockFormat()
                        fmt.setIndent(0)
                        plain.setBlockFormat(fmt)
        elif current is not None:
            fmt = current.format()
            fmt.setStyle(style)
            current.setFormat(fmt)
        else:
            fmt = QTextListFormat()
            fmt.setStyle(style)
            cursor.createList(fmt)
        cursor.endEditBlock()
        self.follow()
        self.edit.setFocus()


def _selected_blocks(cursor: QTextCursor) -> list[QTextBlock]:
    document = cursor.document()
    first = document.findBlock(cursor.selectionStart())
    last = document.findBlock(cursor.selectionEnd())
    blocks = []
    block = first
    while block.isValid():
        blocks.append(block)
        if block == last:
            break
        block = block.next()
    return blocks
