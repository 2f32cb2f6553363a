"""Set up a course notebook: readable check messages, quiet warnings, course plot style."""

from __future__ import annotations

import warnings

import pandas as pd

from .checking import CheckFailed, Outcome
from .plots import use_course_style

__all__ = ["setup_notebook"]

# Warnings third-party libraries print on import or first use that say nothing
# about a student's answer. nbgrader scores any stderr output in a test cell as a
# failure, so they are silenced here (and matched by IgnorePattern in
# course/nbgrader_config.py as a second line of defence).
KNOWN_WARNINGS = (
    (DeprecationWarning, ""),
    (PendingDeprecationWarning, ""),
    (FutureWarning, "frictionless"),
    (UserWarning, "FigureCanvasAgg is non-interactive"),
)

_MARKS = {Outcome.NOT_ATTEMPTED: "…", Outcome.NOT_YET: "✘", Outcome.CORRECT: "✔"}


def setup_notebook() -> None:
    """Prepare a notebook of this course; call it once in the first code cell."""
    for category, module in KNOWN_WARNINGS:
        warnings.filterwarnings("ignore", category=category, module=module)
    use_course_style()
    # pandas marks its HTML tables so that JupyterLab does not typeset "$" as maths.
    pd.set_option("display.html.use_mathjax", False)
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to register
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((CheckFailed,), _show_check_failed)


def _show_check_failed(shell, etype, value, tb, tb_offset=None):
    """Show a failed check as one labelled message instead of a traceback.

    It is still an error output, so nbgrader scores the cell as failed.
    """
    text = f"{_MARKS[value.outcome]} {value.outcome.value} — {value.question}: {value.message}"
    shell._showtraceback(etype, value, [text])
