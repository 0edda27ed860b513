"""Editors for the answer fields made of parts: a guideline citation, cited record pages and tables of rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import (
    QDoubleValidator,
    QIntValidator,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.codes import icd10cm
from reviewer_app.domain.forms import (
    GUIDELINE_SOURCES,
    FieldSpec,
    FieldType,
    choice_label,
    citation_text,
    display_text,
    parse_cell,
)
from reviewer_app.domain.phrases import GuidelineCitation
from reviewer_app.ui.field_editor import (
    CHOOSE,
    FieldEditor,
    LibrarySource,
    number_locale,
)


class GuidelineEditor(FieldEditor):
    """A guideline citation: source (MTUS/ACOEM, ODG, …), name, edition and section applied."""

    def _build(self) -> None:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        self.source = QComboBox(objectName="guidelineSource")
        # As narrow as the findings column: a long source name is elided, never pushing the form sideways.
        self.source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source.setMinimumContentsLength(10)
        self.source.addItem(CHOOSE, None)
        for source in GUIDELINE_SOURCES:
            self.source.addItem(source, source)
        self.source.currentIndexChanged.connect(self._changed)
        self.source.setAccessibleName(f"{self.field.label}: source")
        self.name = QLineEdit(objectName="guidelineName")
        self.name.setPlaceholderText("needed for plan policy or other")
        self.edition = QLineEdit(objectName="guidelineEdition")
        self.edition.setPlaceholderText("e.g. 2026")
        self.section = QLineEdit(objectName="guidelineSection")
        self.section.setPlaceholderText("e.g. Low Back: Epidural steroid injections")
        for label, line in (("Name", self.name), ("Edition", self.edition), ("Section", self.section)):
            line.setAccessibleName(f"{self.field.label}: {label.lower()}")
            line.editingFinished.connect(self._changed)
        self.libraries: LibrarySource | None = None
        self.library_button = QToolButton(objectName="guidelineFromLibrary", text="From library")
        self.library_button.setToolTip("Fill this guideline from your guideline library")
        self.library_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.library_menu = QMenu(self.library_button)
        self.library_menu.aboutToShow.connect(self._fill_library_menu)
        self.library_button.setMenu(self.library_menu)
        self.library_button.hide()
        source_row = QHBoxLayout()
        source_row.setContentsMargins(0, 0, 0, 0)
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.library_button)
        form.addRow("Source", source_row)
        form.addRow("Name", self.name)
        form.addRow("Edition", self.edition)
        form.addRow("Section", self.section)
        self.body.addWidget(box)
        self.setFocusProxy(self.source)

    def set_libraries(self, libraries: LibrarySource | None) -> None:
        self.libraries = libraries
        self.library_button.setVisible(libraries is not None)

    def _fill_library_menu(self) -> None:
        menu = self.library_menu
        menu.clear()
        citations = self.libraries.guidelines() if self.libraries is not None else []
        for citation in citations:
            action = menu.addAction(citation.title)
            action.triggered.connect(lambda _checked=False, c=citation: self.use_citation(c))
        if not citations:
            menu.addAction("No guidelines yet").setEnabled(False)
        menu.addSeparator()
        menu.addAction("Edit guideline library…", self._edit_library).setObjectName("editGuidelineLibrary")

    def _edit_library(self) -> None:
        if self.libraries is not None:
            self.libraries.edit_guidelines(self)

    def use_citation(self, citation: GuidelineCitation) -> None:
        """Fill source, name, edition and section from ``citation`` and save (emits ``edited`` once)."""
        self.set_value(citation.answer())
        self._last = None  # so that _changed sees a new value and emits
        self._changed()

    def value(self) -> dict[str, str | None] | None:
        value: dict[str, str | None] = {"source": self.source.currentData()}
        for key, line in (("name", self.name), ("edition", self.edition), ("section", self.section)):
            text = line.text().strip()
            if text:
                value[key] = text
        return None if len(value) == 1 and value["source"] is None else value

    def _show(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        index = self.source.findData(value.get("source")) if value.get("source") else 0
        self.source.setCurrentIndex(max(0, index))
        self.name.setText(str(value.get("name") or ""))
        self.edition.setText(str(value.get("edition") or ""))
        self.section.setText(str(value.get("section") or ""))


class CitationsEditor(FieldEditor):
    """The record pages cited for the answer ("records/x.pdf, p. 3"), added by citing; removable."""

    def _build(self) -> None:
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(objectName="citationList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMaximumHeight(120)
        self.list.setWordWrap(True)
        self.empty = QLabel("No pages cited yet: cite the page on screen (Ctrl+K).", objectName="citationsEmpty")
        self.empty.setWordWrap(True)
        self.remove_button = QPushButton("Remove", objectName="removeCitation")
        self.remove_button.setToolTip("Remove the selected citations from this answer")
        self.remove_button.clicked.connect(self.remove_selected)
        column.addWidget(self.empty)
        column.addWidget(self.list)
        column.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        self.body.addLayout(column)
        self._focus(self.list)
        self._refresh()

    def _refresh(self) -> None:
        has = self.list.count() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        self.remove_button.setEnabled(has)

    def _append(self, citation: dict[str, Any]) -> None:
        item = QListWidgetItem(citation_text(citation))
        item.setData(Qt.ItemDataRole.UserRole, dict(citation))
        self.list.addItem(item)

    def add_citation(self, record: str, page: int) -> None:
        """Cite ``page`` of ``record`` (emits ``edited``); a page already cited is not added twice."""
        current = self.value() or []
        if any(c.get("record") == record and c.get("page") == page for c in current):
            return
        self._append({"record": record, "page": page})
        self._refresh()
        self._changed()

    def remove_selected(self) -> None:
        """Remove the selected citations (emits ``edited``)."""
        rows = sorted((self.list.row(item) for item in self.list.selectedItems()), reverse=True)
        if not rows and self.list.currentRow() >= 0:
            rows = [self.list.currentRow()]
        for row in rows:
            self.list.takeItem(row)
        self._refresh()
        self._changed()

    def value(self) -> list[dict[str, Any]] | None:
        cited = [dict(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]
        return cited or None

    def _show(self, value: Any) -> None:
        self.list.clear()
        for citation in value if isinstance(value, list) else []:
            if isinstance(citation, dict):
                self._append(citation)
        self._refresh()


def _cell_text(column: FieldSpec, value: Any) -> str:
    """How a table cell shows a stored value: as the report prints it, the unit left to the heading."""
    return display_text(column, value, with_unit=False)


def _cell_value(column: FieldSpec, text: str) -> Any:
    """The JSON value of a table cell's text, by the column's type; text that does not convert stays text."""
    return parse_cell(column, text, normalize_code=icd10cm.normalize).value


def fit_columns(table: QTableWidget, grow: Sequence[int] = ()) -> None:
    """Share the table's width among its columns so that none scrolls out of view and no heading is cut.

    A table wider than its view scrolls its columns under the left edge as soon as a cell on the right is
    current, cutting "Lumbar spine" to "umbar spine". So every column gets at least its heading's width
    (the table is never narrower than its headings: below that the findings panel scrolls, nothing is
    cut); the rest of the view goes to the columns whose cells need more, as far as they need it, and
    what is left to the ``grow`` columns (the last one by default). Cells wrap their words and rows grow
    to show them whole.
    """
    count = table.columnCount()
    if count == 0:
        return
    header = table.horizontalHeader()
    heads = [header.sectionSizeHint(i) for i in range(count)]
    wants = [max(heads[i], table.sizeHintForColumn(i)) for i in range(count)]
    rows = table.verticalHeader()
    numbers = rows.sizeHint().width() if not rows.isHidden() else 0
    # At least its headings, up to what the narrowest findings column holds:
    # past that the table scrolls sideways on its own, rather than pushing the whole panel off the screen.
    table.setMinimumWidth(min(sum(heads) + numbers + 2 * table.frameWidth() + 2, TABLE_MIN_WIDTH_CAP))
    available = table.viewport().width()
    if sum(wants) <= available:
        widths = list(wants)
        growing = [i for i in grow if 0 <= i < count] or [count - 1]
        spare = available - sum(wants)
        for n, i in enumerate(growing):
            widths[i] += spare // len(growing) + (1 if n < spare % len(growing) else 0)
    else:
        extra = max(0, available - sum(heads))
        need = [w - h for w, h in zip(wants, heads, strict=True)]
        total = sum(need) or 1
        widths = [h + extra * n // total for h, n in zip(heads, need, strict=True)]
    header.blockSignals(True)
    for i, width in enumerate(widths):
        header.resizeSection(i, width)
    header.blockSignals(False)
    table.resizeRowsToContents()
    # As tall as its rows and one more: every row shows whole, and no empty grey block below a short table.
    spare = rows.defaultSectionSize()
    height = header.height() + rows.length() + spare + 2 * table.frameWidth()
    table.setFixedHeight(max(height, header.height() + 3 * spare))


def _two_lines(heading: str) -> str:
    """A long heading on two lines (at the space nearest its middle): the columns then fit a narrow column.

    The required mark stays with the last word ("Description *" is one line, never "Description" over "*").
    """
    mark = " *" if heading.endswith(" *") else ""
    words = heading[: len(heading) - len(mark)]
    if len(words) <= 12 or " " not in words:
        return heading
    middle = len(words) // 2
    unit = words.rfind(" (")  # a unit in brackets goes under its name: "Whole person" over "(%)"
    cut = unit if unit > 0 else min((i for i, char in enumerate(words) if char == " "), key=lambda i: abs(i - middle))
    return words[:cut] + "\n" + words[cut + 1 :] + mark


TABLE_MIN_WIDTH_CAP = 260  # the findings column is at least 280 px wide (FindingsPanel)


class ColumnFitter(QObject):
    """Fits a table's columns (see :func:`fit_columns`) whenever its view is resized or a cell changes."""

    def __init__(self, table: QTableWidget, grow: Sequence[int] = ()) -> None:
        super().__init__(table)
        self.table = table
        self.grow = tuple(grow)
        self._fitting = False
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        table.setWordWrap(True)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        table.viewport().installEventFilter(self)
        table.itemChanged.connect(lambda _item: self.fit())
        self.fit()

    def fit(self) -> None:
        """Fit the columns to the view now."""
        if self._fitting:
            return  # rows growing can bring the vertical scroll bar, resizing the view while fitting
        self._fitting = True
        try:
            fit_columns(self.table, self.grow)
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False


