"""What a figure shows a student: the values it marks and the text it writes.

The notebook-quality tests run every untouched student notebook once, as a first *Run
All*; :func:`record_figures`, run in that kernel first, writes one JSON line for every
figure drawn, so a test can look for graded values in charts as it does in text.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

# A line with more points than this is a curve (a model over a range), read only roughly;
# a line with fewer marks values: a reference line, a few points, a short series.
MAX_MARKED_POINTS = 12


def _line_values(line) -> list[float]:
    x, y = (np.asarray(d, dtype=float).ravel() for d in line.get_data())
    if len(x) <= MAX_MARKED_POINTS:
        return [*x, *y]
    every = line.get_markevery()
    if line.get_marker() in (None, "", "None") or not isinstance(every, int):
        return []
    return [*x[::every], *y[::every]]  # the points a marker picks out on a curve


def marked_values(figure: Figure) -> list[float]:
    """The numbers a figure marks: bar edges and lengths, short lines (reference lines,
    a few points), markers on curves and scatter points; not the points of a curve."""
    values = []
    for ax in figure.axes:
        for patch in ax.patches:
            if isinstance(patch, Rectangle):
                x, y, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
                values += [x, y, w, h, x + w, y + h]
        for line in ax.lines:
            try:
                values += _line_values(line)
            except (TypeError, ValueError):  # dates or categories: no values to compare
                continue
        for collection in ax.collections:
            offsets = np.asarray(collection.get_offsets(), dtype=float).ravel()
            values += list(offsets) if len(offsets) <= 2 * MAX_MARKED_POINTS else []
    return [float(v) for v in values if np.isfinite(v)]


def written_text(figure: Figure) -> list[str]:
    """The text a figure writes: titles, axis labels, legends, annotations, notes; not the
    tick labels (a scale's round numbers state nothing). ``figure`` must have been drawn:
    its tick labels get their text then."""
    ticks = {
        id(label)
        for ax in figure.axes
        for axis in (ax.xaxis, ax.yaxis)
        for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]
        for label in (tick.label1, tick.label2)
    }
    texts = [text for text in figure.findobj(Text) if id(text) not in ticks]
    return [text.get_text() for text in texts if text.get_text().strip()]


def record_figures(log: str) -> None:
    """From now on, every figure this kernel renders adds a line to ``log``: the code of the
    cell that drew it, :func:`marked_values` and :func:`written_text`."""
    from IPython import get_ipython
    from matplotlib.backend_bases import FigureCanvasBase

    render, running = FigureCanvasBase.print_figure, {"code": None}

    def note_cell(info) -> None:
        running["code"] = info.raw_cell

    def print_figure(canvas, *args, **kwargs):
        rendered = render(canvas, *args, **kwargs)  # draws the figure: tick labels get text
        seen = {
            "code": running["code"],
            "values": marked_values(canvas.figure),
            "texts": written_text(canvas.figure),
        }
        with Path(log).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(seen) + "\n")
        return rendered

    get_ipython().events.register("pre_run_cell", note_cell)
    FigureCanvasBase.print_figure = print_figure
