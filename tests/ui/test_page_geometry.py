"""Where the viewer puts the pages, checked without a window: plain arithmetic, no QApplication."""

from __future__ import annotations

import pytest

from reviewer_app.ui.page_geometry import (
    MARGIN,
    MAX_ZOOM,
    MIN_ZOOM,
    PAGE_GAP,
    SIDE_MARGIN,
    PageLayout,
    ZoomMode,
    clamp_zoom,
    zoom_step_in,
    zoom_step_out,
)

LETTER = (612.0, 792.0)
A4 = (595.0, 842.0)
LANDSCAPE = (792.0, 612.0)
PPP = 96 / 72  # pixels per point at 100 % on a 96 dpi screen


def test_fit_width_fills_the_viewer_at_1600_by_1000() -> None:
    """The issue: at 1600 x 1000 fit width showed pages at 56-62 %. Given the whole width, a
    letter page is as wide as the viewer, less the hairline margins, not a third narrower."""
    layout = PageLayout([LETTER] * 3, viewport=(1600, 1000), pixels_per_point=PPP)
    for rect in layout.rects:
        assert rect.width == 1600 - 2 * SIDE_MARGIN
        assert rect.x == SIDE_MARGIN
    # 1592 px for 612 pt at 96 dpi: 195 %, not 62 %.
    assert layout.effective_zoom(0) == pytest.approx(1592 / (612 * PPP))
    assert layout.effective_zoom(0) > 1.9


@pytest.mark.parametrize("width", [320, 547, 800, 1366, 1920])
def test_fit_width_gives_every_page_all_but_the_hairline_margins(width: int) -> None:
    layout = PageLayout([LETTER, A4, LANDSCAPE], viewport=(width, 700), pixels_per_point=PPP)
    for rect in layout.rects:
        assert rect.width == width - 2 * SIDE_MARGIN
        assert rect.x >= 0 and rect.right < width
    assert layout.content_width == width


def test_fit_width_is_per_page_so_a_landscape_scan_is_as_wide_as_its_neighbours() -> None:
    layout = PageLayout([LETTER, LANDSCAPE], viewport=(900, 700), pixels_per_point=PPP)
    assert layout.rects[0].width == layout.rects[1].width
    assert layout.rects[1].height < layout.rects[0].height


def test_fit_page_shows_the_whole_page_and_centres_it() -> None:
    layout = PageLayout([LETTER] * 2, viewport=(1600, 1000), mode=ZoomMode.FIT_PAGE, pixels_per_point=PPP)
    first = layout.rects[0]
    assert first.height == 1000 - 2 * MARGIN  # limited by the height
    assert first.width == round(612 * (1000 - 2 * MARGIN) / 792)
    assert first.x == (layout.content_width - first.width) // 2
    # In a tall narrow viewer the width limits it instead.
    narrow = PageLayout([LETTER], viewport=(400, 1400), mode=ZoomMode.FIT_PAGE, pixels_per_point=PPP)
    assert narrow.rects[0].width == 400 - 2 * SIDE_MARGIN


def test_fixed_zoom_is_the_physical_size_times_the_factor_and_centred() -> None:
    layout = PageLayout([LETTER, A4], viewport=(1600, 800), mode=ZoomMode.FIXED, zoom=1.5, pixels_per_point=PPP)
    assert layout.rects[0].width == round(612 * PPP * 1.5)
    assert layout.effective_zoom(1) == pytest.approx(1.5, abs=0.002)
    assert layout.spare_width() == (1600 - layout.content_width) // 2  # narrower than the viewer: centred
    assert layout.origin(0, 40) == (-layout.spare_width(), 40)


def test_pages_are_stacked_with_a_gap_and_the_scroll_range_reaches_the_last() -> None:
    layout = PageLayout([LETTER] * 4, viewport=(600, 500), pixels_per_point=PPP)
    tops = [rect.y for rect in layout.rects]
    assert tops[0] == MARGIN
    assert all(b.y == a.bottom + 1 + PAGE_GAP for a, b in zip(layout.rects, layout.rects[1:], strict=False))
    assert layout.content_height == layout.rects[-1].bottom + 1 + MARGIN
    assert layout.scroll_range() == (0, layout.content_height - 500)
    assert layout.top_of(2) == tops[2] - PAGE_GAP // 2


def test_rotation_turns_the_page_sideways_and_maps_its_points() -> None:
    layout = PageLayout([LETTER], viewport=(1000, 800), mode=ZoomMode.FIXED, zoom=1.0, rotation=90, pixels_per_point=1)
    rect = layout.rects[0]
    assert (rect.width, rect.height) == (792, 612)
    to_content = layout.page_to_content(0)
    # The page's top-left corner goes to the top right when turned clockwise.
    assert to_content.map(0, 0) == pytest.approx((rect.x + 792, rect.y))
    assert to_content.inverse().map(*to_content.map(100, 200)) == pytest.approx((100, 200))


def test_hit_testing_finds_the_page_under_a_point_and_none_in_the_gaps() -> None:
    layout = PageLayout([LETTER] * 3, viewport=(600, 500), pixels_per_point=PPP)
    second = layout.rects[1]
    assert layout.page_at(second.x + 10, second.y + 10) == 1
    assert layout.page_at(second.x + 10, second.y - PAGE_GAP // 2) is None  # between pages
    assert layout.page_at(1, second.y + 10) is None  # in the side margin
    assert layout.nearest_page(second.y - 2) == 1  # the gap belongs to the page below
    assert layout.nearest_page(10**9) == 2


def test_visible_readable_and_current_pages() -> None:
    layout = PageLayout([LETTER] * 5, viewport=(600, 500), pixels_per_point=PPP)
    page_height = layout.rects[0].height
    # Scrolled so that page 2 starts a quarter down the viewport: page 1's tail and page 2's head.
    origin = layout.origin(0, layout.rects[1].bottom - 125)
    visible = layout.visible_pages(origin)
    assert [v.page for v in visible] == [1, 2]
    assert layout.most_visible_page(origin) == 2
    # Neither is half visible, and neither fills half the viewport... except page 2 (363 px of 500).
    assert layout.readable_pages(origin) == [2]
    assert page_height > 500


def test_readable_page_zoomed_taller_than_two_screens() -> None:
    layout = PageLayout([LETTER], viewport=(600, 300), mode=ZoomMode.FIXED, zoom=4.0, pixels_per_point=PPP)
    origin = layout.origin(0, 800)
    assert layout.readable_pages(origin) == [0]  # never half visible, yet being read


def test_zoom_steps_and_limits() -> None:
    assert zoom_step_in(1.0) == 1.1
    assert zoom_step_out(1.0) == 0.9
    assert zoom_step_in(0.62) == 0.67  # from a fit-width zoom to the next level
    assert zoom_step_in(MAX_ZOOM) == MAX_ZOOM
    assert zoom_step_out(MIN_ZOOM) == MIN_ZOOM
    assert clamp_zoom(100) == MAX_ZOOM and clamp_zoom(0) == MIN_ZOOM


def test_no_pages_lays_out_nothing() -> None:
    layout = PageLayout([], viewport=(600, 500))
    assert len(layout) == 0
    assert layout.page_at(10, 10) is None
    assert layout.visible_pages((0, 0)) == []
    assert layout.scroll_range() == (0, 0)
