"""Tests of the shared figure helpers in telegram_case.plots."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_hex

from telegram_case import plots
from telegram_case.plots import PALETTE, new_figure, stacked_bars

SEGMENTS = [
    ([1.0, 2.0], "first", PALETTE["blue"], ""),
    ([3.0, 0.5], "second", PALETTE["orange"], "//"),
]


def test_new_figure_takes_a_size_in_inches():
    """Does new_figure give the figure the size asked for, and the course default otherwise?"""
    fig, ax = new_figure((8.5, 3.4))
    assert tuple(fig.get_size_inches()) == (8.5, 3.4)
    assert ax.figure is fig
    default, _ = new_figure()
    assert tuple(default.get_size_inches()) == tuple(matplotlib.rcParams["figure.figsize"])


@pytest.mark.parametrize("horizontal", [False, True])
def test_stacked_bars_stack_each_segment_on_the_last(horizontal):
    """Does each segment start where the one before it ends, and are the totals returned?"""
    _, ax = new_figure()
    totals = stacked_bars(ax, ["a", "b"], SEGMENTS, horizontal=horizontal)
    np.testing.assert_allclose(totals, [4.0, 2.5])
    bars = ax.patches
    assert len(bars) == 4
    start = (lambda bar: bar.get_x()) if horizontal else (lambda bar: bar.get_y())
    size = (lambda bar: bar.get_width()) if horizontal else (lambda bar: bar.get_height())
    assert [start(bar) for bar in bars] == [0.0, 0.0, 1.0, 2.0]
    assert [size(bar) for bar in bars] == [1.0, 2.0, 3.0, 0.5]
    assert [to_hex(bar.get_edgecolor()) for bar in bars] == [PALETTE["black"]] * 4
    assert [bar.get_hatch() or "" for bar in bars] == ["", "", "//", "//"]
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["first", "second"]


def test_reference_lines_and_reported_series_follow_the_house_style():
    _, ax = plots.new_figure()
    plots.reference_line(ax, 3, "vermillion", "Break-even", vertical=True, style=":")
    plots.reference_line(ax, 5, "black")
    plots.reported_series(ax, [1, 2], [4, 6], "Reported")
    vertical, horizontal, series = ax.lines
    assert list(vertical.get_xdata()) == [3, 3] and vertical.get_linestyle() == ":"
    assert vertical.get_color() == plots.PALETTE["vermillion"]
    assert list(horizontal.get_ydata()) == [5, 5] and horizontal.get_linestyle() == "--"
    assert horizontal.get_label().startswith("_")  # no label: not in the legend
    assert (series.get_marker(), series.get_color(), series.get_label()) == (
        "o",
        plots.PALETTE["blue"],
        "Reported",
    )
