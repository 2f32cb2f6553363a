"""The exercise engine: one check for self-learners and for nbgrader.

Every exercise of the course is a :class:`Question`.
A student runs ``q.growth_multiple.check()`` in a notebook and gets one of
three outcomes, each with a text label:

* **Not attempted**: the answer variable is missing (the stub still raises
  ``NotImplementedError``), or is ``None`` or ``...``.
* **Not yet right**: a specific nudge that never shows the expected value.
* **Correct**.

Anything but "Correct" raises :class:`CheckFailed`, an ``AssertionError``, so
nbgrader scores the test cell as failed.
In a notebook the error shows as a short labelled message instead of a
traceback (see :func:`telegram_case.notebook.setup_notebook`).

Expected values are not written in the notebooks: each question computes
them when it runs, from the course data, with a reference implementation in
``telegram_case.exercises``.
A determined reader can find them in the package; graded students can too,
which is why graded notebooks also carry hidden tests and hand-graded
written answers.
"""

from __future__ import annotations

import enum
import math
import numbers
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CheckFailed",
    "Nudge",
    "Outcome",
    "Question",
    "expect_choice",
    "expect_frame",
    "expect_function",
    "expect_number",
    "expect_set",
    "graded",
    "headless",
]


class Outcome(enum.Enum):
    """The three outcomes of a check; the value is the label students read."""

    NOT_ATTEMPTED = "Not attempted"
    NOT_YET = "Not yet right"
    CORRECT = "Correct"


class Nudge(Exception):
    """Raised by a checker with a student-facing message; never shows the answer."""


class CheckFailed(AssertionError):
    """A check did not pass; nbgrader scores the cell as failed."""

    def __init__(self, question: str, outcome: Outcome, message: str):
        super().__init__(f"{outcome.value} ({question}): {message}")
        self.question = question
        self.outcome = outcome
        self.message = message


def graded() -> bool:
    """True while nbgrader autogrades or validates, or a course sets it up as graded.

    nbgrader sets ``NBGRADER_EXECUTION`` in the kernel's environment; an
    instructor can set ``TELEGRAM_CASE_GRADED=1`` on a graded JupyterHub to switch
    worked solutions off.
    """
    return bool(os.environ.get("NBGRADER_EXECUTION") or os.environ.get("TELEGRAM_CASE_GRADED"))


def headless() -> bool:
    """True when no person is watching: grading, or a batch run (``TELEGRAM_CASE_STATIC``)."""
    return graded() or bool(os.environ.get("TELEGRAM_CASE_STATIC"))


UNANSWERED = (None, Ellipsis, NotImplemented)


def _is_unanswered(value: Any) -> bool:
    return any(value is marker for marker in UNANSWERED)


# --- checks a question is built from ---------------------------------------------------


def _kind(value: Any) -> str:
    return type(value).__name__


