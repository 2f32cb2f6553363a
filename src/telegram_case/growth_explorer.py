"""The growth explorer of notebook 01: scale, sign-up shocks, and the rate between two
neighbouring milestones.

It opens with no interval picked, so its first view answers none of the notebook's
questions; the student picks an interval between two neighbouring milestones to see
its multiple, compound growth rate and doubling time. Only neighbours can be picked:
the longer periods that questions Q2 to Q5 grade (first to newest milestone, before and
after January 2021, the recent pace) are the student's to compute, and the explorer's
own question is which neighbouring interval grew fastest. Under nbgrader or any batch
run (``TELEGRAM_CASE_STATIC=1``) it returns that first view as a static figure and
text, so grading never waits for a click.
"""

from __future__ import annotations

import itertools

import pandas as pd

from . import growth
from .checking import headless
from .growth_figures import growth_chart
from .widgets import StaticView, live_view

__all__ = ["PICK_PROMPT", "growth_explorer", "growth_summary", "neighbouring_intervals"]

PICK_PROMPT = "Pick an interval between two neighbouring milestones to see the growth over it."


def neighbouring_intervals(users: pd.DataFrame) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Each pair of neighbouring monthly-active-user milestones, oldest first."""
    dates = list(growth.milestones(users)["date"])
    return list(itertools.pairwise(dates))


def _interval(mau: pd.Series, start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``(start, end)`` as dates of ``mau`` (values by milestone date), or a ValueError
    naming what is not allowed."""
    start, end = (None if d is None else pd.Timestamp(d) for d in (start, end))
    if start is None or end is None:
        raise ValueError("pick both ends of an interval, or neither")
    for date in (start, end):
        if date not in mau.index:
            raise ValueError(f"{date:%Y-%m-%d} is not a monthly-active-user milestone")
    if (start, end) not in itertools.pairwise(mau.index):
        raise ValueError(
            f"{start:%b %Y} to {end:%b %Y} is not an interval between neighbouring milestones; "
            "the explorer compares neighbours only (longer periods are yours to compute)"
        )
    return start, end


def _mau(users: pd.DataFrame) -> pd.Series:
    """Monthly active users (millions) by milestone date, oldest first."""
    return growth.milestones(users).set_index("date")["value"]


def growth_summary(users: pd.DataFrame, start=None, end=None) -> str:
    """One sentence on MAU growth between two neighbouring milestones (or what to pick)."""
    if start is None and end is None:
        return PICK_PROMPT
    mau = _mau(users)
    start, end = _interval(mau, start, end)
    years = growth.years_between(start, end)
    multiple = growth.growth_multiple(mau[start], mau[end])
    rate = growth.cagr(mau[start], mau[end], years)
    return (
        f"From {mau[start]:g} M ({start:%b %Y}) to {mau[end]:g} M ({end:%b %Y}): "
        f"×{multiple:.2f} in {years:.1f} years, a compound growth rate of {rate:.1%} a year "
        f"(doubling every {growth.doubling_time(rate):.1f} years)."
    )


def growth_explorer(users: pd.DataFrame, *, start=None, end=None):
    """Explore MAU growth: scale, sign-up shocks, and the rate between neighbouring milestones.

    ``start`` and ``end`` preselect an interval between two neighbouring milestones
    (any other pair is refused with a ValueError); by default none is picked.
    Returns an ipywidgets box in JupyterLab, or (when headless) the static first
    view: the chart and the summary sentence.
    """
    picked = None if start is None and end is None else _interval(_mau(users), start, end)
    if headless():
        return StaticView(
            growth_chart(users, highlight=picked), growth_summary(users, *picked or ())
        )

    import ipywidgets as w

    options = [("— pick —", None)] + [
        (f"{a:%b %Y} → {b:%b %Y}", (a, b)) for a, b in neighbouring_intervals(users)
    ]
    scale = w.ToggleButtons(
        options=[("Log scale", "log"), ("Linear scale", "linear")], value="log", description="Scale"
    )
    shocks = w.Checkbox(value=True, description="Show sign-up shocks")
    interval = w.Dropdown(options=options, value=picked, description="Interval")

    def draw():
        text = f"<p>{growth_summary(users, *interval.value or ())}</p>"
        chart = growth_chart(
            users, scale=scale.value, shocks=shocks.value, highlight=interval.value
        )
        return text, chart

    summary, out = live_view([scale, shocks, interval], draw)
    return w.VBox([w.HBox([scale, shocks]), w.HBox([interval]), summary, out])
