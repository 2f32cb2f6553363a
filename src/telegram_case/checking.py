"""The exercise engine: one check for self-learners and for nbgrader.

Every autograded exercise of the course is a :class:`Question`, every written
one a :class:`Written`; :func:`bind` names them after the variables of their
notebook's module (``telegram_case.exercises.nbNN``), gives them their texts from
the data file beside it (``nbNN.toml``, see :mod:`telegram_case.question_texts`)
and adds ``progress()``.
A student runs ``q.mau_multiple.check()`` in a notebook and gets one of three
outcomes, each with a text label:

* **Not attempted**: the answer variable is missing (the stub still raises
  ``NotImplementedError``), or is ``None`` or ``...``.
* **Not yet right**: a specific nudge that never shows the expected value.
* **Correct**: and, where the question has hidden tests, the reminder that
  more cases run when the notebook is graded; then, if the question has one,
  a short note on what the result means.

Anything but "Correct" raises :class:`CheckFailed`, an ``AssertionError``, so
nbgrader scores the test cell as failed.
In a notebook the error shows as a short labelled message instead of a
traceback (see :func:`telegram_case.notebook.setup_notebook`).

Expected values are not written in the notebooks: each question computes
them when it runs, from the course data (``answer=``). Worked solutions,
points, rubrics and exemplars are read from the instructor notebook
(:mod:`telegram_case.course_notebooks`), never kept as a second copy.
A determined reader can find the expected values in the package; graded
students can too, which is why graded notebooks also carry hidden tests and
written answers graded by a person.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from . import expectations
from .course_notebooks import SourceNotebook, source_notebook
from .expectations import *  # noqa: F403 - the checks a question is built from, re-exported
from .expectations import Nudge
from .question_texts import KEYS, TextsError, read_texts, table_problems, texts_file
from .rubrics import Rubric, parse_rubric, show_self_assessment

__all__ = [
    "ANSWER_VARIABLES",
    "CheckFailed",
    "Outcome",
    "Question",
    "TextsError",
    "Written",
    "bind",
    "graded",
    "headless",
    *expectations.__all__,  # the checks a question is built from, re-exported
]


class Outcome(enum.Enum):
    """The three outcomes of a check; the value is the label students read."""

    NOT_ATTEMPTED = "Not attempted"
    NOT_YET = "Not yet right"
    CORRECT = "Correct"


MARKS = {Outcome.CORRECT: "✔", Outcome.NOT_YET: "✘", Outcome.NOT_ATTEMPTED: "…"}


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
    worked solutions and exemplars off.
    """
    return bool(os.environ.get("NBGRADER_EXECUTION") or os.environ.get("TELEGRAM_CASE_GRADED"))


def headless() -> bool:
    """True when no person is watching: grading, or a batch run (``TELEGRAM_CASE_STATIC``)."""
    return graded() or bool(os.environ.get("TELEGRAM_CASE_STATIC"))


UNANSWERED = (None, Ellipsis, NotImplemented)

# Every answer variable of every bound question module: the notebook's error display
# names an unanswered one in one line instead of a NameError traceback.
ANSWER_VARIABLES: set[str] = set()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_unanswered(value: Any) -> bool:
    return any(value is marker for marker in UNANSWERED)


_MISSING = object()


def caller_values(variables: Iterable[str], depth: int = 2) -> tuple:
    """The values of ``variables`` in the namespace of the notebook cell that called us."""
    namespace = sys._getframe(depth).f_globals
    return tuple(namespace.get(name, _MISSING) for name in variables)


# --- the questions ----------------------------------------------------------------------


