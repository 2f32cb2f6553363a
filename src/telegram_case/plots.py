"""The course's figure conventions: titled, labelled with units, sourced, colour-blind safe.

Every figure function returns a :class:`Chart`: the matplotlib figure plus a
text alternative.
In JupyterLab a Chart shows as an image with that text as its ``alt`` and as a
visible caption; in a plain-text front end it shows the text alternative.
Colours come from the Okabe–Ito palette, designed to stay distinguishable
with the common colour-vision deficiencies; lines also differ by marker and
style, so no figure relies on colour alone.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

__all__ = [
    "NO_MATH",
    "PALETTE",
    "Chart",
    "finish_figure",
    "new_figure",
    "require_columns",
    "stacked_bars",
    "use_course_style",
]

# JupyterLab typesets $...$ in HTML output as LaTeX, which turns "$850 M at $0.37" into
# italic maths; HTML the course shows carries this class to opt out.
NO_MATH = "tex2jax_ignore mathjax_ignore"

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
_CYCLE = [
    PALETTE[k]
    for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black")
]


def use_course_style() -> None:
    """Apply the course's matplotlib defaults (palette, sizes, no top/right spines)."""
    matplotlib.rcParams.update(
        {
            "axes.prop_cycle": matplotlib.cycler(color=_CYCLE),
            "figure.figsize": (8.0, 4.5),
            "figure.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "font.size": 10,
        }
    )


@dataclass
class Chart:
    """A figure with its text alternative.

    Attributes
    ----------
    figure
        The matplotlib figure (title, axis labels with units, source line).
    alt_text
        What the figure shows, in words, for readers who cannot see it.
    """

    figure: Figure
    alt_text: str

    def png(self) -> bytes:
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = self.png()
        encoded = base64.b64encode(png).decode("ascii")
        alt = html.escape(self.alt_text, quote=True)
        figure_html = (
            f'<figure class="{NO_MATH}">'
            f'<img src="data:image/png;base64,{encoded}" alt="{alt}" '
            'style="max-width:100%"/>'
            f"<figcaption><strong>Text alternative:</strong> {html.escape(self.alt_text)}"
            "</figcaption></figure>"
        )
        return {
            "text/html": figure_html,
            "image/png": encoded,
            "text/plain": f"[Figure] {self.alt_text}",
        }


def finish_figure(fig: Figure, ax, *, title: str, source_ids, note: str = "") -> None:
    """Give a figure its title and its source line (the source ids it was drawn from)."""
    # parse_math=False: a "$" in a title or note is a dollar sign, not mathtext.
    ax.set_title(title, loc="left", fontweight="bold", parse_math=False)
    ids = ", ".join(sorted(set(source_ids)))
    line = textwrap.fill(
        f"Source: course data ({ids}); see data/sources.csv. {note}".strip(), width=120
    )
    fig.text(0.01, -0.02, line, fontsize=7, va="top", ha="left", parse_math=False)
    fig.tight_layout()


def new_figure(size: tuple[float, float] | None = None):
    """A course-styled figure with one axes, ``size`` inches (width, height) or the default."""
    # A bare Figure, not pyplot: nothing is drawn twice and no GUI backend is needed.
    rc = matplotlib.rcParams
    fig = Figure(figsize=size or rc["figure.figsize"], dpi=rc["figure.dpi"])
    return fig, fig.add_subplot()


def reference_line(ax, value, colour: str, label=None, *, vertical=False, style="--", width=None):
    """A line across the axes at ``value`` (a price paid, a break-even, a date): dashed, in
    ``colour`` (a :data:`PALETTE` name), horizontal unless ``vertical``."""
    line = {"linewidth": width} if width is not None else {}
    draw = ax.axvline if vertical else ax.axhline
    draw(value, color=PALETTE[colour], linestyle=style, label=label, **line)


def reported_series(ax, x, y, label: str) -> None:
    """Reported figures, drawn alike in every chart: blue dots joined by a line."""
    ax.plot(x, y, marker="o", color=PALETTE["blue"], label=label)


def stacked_bars(ax, names, segments, *, horizontal: bool = False) -> np.ndarray:
    """Bars stacked segment on segment, outlined in black; return each bar's total.

    ``segments`` are (sizes, label, colour, hatch), one size per name, drawn
    upwards (or, with ``horizontal``, rightwards from the left) in order.
    """
    draw, offset = (ax.barh, "left") if horizontal else (ax.bar, "bottom")
    base = np.zeros(len(names))
    for sizes, label, colour, hatch in segments:
        draw(
            names,
            sizes,
            color=colour,
            hatch=hatch,
            edgecolor=PALETTE["black"],
            label=label,
            **{offset: base},
        )
        base = base + np.asarray(sizes, dtype="float64")
    return base


def require_columns(frame: pd.DataFrame, name: str, columns) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} should be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {missing}")
