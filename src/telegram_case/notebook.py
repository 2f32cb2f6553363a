"""Set up a course notebook: readable check messages, quiet warnings, course plot style."""

from __future__ import annotations

import warnings

import pandas as pd

from .checking import ANSWER_VARIABLES, MARKS, CheckFailed, Outcome
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
        shell.set_custom_exc((CheckFailed, NotImplementedError, NameError), _show_short_error)


def short_message(error: BaseException, tb) -> str | None:
    """One labelled line for what an unanswered question raises; None for other errors.

    A failed check, an answer cell that still holds its stub, a function stub
    called by a try-it cell, and a try-it cell that names an answer variable
    not defined yet each read as one line; any other error keeps its traceback.
    """
    not_attempted = f"{MARKS[Outcome.NOT_ATTEMPTED]} {Outcome.NOT_ATTEMPTED.value}"
    if isinstance(error, CheckFailed):
        return f"{MARKS[error.outcome]} {error.outcome.value} — {error.question}: {error.message}"
    if isinstance(error, NotImplementedError):
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        function = tb.tb_frame.f_code.co_name if tb is not None else "<module>"
        if function == "<module>":
            return (
                f"{not_attempted}: this answer cell still holds the stub "
                "`raise NotImplementedError()`; replace it with your answer."
            )
        return (
            f"{not_attempted}: `{function}()` still raises NotImplementedError; "
            "write its body in its answer cell first."
        )
    name = getattr(error, "name", None)
    if isinstance(error, NameError) and name in ANSWER_VARIABLES:
        return (
            f"{not_attempted}: `{name}` is not defined yet; answer its question first "
            "(and run that answer cell)."
        )
    return None


def _show_short_error(shell, etype, value, tb, tb_offset=None):
    """Show what an unanswered question raises as one labelled line, not a traceback.

    It is still an error output, so nbgrader scores the cell as failed and
    JupyterLab's Run All treats it as one (the student versions tag these
    cells ``raises-exception``).
    """
    text = short_message(value, tb)
    if text is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    else:
        shell._showtraceback(etype, value, [text])
