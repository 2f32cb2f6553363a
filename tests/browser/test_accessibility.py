"""Accessibility basics that need no browser: figure colours, text alternatives, check labels.

The figures checked are every :class:`~telegram_case.plots.Chart` the answered
notebooks (course/source) create: their code cells run here in-process, with the
explorers in their static view, and each new Chart is recorded. So a figure
function added for a new notebook is covered as soon as a notebook uses it.

The browser tests (test_lab.py) check the same figures as rendered: alt text,
visible caption, headings, labelled check messages on the page.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import warnings

import matplotlib
import nbformat
import pytest
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from telegram_case import plots
from telegram_case.checking import CheckFailed, Nudge, Outcome, Question
from telegram_case.notebook import _show_short_error

from .lab import SOLUTION_NOTEBOOKS

OKABE_ITO = {colour.lower() for colour in plots.PALETTE.values()}
# Continuous colour maps designed for colour-vision deficiencies (a heat map cannot
# be drawn from eight colours).
CVD_SAFE_COLORMAPS = {"cividis", "viridis", "gray", "Greys", "binary"}


def _charts_of(path) -> list[plots.Chart]:
    """Run the answered notebook's code cells in-process; return every Chart created."""
    created: list[plots.Chart] = []
    original = plots.Chart.__init__

    def record(self, *args, **kwargs):
        original(self, *args, **kwargs)
        created.append(self)

    notebook = nbformat.read(path, as_version=4)
    namespace = {"__name__": "__main__"}
    with contextlib.ExitStack() as stack:
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        patch.setattr(plots.Chart, "__init__", record)
        patch.setenv("TELEGRAM_CASE_STATIC", "1")  # explorers: their default view, as a Chart
        stack.enter_context(matplotlib.rc_context())  # setup_notebook() restyles matplotlib
        stack.enter_context(warnings.catch_warnings())
        stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                exec(compile(cell.source, f"<{path.name} cell {index}>", "exec"), namespace)
    return created


@pytest.fixture(scope="module")
def charts():
    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = _charts_of(path)
        return cache[path]

    return get


def _is_neutral(rgba) -> bool:
    """White, black and greys: backgrounds, grid lines, text."""
    r, g, b, _ = rgba
    return max(r, g, b) - min(r, g, b) < 0.02


def _colours(figure):
    """(where, colour) for every visible colour an artist of the figure uses."""
    for artist in figure.findobj():
        if not artist.get_visible():
            continue
        where = type(artist).__name__
        colours = []
        if isinstance(artist, Line2D):
            colours = [
                artist.get_color(),
                artist.get_markerfacecolor(),
                artist.get_markeredgecolor(),
            ]
        elif isinstance(artist, Patch):
            colours = [artist.get_facecolor(), artist.get_edgecolor()]
        elif isinstance(artist, Text):
            colours = [artist.get_color()] if artist.get_text().strip() else []
        elif isinstance(artist, Collection) and artist.get_array() is None:
            colours = [*artist.get_facecolor(), *artist.get_edgecolor()]
        for colour in colours:
            if isinstance(colour, str) and colour.lower() in ("none", "auto"):
                continue
            rgba = to_rgba(colour)
            if rgba[3] > 0:
                yield where, rgba


def _colormaps(figure):
    for artist in figure.findobj():
        if isinstance(artist, (AxesImage, Collection)) and artist.get_array() is not None:
            yield type(artist).__name__, artist.get_cmap().name


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_figure_colours_are_okabe_ito(charts, path):
    """Every colour in every figure is an Okabe–Ito colour or a neutral grey."""
    found = charts(path)
    bad = set()
    for number, chart in enumerate(found, 1):
        for where, rgba in _colours(chart.figure):
            if not _is_neutral(rgba) and to_hex(rgba).lower() not in OKABE_ITO:
                bad.add(f"figure {number} ({chart.alt_text[:40]}…): {where} {to_hex(rgba)}")
        for where, cmap in _colormaps(chart.figure):
            if cmap.removesuffix("_r") not in CVD_SAFE_COLORMAPS:
                bad.add(f"figure {number}: {where} uses the colour map {cmap!r}")
    assert not bad, "colours outside the Okabe–Ito palette:\n  " + "\n  ".join(sorted(bad))


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_figures_have_text_alternatives(charts, path):
    """Each figure: alt text, the same text as a visible caption, never typeset as maths.

    JupyterLab typesets ``$…$`` in HTML outputs as LaTeX (MathJax), which turns
    "$850 M at $0.37" into italic maths; a caption with a dollar sign must opt
    out (class ``mathjax_ignore``, and ``tex2jax_ignore`` for MathJax 2 front ends).
    """
    problems = []
    for number, chart in enumerate(charts(path), 1):
        text = chart.alt_text.strip()
        markup = chart._repr_mimebundle_()["text/html"]
        if not text:
            problems.append(f"figure {number}: empty text alternative")
            continue
        if f'alt="{html.escape(text, quote=True)}"' not in markup:
            problems.append(f"figure {number}: the image's alt is not the text alternative")
        if not re.search(r"<figcaption[^>]*>\s*<strong>Text alternative:</strong>", markup):
            problems.append(f"figure {number}: no visible 'Text alternative:' caption")
        if "$" in text and "mathjax_ignore" not in markup:
            problems.append(
                f"figure {number}: the caption has '$' but is not protected "
                f"from MathJax: {text[:60]!r}…"
            )
    assert not problems, "\n".join(problems)


# --- check messages: a word, not a colour ---------------------------------------------------


class _Shell:
    def _showtraceback(self, etype, value, stb):
        self.shown = stb


def _question(checker):
    return Question(
        name="demo",
        title="Demo",
        variables=("x",),
        checker=checker,
        hints=("a hint",),
        answer=lambda: 1,
    )


def _nudge(value):
    if value != 1:
        raise Nudge("x is not the value the data gives.")


@pytest.mark.parametrize(("value", "label"), [(None, "Not attempted"), (2, "Not yet right")])
def test_failed_check_messages_start_with_their_label(value, label):
    with pytest.raises(CheckFailed) as failed:
        _question(_nudge).evaluate(value)
    shell = _Shell()
    _show_short_error(shell, CheckFailed, failed.value, None)
    (line,) = shell.shown  # one line, no traceback
    assert re.match(rf"^[…✘] {label} — Demo: ", line), line
    assert failed.value.outcome.value == label


def test_correct_check_message_starts_with_its_label(capsys):
    _question(_nudge).check(1)
    assert capsys.readouterr().out.startswith(f"✔ {Outcome.CORRECT.value}: Demo")