@dataclass(eq=False, kw_only=True)
class Question:
    """One autograded exercise: what to check, how to nudge, how to help.

    In a question module only what runs is written in Python (``checker``, ``answer``,
    ``graded_values``, an ``explain`` function); :func:`bind` reads the texts and plain
    settings (``title``, ``variables``, ``hints``, ``lookup``, an ``explain`` string,
    ``practice_solution``) from the module's TOML file. A question built by hand, as
    the tests do, takes every field directly.

    Parameters
    ----------
    title
        A short title used in messages (``"Q2 growth multiple"``).
    variables
        The notebook variables the answer lives in, checked in this order.
    checker
        A function of those variables' values that raises :class:`Nudge` with a
        message for the student when something is wrong.
    hints
        Progressive hints, the gentlest first; they never contain a graded value.
    answer
        The reference answer, computed from the course data (for the tests, the
        leak scan and the simulated class; never shown to students).
    lookup
        True for a one-step look-up (copy a value, one division, one filter);
        a notebook keeps these to at most a sixth of its machine-graded points.
    explain
        What the result means, shown only after a correct check: a format string
        (``{value}`` is the first answer value) or a function of the answer values.
    graded_values
        A function returning the values a student must not see before computing
        them; by default the numbers of the answer: the answer itself when it is a
        number, its items when it is a tuple or list of numbers, its values when it
        is a dict of numbers (a label or a set of ids is one of the options a
        student sees anyway).
    practice_solution
        Only for the practice notebook 00, which has no instructor version: its
        worked solution. A graded question's solution is read from its notebook.
    name, notebook
        The grade id and the notebook number, set by :func:`bind`.
    """

    checker: Callable[..., None]
    title: str = ""
    variables: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    answer: Callable[[], Any] | None = None
    lookup: bool = False
    explain: str | Callable[..., str] | None = None
    graded_values: Callable[[], Iterable[Any]] | None = None
    practice_solution: str | None = None
    name: str = ""
    notebook: str = ""
    _hints_shown: int = field(default=0, repr=False)

    # -- for students ---------------------------------------------------------------------

    def check(self, *values: Any) -> None:
        """Check your answer (reads the answer variables from the notebook)."""
        if not values:
            values = caller_values(self.variables)
        self.evaluate(*values)
        if self.has_hidden_tests():
            _say(
                Outcome.CORRECT,
                f"{self.title}: the visible check passed. When the notebook "
                "is graded, more cases run, so this is not yet full marks.",
            )
        else:
            _say(Outcome.CORRECT, f"{self.title}. Well done.")
        note = self._explanation(values)
        if note:
            _say_plain(f"What this means: {note}")

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
        more = f" (run .hint() again for hint {number + 1})" if number < len(self.hints) else ""
        _say_plain(
            f"Hint {number} of {len(self.hints)} for {self.title}: {self.hints[number - 1]}{more}"
        )

    def solution(self, reveal: bool = False) -> None:
        """Show the worked solution, only when asked with ``reveal=True``.

        Switched off while a notebook is graded.
        """
        if graded():
            _say_plain("Worked solutions are switched off while this notebook is graded.")
            return
        if not reveal:
            _say_plain(
                f"This shows a worked solution for {self.title}. Try the hints first; "
                f"if you still want it, run q.{self.name}.solution(reveal=True)."
            )
            return
        code = self.worked_solution()
        if code is None:
            _say_plain(
                "Worked solutions are read from the course's instructor notebooks, "
                "which this installation does not include."
            )
            return
        _show_code(f"Worked solution for {self.title}", code)

    # -- for authors, graders and the tests -----------------------------------------------

    def source(self) -> SourceNotebook | None:
        """The instructor notebook this question belongs to (None if not available)."""
        return source_notebook(self.notebook) if self.notebook else None

    def worked_solution(self) -> str | None:
        """The solution region of the instructor notebook's answer cell."""
        notebook = self.source()
        if notebook is None:
            return self.practice_solution
        return notebook.worked_solution(self.name)

    def has_hidden_tests(self) -> bool:
        """True if the instructor notebook's test cell has hidden tests."""
        notebook = self.source()
        return bool(notebook and notebook.has_hidden_tests(self.name))

    def points(self) -> float | None:
        """The points of the test cell (from the instructor notebook)."""
        notebook = self.source()
        return notebook.points(self.name) if notebook else None

    def secrets(self) -> list[Any]:
        """The values no student may see before computing them (see ``graded_values``)."""
        if self.graded_values is not None:
            return list(self.graded_values())
        value = self.answer() if self.answer is not None else None
        if _is_number(value):
            return [value]
        items = list(value.values()) if isinstance(value, dict) else value
        if isinstance(items, (tuple, list)) and items and all(map(_is_number, items)):
            return list(items)
        return []

    def evaluate(self, *values: Any) -> Outcome:
        """Run the checker; return CORRECT or raise :class:`CheckFailed`."""
        if len(values) != len(self.variables):
            raise TypeError(
                f"{self.name} checks {len(self.variables)} value(s): {', '.join(self.variables)}"
            )
        for name, value in zip(self.variables, values, strict=True):
            if value is _MISSING or _is_unanswered(value):
                raise CheckFailed(
                    self.title,
                    Outcome.NOT_ATTEMPTED,
                    f"`{name}` has no answer yet. Replace the "
                    "`raise NotImplementedError()` line with your code and run "
                    "that cell first.",
                )
        try:
            self.checker(*values)
        except Nudge as nudge:
            raise CheckFailed(
                self.title, Outcome.NOT_YET, f"{nudge} Ask for a hint: q.{self.name}.hint()"
            ) from None
        except NotImplementedError:
            raise CheckFailed(
                self.title,
                Outcome.NOT_ATTEMPTED,
                "your function still raises NotImplementedError; write its body first.",
            ) from None
        except CheckFailed:
            raise
        except Exception as exc:  # the student's own code failed while being checked
            raise CheckFailed(
                self.title,
                Outcome.NOT_YET,
                f"running your answer raised {type(exc).__name__}: {exc}. "
                f"Ask for a hint: q.{self.name}.hint()",
            ) from None
        return Outcome.CORRECT

    def outcome(self, *values: Any) -> Outcome:
        """The outcome for ``values`` without raising (for tests and the progress table)."""
        try:
            return self.evaluate(*values)
        except CheckFailed as failed:
            return failed.outcome

    def _explanation(self, values: tuple) -> str | None:
        if self.explain is None or graded():
            return None
        if callable(self.explain):
            return self.explain(*values)
        return self.explain.format(value=values[0])