class _CellDelegate(QStyledItemDelegate):
    """Drop-down lists for choice and yes/no columns, number checks for number columns, text otherwise."""

    def __init__(self, columns: Sequence[FieldSpec], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)

    def _options(self, column: FieldSpec) -> list[str] | None:
        if column.type is FieldType.YES_NO:
            return ["", "Yes", "No"]
        if column.type is FieldType.CHOICE:
            return ["", *(choice_label(column, c.value) for c in column.choices)]
        return None

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        column = self.columns[index.column()]
        options = self._options(column)
        if options is not None:
            combo = QComboBox(parent)
            combo.addItems(options)
            return combo
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            if column.type is FieldType.INTEGER:
                editor.setValidator(QIntValidator(editor))
            elif column.type is FieldType.NUMBER:
                validator = QDoubleValidator(editor)
                validator.setLocale(number_locale())
                validator.setNotation(QDoubleValidator.Notation.StandardNotation)
                editor.setValidator(validator)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findText(str(index.data() or ""))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class TableEditor(FieldEditor):
    """Rows of the field's columns (e.g. medications) with Add row and Remove row; the value is a list of dicts."""

    def _build(self) -> None:
        self.columns = list(self.spec.columns)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.columns), objectName="fieldTable")
        # The unit in the heading, as the report prints it: cells hold the bare number.
        self.table.setHorizontalHeaderLabels(
            [
                _two_lines(c.label + (f" ({c.unit})" if c.unit else "") + (" *" if c.required else ""))
                for c in self.columns
            ]
        )
        for i, spec in enumerate(self.columns):
            header = self.table.horizontalHeaderItem(i)
            if header is not None:
                tip = spec.help or spec.label
                if spec.unit:
                    tip += f" ({spec.unit})"
                header.setToolTip(tip)
        self.table.setItemDelegate(_CellDelegate(self.columns, self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.itemChanged.connect(self._changed)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add row", objectName="addRow")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("Remove row", objectName="removeRow")
        self.remove_button.clicked.connect(self.remove_row)
        self.add_button.setToolTip(f"Add a row to {self.field.label}")
        self.remove_button.setToolTip("Remove the selected row")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column.addWidget(self.table)
        column.addLayout(buttons)
        self.body.addLayout(column)
        self._focus(self.table)
        self.fitter = ColumnFitter(self.table)

    def _insert(self, row_value: Mapping[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for i, spec in enumerate(self.columns):
            self.table.setItem(row, i, QTableWidgetItem(_cell_text(spec, row_value.get(spec.id))))

    def add_row(self) -> None:
        """Add an empty row, select its first cell and emit ``edited``."""
        was = self._setting
        self._setting = True
        try:
            self._insert({})
        finally:
            self._setting = was
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self._changed()

    def remove_row(self) -> None:
        """Remove the current row (the last when none is current) and emit ``edited``."""
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def commit(self) -> None:
        # A cell still being edited holds its text in the delegate's editor: moving the current cell makes the
        # view commit it (itemChanged then saves), as leaving the cell would.
        if self.table.state() == QAbstractItemView.State.EditingState:
            current = self.table.currentIndex()
            self.table.setCurrentIndex(QModelIndex())
            self.table.setCurrentIndex(current)
        self._changed()

    def value(self) -> list[dict[str, Any]] | None:
        rows = []
        for row in range(self.table.rowCount()):
            values = {}
            for i, spec in enumerate(self.columns):
                item = self.table.item(row, i)
                values[spec.id] = _cell_value(spec, item.text() if item is not None else "")
            rows.append(values)
        return rows or None

    def _show(self, value: Any) -> None:
        self.table.setRowCount(0)
        for row in value if isinstance(value, list) else []:
            if isinstance(row, Mapping):
                self._insert(row)
        self.fitter.fit()
