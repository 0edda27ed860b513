"""Column widths for the record tables, shared by the PDF and the fax renderers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

# A column whose longest text fits in this share of the width is never wrapped:
# labels such as "Date of exam:" read badly broken over two lines.
_NARROW_SHARE = 0.2


def column_widths(
    rows: Sequence[Sequence[str]],
    measure: Callable[[str], float],
    available: float,
    padding: float,
) -> list[float]:
    """Widths that fill ``available``, much as a browser lays out an automatic table.

    Short columns get their full text width, every other column at least its
    longest word, and the room left goes to the columns with the longest text.
    """
    columns = max(len(row) for row in rows)
    cells = [[row[c] if c < len(row) else "" for row in rows] for c in range(columns)]
    natural = [max(measure(text) for text in column) + 2 * padding for column in cells]
    minimum = [
        max((measure(word) for text in column for word in text.split()), default=0.0) + 2 * padding for column in cells
    ]
    if sum(natural) <= available:
        scale = available / sum(natural)
        return [width * scale for width in natural]
    narrow = [width <= available * _NARROW_SHARE for width in natural]
    widths = [n if is_narrow else m for n, m, is_narrow in zip(natural, minimum, narrow, strict=True)]
    stretch = [0.0 if is_narrow else n - m for n, m, is_narrow in zip(natural, minimum, narrow, strict=True)]
    spare = available - sum(widths)
    if spare < 0 or not any(stretch):
        # Too tight to keep short columns whole: share the room by longest word.
        widths, stretch = list(minimum), [n - m for n, m in zip(natural, minimum, strict=True)]
        spare = available - sum(widths)
        if spare <= 0:
            return [available * width / sum(minimum) for width in minimum]
    total = sum(stretch) or 1.0
    return [w + spare * s / total for w, s in zip(widths, stretch, strict=True)]