@dataclass(eq=False, kw_only=True)
class Written:
    """A written answer, read and graded by a person against a levelled rubric.

    The prompt, its rubric and the exemplar are read from the instructor
    notebook: the rubric is the table in the prompt cell (see
    :mod:`telegram_case.rubrics`), the exemplar is the answer cell's model answer.
    Its ``title`` is read by :func:`bind` from the module's TOML file.
    """

    title: str = ""
    name: str = ""
    notebook: str = ""

    def source(self) -> SourceNotebook | None:
        return source_notebook(self.notebook) if self.notebook else None

    def points(self) -> float | None:
        notebook = self.source()
        return notebook.points(self.name) if notebook else None

    def rubric(self) -> Rubric | None:
        """The levelled rubric of the prompt (None if the notebook is not available)."""
        notebook = self.source()
        prompt = notebook.prompt(self.name) if notebook else None
        if prompt is None:
            return None
        return parse_rubric(prompt, where=f"{notebook.assignment} {self.name}")

    def exemplar(self) -> str | None:
        """The model answer (None if the notebook is not available)."""
        notebook = self.source()
        return notebook.exemplar(self.name) if notebook else None

    def self_assess(self, reveal: bool = False) -> None:
        """Show an exemplar answer and score your own answer against the rubric.

        Only when asked with ``reveal=True``; switched off while a notebook is graded.
        """
        if graded():
            _say_plain(
                "Exemplars and self-assessment are switched off while this notebook is graded."
            )
            return
        if not reveal:
            _say_plain(
                f"This shows an exemplar answer for {self.title} and lets you score your "
                "own answer against the rubric. Write yours first; then run "
                f"q.{self.name}.self_assess(reveal=True)."
            )
            return
        rubric, exemplar = self.rubric(), self.exemplar()
        if rubric is None or exemplar is None:
            _say_plain(
                "Exemplars are read from the course's instructor notebooks, which this "
                "installation does not include."
            )
            return
        show_self_assessment(self.title, rubric, exemplar, interactive=not headless())


