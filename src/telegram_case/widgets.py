"""Interactive explorers; each falls back to a static output when nobody can interact.

Under nbgrader (autograde, validate) or any batch run (``TELEGRAM_CASE_STATIC=1``)
an explorer returns its default view as a static figure and text, so grading
never waits for a click.
"""

from __future__ import annotations

import pandas as pd

from . import growth, plots
from .checking import headless

__all__ = ["StaticView", "chart_view", "growth_explorer", "growth_summary", "show_chart"]


def chart_view():
    """An HTML widget that shows a :class:`~telegram_case.plots.Chart` (see :func:`show_chart`).

    The explorers draw into this instead of an ``ipywidgets.Output``: replacing the
    value of one HTML widget needs no output capture in the kernel, and under nbclient
    the Output-widget version left the kernel waiting until the client's timeout in
    about one run in four.
    """
    import ipywidgets as w

    return w.HTML()


def show_chart(view, chart: plots.Chart) -> None:
    """Show ``chart`` (image, alt text and visible text alternative) in ``view``."""
    view.value = chart._repr_mimebundle_()["text/html"]


def growth_summary(users: pd.DataFrame, start, end) -> str:
    """One sentence on MAU growth between two milestone dates."""
    mau = users[users["metric"] == "monthly_active_users"].set_index("date")["value"]
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    for date in (start, end):
        if date not in mau.index:
            raise ValueError(f"{date:%Y-%m-%d} is not a monthly-active-user milestone")
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

    Returns an ipywidgets box in JupyterLab, or (when headless) the static
    default view: the chart and the summary sentence.
    """
    mau_dates = list(users.loc[users["metric"] == "monthly_active_users", "date"].sort_values())
    start = pd.Timestamp(start) if start is not None else mau_dates[0]
    end = pd.Timestamp(end) if end is not None else mau_dates[-1]
    if headless():
        return StaticView(plots.growth_chart(users, highlight=(start, end)),
                           growth_summary(users, start, end))

    import ipywidgets as w

    options = [(f"{d:%b %Y}", d) for d in mau_dates]
    scale = w.ToggleButtons(options=[("Log scale", "log"), ("Linear scale", "linear")],
                            value="log", description="Scale")
    shocks = w.Checkbox(value=True, description="Show sign-up shocks")
    first = w.Dropdown(options=options, value=start, description="From")
    last = w.Dropdown(options=options, value=end, description="To")
    summary = w.HTML()
    out = chart_view()

    def redraw(*_):
        highlight = (first.value, last.value) if last.value > first.value else None
        summary.value = f"<p>{growth_summary(users, first.value, last.value)}</p>"
        show_chart(out, plots.growth_chart(users, scale=scale.value, shocks=shocks.value,
                                       highlight=highlight))

    for control in (scale, shocks, first, last):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([scale, shocks]), w.HBox([first, last]), summary, out])


class StaticView:
    """What an explorer shows when nobody can interact with it."""

    def __init__(self, chart: plots.Chart, text: str):
        self.chart, self.text = chart, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.chart._repr_mimebundle_()
        bundle["text/html"] = (f'<p class="{plots.NO_MATH}"><em>Static view (interactive '
                               f"controls are off while grading).</em> {self.text}</p>"
                               + bundle["text/html"])
        bundle["text/plain"] = f"{self.text}\n{bundle['text/plain']}"
        return bundle
