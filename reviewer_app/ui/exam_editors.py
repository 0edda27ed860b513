"""Editors of the IME examination by side: range of motion in bilateral rows, strength and reflexes left and right.

They edit the same table answers as the generic table editor (one stored row per side, see
``domain/range_of_motion.py`` and ``domain/bilateral.py``) and show them as the physician examines: one
line per motion or muscle group, left beside right, the normal filled from the AMA Guides' values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
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

from reviewer_app.domain.bilateral import SideBySide, side_by_side, stored_rows
from reviewer_app.domain.forms import (
    AnswerField,
    FieldSpec,
    FieldType,
    choice_label,
    display_text,
    parse_cell,
    validate_value,
)
from reviewer_app.domain.range_of_motion import (
    READING_COLUMNS,
    MotionRow,
    answer_from_rows,
    deficits,
    joints,
    motions,
    normal_motion,
    parse_readings,
    readings_text,
    rows_from_answer,
)
from reviewer_app.ui.compound_editors import ColumnFitter
from reviewer_app.ui.field_editor import FieldEditor

JOINT, MOTION, LEFT_COLUMN, RIGHT_COLUMN, NORMAL = range(5)
_ROM_HEADINGS = ("Joint or region", "Motion", "Left", "Right", "Normal (°)")
_ROM_TIPS = (
    "The joint or spinal region, e.g. Lumbar spine",
    "The motion, e.g. Flexion",
    "Up to three measurements of the left side in degrees, e.g. 150, 155, 152; the greatest is used",
    "Up to three measurements of the right side in degrees; the greatest is used",
    "Full motion in degrees: filled from the AMA Guides' values for the joint and motion; type another to override",
)
_MIDLINE = "midline"  # the item data of a row whose readings sit in one cell spanning Left and Right


def _plain_table(columns: int, name: str) -> QTableWidget:
    table = QTableWidget(0, columns, objectName=name)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setWordWrap(False)
    return table


class _ComboDelegate(QStyledItemDelegate):
    """Drop-down lists for some columns (editable ones take any text too), line edits for the others."""

    def __init__(self, options: dict[int, Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options  # column -> list of texts, or a callable(row) giving them; editable when a callable

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        given = self.options.get(index.column())
        if given is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        editable = callable(given)
        combo.setEditable(editable)
        combo.addItems(list(given(index.row()) if editable else given))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            text = str(index.data() or "")
            found = editor.findText(text, Qt.MatchFlag.MatchFixedString)
            if found >= 0:
                editor.setCurrentIndex(found)
            elif editor.isEditable():
                editor.setEditText(text)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


def _buttons(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class RangeOfMotionEditor(FieldEditor):
    """Range of motion in bilateral rows: joint, motion, up to three readings left and right, the normal.

    The normal fills from the AMA Guides' values when the joint and motion are named (and can be typed
    over); a motion of the midline (spinal flexion) has one cell for its readings. The deficits are shown
    under the table as they are typed. The value is the form's table, one row per side measured.
    """

    def _build(self) -> None:
        self.table = _plain_table(len(_ROM_HEADINGS), "romTable")
        self.table.setHorizontalHeaderLabels(list(_ROM_HEADINGS))
        for column, tip in enumerate(_ROM_TIPS):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(tip)
        self.fitter = ColumnFitter(self.table, grow=(LEFT_COLUMN, RIGHT_COLUMN))
        self.table.setItemDelegate(
            _ComboDelegate({JOINT: lambda _row: joints(), MOTION: self._motion_names}, self.table)
        )
        self.table.itemChanged.connect(self._item_changed)
        self.add_button = QPushButton("Add row", objectName="addRow")
        self.add_button.setToolTip(f"Add a motion to {self.field.label}")
        self.add_button.clicked.connect(lambda: self.add_motion("", ""))
        self.joint_button = QToolButton(objectName="addJointMotions", text="Add a joint's motions")
        self.joint_button.setToolTip("Add a row for every motion of a joint, its normal filled in")
        self.joint_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.joint_button)
        for joint in joints():
            menu.addAction(joint, lambda j=joint: self.add_joint(j))
        self.joint_button.setMenu(menu)
        self.remove_button = QPushButton("Remove row", objectName="removeRow")
        self.remove_button.setToolTip("Remove the selected motion")
        self.remove_button.clicked.connect(self.remove_row)
        self.deficits = QLabel(objectName="romDeficits")
        self.deficits.setWordWrap(True)
        self.deficits.setTextFormat(Qt.TextFormat.PlainText)
        self.deficits.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.deficits.setProperty("computedValue", True)
        self.deficits.setStyleSheet("font-weight: 600; padding: 2px 0;")
        self._cell_problems: list[str] = []
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(_buttons(self.add_button, self.joint_button, self.remove_button))
        column.addWidget(self.deficits)
        self.body.addLayout(column)
        self._focus(self.table)
        self._show_deficits()

    # -- rows -----------------------------------------------------------------------------------------

    def _motion_names(self, row: int) -> list[str]:
        item = self.table.item(row, JOINT)
        return [m.motion for m in motions(item.text() if item is not None else "")]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _set(self, row: int, column: int, text: str) -> None:
        item = self.table.item(row, column)
        if item is None:
            self.table.setItem(row, column, QTableWidgetItem(text))
        elif item.text() != text:
            item.setText(text)

    def _insert(self, row_value: MotionRow) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(_ROM_HEADINGS)):
            self.table.setItem(row, column, QTableWidgetItem(""))
        self._set(row, JOINT, row_value.joint)
        self._set(row, MOTION, row_value.motion)
        self._set(row, NORMAL, f"{row_value.normal:g}" if row_value.normal is not None else "")
        self._shape(row, not row_value.sided)
        if row_value.sided:
            self._set(row, LEFT_COLUMN, readings_text(row_value.left))
            self._set(row, RIGHT_COLUMN, readings_text(row_value.right))
        else:
            self._set(row, LEFT_COLUMN, readings_text(row_value.midline))
        return row

    def _is_midline(self, row: int) -> bool:
        return self.table.columnSpan(row, LEFT_COLUMN) > 1

    def _shape(self, row: int, midline: bool) -> None:
        """One readings cell spanning Left and Right for a midline motion, two cells otherwise."""
        if midline == self._is_midline(row):
            return
        self.table.setSpan(row, LEFT_COLUMN, 1, 2 if midline else 1)
        cell = self.table.item(row, LEFT_COLUMN)
        if cell is not None:
            cell.setToolTip("Up to three measurements in degrees (a motion of the midline)" if midline else "")
            cell.setData(Qt.ItemDataRole.UserRole, _MIDLINE if midline else None)
        if midline:
            self._set(row, RIGHT_COLUMN, "")

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._setting:
            return
        row, column = item.row(), item.column()
        if column in (JOINT, MOTION):
            known = normal_motion(self._text(row, JOINT), self._text(row, MOTION))
            was = self._setting
            self._setting = True
            try:
                if known is not None:
                    if not self._text(row, NORMAL):
                        self._set(row, NORMAL, f"{known.degrees:g}")
                    self._shape(row, not known.sided)
                else:
                    self._shape(row, False)
            finally:
                self._setting = was
        self._changed()
        self._show_deficits()

    def add_motion(self, joint: str, motion: str) -> None:
        """Add a row for ``motion`` of ``joint`` (empty: a blank row), its normal filled, and select its first cell."""
        known = normal_motion(joint, motion) if joint and motion else None
        was = self._setting
        self._setting = True
        try:
            row = self._insert(MotionRow(joint, motion, normal=known.degrees if known else None))
        finally:
            self._setting = was
        self.table.setCurrentCell(row, JOINT if not joint else LEFT_COLUMN)
        self._show_deficits()

    def add_joint(self, joint: str) -> None:
        """Add a row for every motion of ``joint`` the Guides' values know."""
        for motion in motions(joint):
            self.add_motion(motion.joint, motion.motion)

    def remove_row(self) -> None:
        """Remove the current row (the last when none is current) and save."""
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._changed()
            self._show_deficits()

    def set_readings(self, row: int, left: str = "", right: str = "") -> None:
        """Type ``left`` and ``right`` readings into ``row`` as the physician would (a midline row takes ``left``)."""
        self._set(row, LEFT_COLUMN, left)
        if not self._is_midline(row):
            self._set(row, RIGHT_COLUMN, right)

    def rows(self) -> list[MotionRow]:
        """The bilateral rows on screen, readings parsed (what cannot be read is left out and named as a problem)."""
        out: list[MotionRow] = []
        self._cell_problems = []
        for row in range(self.table.rowCount()):
            joint, motion = self._text(row, JOINT), self._text(row, MOTION)
            what = " ".join(p for p in (joint, motion.lower()) if p) or f"row {row + 1}"
            sides: dict[str, tuple[float, ...]] = {}
            for column, side in ((LEFT_COLUMN, "left"), (RIGHT_COLUMN, "right")):
                readings, problem = parse_readings(self._text(row, column))
                if problem:
                    self._cell_problems.append(
                        f"{what}, {side if not self._is_midline(row) else 'measured'}: {problem}"
                    )
                sides[side] = readings
            normal_text = self._text(row, NORMAL)
            normal_reading = parse_cell(FieldSpec("normal", "Normal", FieldType.NUMBER, minimum=0, maximum=360),
                                        normal_text)  # fmt: skip
            if normal_reading.problem:
                self._cell_problems.append(f"{what}, normal: {normal_reading.problem}")
            normal = normal_reading.value if isinstance(normal_reading.value, float) else None
            if self._is_midline(row):
                out.append(MotionRow(joint, motion, midline=sides["left"], normal=normal))
            else:
                out.append(MotionRow(joint, motion, sides["left"], sides["right"], normal=normal))
        return out

    def _show_deficits(self) -> None:
        lines = self.deficit_lines()
        if len(lines) == 1:
            self.deficits.setText(f"Deficit: {lines[0]}")
        else:
            self.deficits.setText("Deficits:\n" + "\n".join(lines) if lines else "")
        self.deficits.setAccessibleName(self.deficits.text())
        self.deficits.setVisible(bool(lines) and getattr(self, "_deficits_below", True))

    def show_deficits_below(self, shown: bool) -> None:
        """Show the deficits under the table (the default) or not, where they are shown beside it."""
        self._deficits_below = shown
        self._show_deficits()

    def deficit_lines(self) -> list[str]:
        """The deficits shown under the table, one line per measured motion."""
        return [d.text() for d in deficits(self.rows())]

    # -- FieldEditor ----------------------------------------------------------------------------------

    def value(self) -> list[dict[str, Any]] | None:
        return answer_from_rows(self.rows()) or None

    @classmethod
    def fits(cls, spec: FieldSpec) -> bool:
        """Whether ``spec`` is a range-of-motion table this editor can store (joint, motion, side, readings)."""
        ids = {c.id for c in spec.columns}
        return spec.type is FieldType.TABLE and {"joint", "motion", "side", *READING_COLUMNS, "normal"} <= ids

    def _check(self, value: Any) -> str | None:
        if self._cell_problems:
            return self._cell_problems[0]
        return validate_value(self.field, value)

    def _changed(self) -> None:
        super()._changed()
        # A reading that cannot be read leaves the value as it was: its problem is shown all the same.
        self._set_own_problem(self._check(self.value()))

    def commit(self) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:
            current = self.table.currentIndex()
            self.table.setCurrentIndex(QModelIndex())
            self.table.setCurrentIndex(current)
        self._changed()

    def _show(self, value: Any) -> None:
        self.table.clearSpans()
        self.table.setRowCount(0)
        for row in rows_from_answer(value):
            self._insert(row)
        self._show_deficits()
        self.fitter.fit()