def bind(
    namespace: dict,
    notebook: str,
    texts: Traversable | Path | Literal["package"] | None = "package",
) -> None:
    """Name every question of a notebook's module after its variable, give it its texts,
    and add ``progress``.

    Call it as the last line of ``telegram_case.exercises.nbNN``: it sets each
    :class:`Question`'s and :class:`Written`'s ``name`` (the grade id) and
    ``notebook``, fills in their texts from ``texts``, and defines ``QUESTIONS``,
    ``WRITTEN``, ``progress()`` (the student's score so far), ``__all__`` and ``__dir__``
    (so that ``q.<TAB>`` in JupyterLab lists only the questions and ``progress``).

    ``texts`` is ``"package"`` for the module's own ``nbNN.toml`` (see
    :mod:`telegram_case.question_texts`), another file, or None when the questions were
    built with all their fields (tests). A texts file that does not fit the questions
    raises :class:`~telegram_case.question_texts.TextsError`, naming every mismatch.
    """
    from .progress import Progress

    questions, written = [], []
    for variable, value in list(namespace.items()):
        if isinstance(value, (Question, Written)):
            if value.name and value.name != variable:
                raise ValueError(f"question {variable!r} is already bound as {value.name!r}")
            value.name, value.notebook = variable, notebook
            (questions if isinstance(value, Question) else written).append(value)
    if texts is not None:
        file = texts_file(notebook) if texts == "package" else texts
        module = namespace.get("__name__", f"notebook {notebook}")
        _give_texts([*questions, *written], file, module)
    ANSWER_VARIABLES.update(v for question in questions for v in question.variables)
    namespace["QUESTIONS"] = tuple(questions)
    namespace["WRITTEN"] = tuple(written)
    namespace["progress"] = Progress(notebook, tuple(questions), tuple(written))
    public = [item.name for item in (*questions, *written)] + ["progress"]
    namespace["__all__"] = public
    namespace["__dir__"] = lambda: list(public)


def _kind(item: Question | Written) -> str:
    return "question" if isinstance(item, Question) else "written"


def _give_texts(items: list[Question | Written], file: Traversable | Path, module: str) -> None:
    """Set each item's texts from its table in ``file``, after checking that they fit."""
    tables = read_texts(file)
    by_name = {item.name: item for item in items}
    problems = [
        f"question {name!r} has no table [{name}]" for name in by_name if name not in tables
    ]
    problems += [
        f"table [{name}] has no question: no `{name} = Question(...)` or `Written(...)`"
        for name in tables
        if name not in by_name
    ]
    for name, item in by_name.items():
        table = tables.get(name, {})
        mismatches = table_problems(table, _kind(item)) if name in tables else []
        mismatches += _set_in_python(item, table if isinstance(table, dict) else {})
        problems += [f"question {name!r}: {problem}" for problem in mismatches]
    if problems:
        raise TextsError(
            f"{file} does not fit the questions of {module}:\n"
            + "\n".join(f"- {problem}" for problem in problems)
        )
    for name, item in by_name.items():
        for key, value in tables[name].items():
            setattr(item, key, tuple(value) if isinstance(value, list) else value)


def _set_in_python(item: Question | Written, table: dict) -> list[str]:
    """Texts and plain settings the module gives in Python: they belong in the TOML file
    only (an ``explain`` function is code and stays in Python, unless the file has one)."""
    defaults = {f.name: f.default for f in fields(item)}
    problems = []
    for key in KEYS[_kind(item)]:
        value = getattr(item, key)
        if key in table and value != defaults[key]:
            problems.append(f"{key!r} is given both in Python and in the TOML file; keep one")
        elif value != defaults[key] and not (key == "explain" and callable(value)):
            problems.append(f"{key!r} is set in Python; texts and settings belong in the TOML file")
    return problems


# --- output ------------------------------------------------------------------------------


def _say(outcome: Outcome, text: str) -> None:
    print(f"{MARKS[outcome]} {outcome.value}: {text}")


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
