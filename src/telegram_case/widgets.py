"""What every explorer of the course is built from; each falls back to a static view.

Under nbgrader (autograde, validate) or any batch run (``TELEGRAM_CASE_STATIC=1``)
an explorer returns its default view as a static figure and text, so grading
never waits for a click.
"""

from __future__ import annotations

from . import plots

__all__ = ["StaticView", "chart_view", "live_view", "show_chart"]


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


def live_view(controls, draw):
    """A summary and a chart view, drawn now and again whenever one of ``controls`` changes.

    ``draw()`` returns the summary's HTML and the :class:`~telegram_case.plots.Chart` for
    the controls' current values. Returns the two widgets: (summary, chart view).
    """
    import ipywidgets as w

    summary, view = w.HTML(), chart_view()

    def redraw(*_):
        summary.value, chart = draw()
        show_chart(view, chart)

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    return summary, view


class StaticView:
    """What an explorer shows when nobody can interact with it."""

    def __init__(self, chart: plots.Chart, text: str):
        self.chart, self.text = chart, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.chart._repr_mimebundle_()
        bundle["text/html"] = (
            f'<p class="{plots.NO_MATH}"><em>Static view (interactive '
            f"controls are off while grading).</em> {self.text}</p>" + bundle["text/html"]
        )
        bundle["text/plain"] = f"{self.text}\n{bundle['text/plain']}"
        return bundle
