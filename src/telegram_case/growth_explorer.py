"""The growth explorer of notebook 01: scale, sign-up shocks, and the rate between two milestones.

It opens with no interval picked, so its first view answers none of the notebook's
questions; the student picks a start and an end milestone to see the multiple, the
compound growth rate and the doubling time between them. Under nbgrader or any
batch run (``TELEGRAM_CASE_STATIC=1``) it returns that first view as a static
figure and text, so grading never waits for a click.
"""

from __future__ import annotations

import pandas as pd

from . import growth
from .checking import headless
from .growth_figures import growth_chart
from .widgets import StaticView, chart_view, show_chart

__all__ = ["PICK_PROMPT", "growth_explorer", "growth_summary"]

PICK_PROMPT = "Pick a start and an end milestone to see the growth between them."


def growth_summary(users: pd.DataFrame, start, end) -> str:
    """One sentence on MAU growth between two milestone dates (or what to pick next)."""
    if start is None and end is None:
        return PICK_PROMPT
    mau = growth.milestones(users).set_index("date")["value"]
    start, end = (None if d is None else pd.Timestamp(d) for d in (start, end))
    for date in (start, end):
        if date is not None and date not in mau.index:
            raise ValueError(f"{date:%Y-%m-%d} is not a monthly-active-user milestone")
    if end is None:
        return f"From {mau[start]:g} M ({start:%b %Y}): now pick an end milestone."
    if start is None:
        return f"To {mau[end]:g} M ({end:%b %Y}): now pick a start milestone."
    if end <= start:
        return "Pick an end milestone after the start milestone."
    years = growth.years_between(start, end)
    multiple = growth.growth_multiple(mau[start], mau[end])
    rate = growth.cagr(mau[start], mau[end], years)
    return (
        f"From {mau[start]:g} M ({start:%b %Y}) to {mau[end]:g} M ({end:%b %Y}): "
        f"×{multiple:.2f} in {years:.1f} years, a compound growth rate of {rate:.1%} a year "
        f"(doubling every {growth.doubling_time(rate):.1f} years)."
    )


def growth_explorer(users: pd.DataFrame, *, start=None, end=None):
    """Explore MAU growth: scale, sign-up shocks, and the rate between two milestones.

    ``start`` and ``end`` preselect an interval; by default none is picked.
    Returns an ipywidgets box in JupyterLab, or (when headless) the static
    first view: the chart and the summary sentence.
    """
    mau_dates = list(growth.milestones(users)["date"])
    start = pd.Timestamp(start) if start is not None else None
    end = pd.Timestamp(end) if end is not None else None
    if headless():
        highlight = (start, end) if start is not None and end is not None and end > start else None
        return StaticView(
            growth_chart(users, highlight=highlight), growth_summary(users, start, end)
        )

    import ipywidgets as w

    options = [("— pick —", None)] + [(f"{d:%b %Y}", d) for d in mau_dates]
    scale = w.ToggleButtons(
        options=[("Log scale", "log"), ("Linear scale", "linear")], value="log", description="Scale"
    )
    shocks = w.Checkbox(value=True, description="Show sign-up shocks")
    first = w.Dropdown(options=options, value=start, description="From")
    last = w.Dropdown(options=options, value=end, description="To")
    summary = w.HTML()
    out = chart_view()

    def redraw(*_):
        picked = first.value is not None and last.value is not None
        highlight = (first.value, last.value) if picked and last.value > first.value else None
        summary.value = f"<p>{growth_summary(users, first.value, last.value)}</p>"
        show_chart(
            out, growth_chart(users, scale=scale.value, shocks=shocks.value, highlight=highlight)
        )

    for control in (scale, shocks, first, last):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([scale, shocks]), w.HBox([first, last]), summary, out])