def expect_number(
    value: Any,
    expected: float,
    *,
    what: str,
    rel: float = 1e-3,
    abs_tol: float = 0.0,
    mistakes: Iterable[tuple[float, str]] = (),
    integer: bool = False,
) -> None:
    """Nudge unless ``value`` is a real number within tolerance of ``expected``.

    ``mistakes`` lists (value a typical mistake gives, the nudge for it); the
    checks for a percentage given as a fraction, or the reverse, are built in.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Nudge(f"{what} should be a number, not a {_kind(value)}.")
    number = float(value)
    if not math.isfinite(number):
        raise Nudge(f"{what} is {number}; check for a division by zero or a missing value.")
    if integer and not float(number).is_integer():
        raise Nudge(f"{what} should be a whole number.")
    if math.isclose(number, expected, rel_tol=rel, abs_tol=abs_tol):
        return
    for wrong, message in mistakes:
        if math.isclose(number, wrong, rel_tol=rel, abs_tol=abs_tol):
            raise Nudge(message)
    if expected and math.isclose(number, expected * 100, rel_tol=rel):
        raise Nudge(f"{what} looks like a percentage; give it as a fraction (0.25, not 25).")
    if expected and math.isclose(number, expected / 100, rel_tol=rel):
        raise Nudge(f"{what} looks like a fraction; give it in percent (25, not 0.25).")
    if expected and math.isclose(number, -expected, rel_tol=rel):
        raise Nudge(f"{what} has the wrong sign.")
    raise Nudge(f"{what} is not the value the data gives.")


def _plain_str(value: str) -> str:
    """The characters of a string, without any behaviour a str subclass adds (a hostile
    ``__eq__``); ``numpy.str_`` and other honest subclasses keep their text."""
    return str.__str__(value)


def expect_choice(value: Any, expected: str, *, what: str, options: Sequence[str]) -> None:
    """Nudge unless ``value`` is the string ``expected`` (case and spaces ignored)."""
    if not isinstance(value, str):
        raise Nudge(f"{what} should be a string, one of {list(options)}, not a {_kind(value)}.")
    cleaned = _plain_str(value).strip().lower()
    allowed = [o.lower() for o in options]
    if cleaned not in allowed:
        raise Nudge(f"{what} should be one of {list(options)}; you gave {value!r}.")
    if cleaned != expected.lower():
        raise Nudge(f"{what}: {value!r} is not the option the evidence supports.")


def expect_set(
    value: Any, expected: Iterable[str], *, what: str, options: Iterable[str] | None = None
) -> None:
    """Nudge unless ``value`` holds exactly the strings in ``expected`` (any order)."""
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise Nudge(f"{what} should be a list or set of strings, not a {_kind(value)}.")
    if not all(isinstance(item, str) for item in value):
        raise Nudge(f"{what} should contain only strings.")
    given = {_plain_str(item).strip().lower() for item in value}
    wanted = {item.lower() for item in expected}
    if options is not None:
        unknown = sorted(given - {o.lower() for o in options})
        if unknown:
            raise Nudge(f"{what} contains names that are not options: {unknown}.")
    if given == wanted:
        return
    missing, extra = len(wanted - given), len(given - wanted)
    parts = []
    if missing:
        parts.append(f"{missing} missing")
    if extra:
        parts.append(f"{extra} that should not be there")
    raise Nudge(f"{what} is not right yet: {' and '.join(parts)}.")


def expect_frame(
    value: Any,
    expected: pd.DataFrame,
    *,
    what: str,
    columns: Sequence[str] | None = None,
    sort_by: Sequence[str] | None = None,
    rel: float = 1e-6,
) -> None:
    """Nudge unless ``value`` is a DataFrame with the same content as ``expected``.

    Compares by content, not by printed form: the named ``columns`` (default:
    all of ``expected``), rows in the order of ``sort_by`` if given, numbers within
    ``rel``, dates as dates, text as text; extra columns and the index are ignored.
    """
    if type(value) is not pd.DataFrame:
        raise Nudge(f"{what} should be a pandas DataFrame, not a {_kind(value)}.")
    columns = list(columns if columns is not None else expected.columns)
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise Nudge(f"{what} lacks the column(s) {missing}.")
    if len(value) != len(expected):
        raise Nudge(
            f"{what} has {len(value)} rows; that is not the number of rows the question asks for."
        )
    given, wanted = value[columns], expected[columns]
    if sort_by:
        given = given.sort_values(list(sort_by), kind="stable")
        wanted = wanted.sort_values(list(sort_by), kind="stable")
    given, wanted = given.reset_index(drop=True), wanted.reset_index(drop=True)
    for column in columns:
        if not _same_column(given[column], wanted[column], rel):
            raise Nudge(f"{what}: the values in column {column!r} are not right yet.")


def _same_column(given: pd.Series, wanted: pd.Series, rel: float) -> bool:
    if pd.api.types.is_datetime64_any_dtype(wanted):
        try:
            given = pd.to_datetime(given)
        except (TypeError, ValueError):
            return False
        return bool((given.isna() == wanted.isna()).all() and (given[wanted.notna()] == wanted[
            wanted.notna()]).all())
    if pd.api.types.is_numeric_dtype(wanted) and not pd.api.types.is_bool_dtype(wanted):
        if not pd.api.types.is_numeric_dtype(given) or pd.api.types.is_bool_dtype(given):
            return False
        a = given.astype("float64").to_numpy()
        b = wanted.astype("float64").to_numpy()
        return bool(np.allclose(a, b, rtol=rel, atol=0.0, equal_nan=True))
    left = given.astype("string").fillna("<NA>").tolist()
    right = wanted.astype("string").fillna("<NA>").tolist()
    return left == right


def expect_function(value: Any, *, what: str) -> Callable:
    """Nudge unless ``value`` is a plain function (not a class or another object)."""
    if not callable(value) or isinstance(value, type):
        raise Nudge(f"{what} should be a function defined with `def`, not a {_kind(value)}.")
    return value


# --- the question object -----------------------------------------------------------------


@dataclass
class Question:
    """One autograded exercise: what to check, how to nudge, how to help.

    Parameters
    ----------
    name
        The nbgrader ``grade_id`` stem (snake_case, never renamed after release).
    title
        A short title used in messages.
    variables
        The notebook variables the answer lives in, checked in this order.
    checker
        A function of those variables' values that raises :class:`Nudge` with a
        message for the student when something is wrong.
    hints
        Progressive hints, the gentlest first.
    worked_solution
        A worked solution (code) for self-learners who ask for it on purpose.
    """

    name: str
    title: str
    variables: tuple[str, ...]
    checker: Callable[..., None]
    hints: tuple[str, ...]
    worked_solution: str
    _hints_shown: int = field(default=0, repr=False)

    # -- for students ---------------------------------------------------------------------

    def check(self, *values: Any) -> None:
        """Check your answer (reads the answer variables from the notebook)."""
        if not values:
            values = self._values_from_caller(sys._getframe(1).f_globals)
        self.evaluate(*values)
        _say(Outcome.CORRECT, f"{self.title}. Well done.")

    def hint(self, number: int | None = None) -> None:
        """Show the next hint, or hint ``number`` (1 is the gentlest)."""
        if not self.hints:
            _say_plain(f"No hints for {self.title}.")
            return
        if number is None:
            self._hints_shown = min(self._hints_shown + 1, len(self.hints))
            number = self._hints_shown
        if not 1 <= number <= len(self.hints):
            _say_plain(f"{self.title} has hints 1 to {len(self.hints)}.")
            return
        more = (
            f" (run .hint() again for hint {number + 1})" if number < len(self.hints) else ""
        )
        _say_plain(f"Hint {number} of {len(self.hints)} for {self.title}: "
                   f"{self.hints[number - 1]}{more}")

    def solution(self, reveal: bool = False) -> None:
        """Show the worked solution, only when asked with ``reveal=True``.

        Switched off while a notebook is graded.
        """
        if graded():
            _say_plain("Worked solutions are switched off while this notebook is graded.")
            return
        if not reveal:
            _say_plain(
                f"This shows a worked solution for {self.title}. "
                "Try the hints first; if you still want it, run "
                f"q.{self.name}.solution(reveal=True)."
            )
            return
        _show_code(f"Worked solution for {self.title}", self.worked_solution)

    # -- for authors and graders ---------------------------------------------------------

    def evaluate(self, *values: Any) -> Outcome:
        """Run the checker; return CORRECT or raise :class:`CheckFailed`."""
        if len(values) != len(self.variables):
            raise TypeError(f"{self.name} checks {len(self.variables)} value(s): "
                            f"{', '.join(self.variables)}")
        for name, value in zip(self.variables, values, strict=True):
            if value is _MISSING or _is_unanswered(value):
                raise CheckFailed(self.title, Outcome.NOT_ATTEMPTED,
                                  f"`{name}` has no answer yet. Replace the "
                                  "`raise NotImplementedError()` line with your code and run "
                                  "that cell first.")
        try:
            self.checker(*values)
        except Nudge as nudge:
            raise CheckFailed(self.title, Outcome.NOT_YET,
                              f"{nudge} Ask for a hint: q.{self.name}.hint()") from None
        except NotImplementedError:
            raise CheckFailed(self.title, Outcome.NOT_ATTEMPTED,
                              "your function still raises NotImplementedError; "
                              "write its body first.") from None
        except CheckFailed:
            raise
        except Exception as exc:  # the student's own code failed while being checked
            raise CheckFailed(self.title, Outcome.NOT_YET,
                              f"running your answer raised {type(exc).__name__}: {exc}. "
                              f"Ask for a hint: q.{self.name}.hint()") from None
        return Outcome.CORRECT

    def outcome(self, *values: Any) -> Outcome:
        """The outcome for ``values`` without raising (for tests and dashboards)."""
        try:
            return self.evaluate(*values)
        except CheckFailed as failed:
            return failed.outcome

    def _values_from_caller(self, namespace: dict) -> tuple:
        return tuple(namespace.get(name, _MISSING) for name in self.variables)


_MISSING = object()


# --- output ------------------------------------------------------------------------------


def _say(outcome: Outcome, text: str) -> None:
    mark = {Outcome.CORRECT: "✔", Outcome.NOT_YET: "✘", Outcome.NOT_ATTEMPTED: "…"}[outcome]
    print(f"{mark} {outcome.value}: {text}")


def _say_plain(text: str) -> None:
    print(text)


class _CodeBlock:
    """Code shown as Markdown in a notebook and as plain text elsewhere."""

    def __init__(self, title: str, code: str):
        self.title, self.code = title, code.strip()

    def _repr_markdown_(self) -> str:
        return f"**{self.title}**\n\n```python\n{self.code}\n```"

    def __repr__(self) -> str:
        return f"{self.title}\n\n{self.code}"


def _show_code(title: str, code: str) -> None:
    try:
        from IPython.display import display
    except ImportError:  # plain Python without IPython
        print(_CodeBlock(title, code))
        return
    display(_CodeBlock(title, code))