class SideBySideEditor(FieldEditor):
    """A table stored one row per side (strength, reflexes) shown as one line per name: name, left, right.

    The name is the table's first column, the grade the column after ``side``; grades are chosen from
    the column's choices or whole numbers in its range.
    """

    def _build(self) -> None:
        columns = list(self.spec.columns)
        self.name_column: FieldSpec = columns[0]
        after_side = [c for c in columns[columns.index(next(c for c in columns if c.id == "side")) + 1 :]]
        self.grade_column: FieldSpec = after_side[0]
        self.grades = self._grade_texts(self.grade_column)
        self.table = _plain_table(3, "sideBySideTable")
        grade = self.grade_column.label
        self.table.setHorizontalHeaderLabels(
            [self.name_column.label, f"Left {grade.lower()}", f"Right {grade.lower()}"]
        )
        for column, tip in enumerate((self.name_column.label, f"{grade}, left side", f"{grade}, right side")):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(tip)
        self.fitter = ColumnFitter(self.table, grow=(1, 2))
        self.table.setItemDelegate(_ComboDelegate({1: ["", *self.grades], 2: ["", *self.grades]}, self.table))
        self.table.itemChanged.connect(lambda _item: self._setting or self._changed())
        self.add_button = QPushButton("Add row", objectName="addRow")
        self.add_button.setToolTip(f"Add a row to {self.field.label}")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("Remove row", objectName="removeRow")
        self.remove_button.setToolTip("Remove the selected row")
        self.remove_button.clicked.connect(self.remove_row)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(_buttons(self.add_button, self.remove_button))
        self.body.addLayout(column)
        self._focus(self.table)

    @classmethod
    def fits(cls, spec: FieldSpec) -> bool:
        """Whether ``spec`` is a table of a name, a side and a grade after it."""
        ids = [c.id for c in spec.columns]
        return spec.type is FieldType.TABLE and "side" in ids[1:-1]

    @staticmethod
    def _grade_texts(spec: FieldSpec) -> Sequence[str]:
        if spec.type is FieldType.CHOICE:
            return [choice_label(spec, c.value) for c in spec.choices]
        low = int(spec.minimum) if spec.minimum is not None else 0
        high = int(spec.maximum) if spec.maximum is not None else 5
        return [str(n) for n in range(low, high + 1)]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _insert(self, line: SideBySide) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(line.name))
        for column, grade in ((1, line.left), (2, line.right)):
            shown = "" if grade is None else display_text(self.grade_column, grade, with_unit=False)
            self.table.setItem(row, column, QTableWidgetItem(shown))
        return row

    def add_row(self, name: str = "") -> None:
        """Add a line (named ``name``) and select its first cell."""
        was = self._setting
        self._setting = True
        try:
            row = self._insert(SideBySide(name))
        finally:
            self._setting = was
        self.table.setCurrentCell(row, 0 if not name else 1)

    def set_grades(self, row: int, left: str = "", right: str = "") -> None:
        """Choose the left and right grades of ``row`` as the physician would."""
        for column, text in ((1, left), (2, right)):
            item = self.table.item(row, column)
            if item is not None:
                item.setText(text)

    def remove_row(self) -> None:
        """Remove the current line (the last when none is current) and save."""
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def lines(self) -> list[SideBySide]:
        """The lines on screen, grades read by the grade column's type."""
        out = []
        for row in range(self.table.rowCount()):
            grades = [parse_cell(self.grade_column, self._text(row, column)).value for column in (1, 2)]
            out.append(SideBySide(self._text(row, 0), grades[0], grades[1]))
        return out

    def value(self) -> list[dict[str, Any]] | None:
        return stored_rows(self.lines(), self.name_column.id, self.grade_column.id) or None

    def commit(self) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:
            current = self.table.currentIndex()
            self.table.setCurrentIndex(QModelIndex())
            self.table.setCurrentIndex(current)
        self._changed()

    def _show(self, value: Any) -> None:
        self.table.setRowCount(0)
        for line in side_by_side(value, self.name_column.id, self.grade_column.id):
            self._insert(line)
        self.fitter.fit()


#: The exam's tables that have an editor by side, by the form's group ("section.field").
EXAM_EDITORS: dict[str, type[RangeOfMotionEditor] | type[SideBySideEditor]] = {
    "examination.range_of_motion": RangeOfMotionEditor,
    "examination.strength": SideBySideEditor,
    "examination.reflexes_by_side": SideBySideEditor,
}


def exam_editor_for(field: AnswerField) -> type[FieldEditor] | None:
    """The editor by side for an exam table of ``field``'s shape, or None (the generic editor then)."""
    editor = EXAM_EDITORS.get(field.group)
    return editor if editor is not None and editor.fits(field.spec) else None
