"""The texts of a notebook's questions, kept apart from their logic.

Each question module ``telegram_case.exercises.nbNN`` has a data file beside it,
``nbNN.toml``, with one table per question keyed by its grade id (the module's variable
name). A table holds what students read and the plain settings:

* ``title``: the short title used in messages (required);
* ``variables``: the notebook variables the answer lives in, in the checker's order
  (required for an autograded question);
* ``hints``: progressive hints, the gentlest first (required for an autograded question);
* ``lookup``: true for a one-step look-up;
* ``explain``: what a correct result means, a format string of ``{value}`` (the first
  answer value); an explanation that needs computing stays a function in the module;
* ``practice_solution``: only notebook 00, the worked solution shown to self-learners.

A written answer's table holds only its ``title``.
The module keeps only what runs (reference answer, checker, graded values, an explanation
function); :func:`telegram_case.checking.bind` joins the two and fails with
:class:`TextsError`, naming the file and the question, when they do not fit.
An author can review or translate a notebook's texts in one file.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Callable
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

__all__ = ["KEYS", "REQUIRED", "TextsError", "read_texts", "table_problems", "texts_file"]


class TextsError(ValueError):
    """A texts file is missing, unreadable, or does not fit its module's questions."""


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(_is_text(item) for item in value)


def _is_names(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, str) and item.isidentifier() for item in value)
    )


def _is_flag(value: Any) -> bool:
    return isinstance(value, bool)


# What each key of a table may hold: a test, and what the message calls it.
_TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "title": (_is_text, "a non-empty string"),
    "variables": (_is_names, "a non-empty list of Python names"),
    "hints": (_is_texts, "a list of non-empty strings"),
    "lookup": (_is_flag, "true or false"),
    "explain": (_is_text, "a non-empty string"),
    "practice_solution": (_is_text, "a non-empty string of Python code"),
}

# The keys a table may have, and those it must have, by the kind of item it describes.
KEYS = {
    "question": ("title", "variables", "lookup", "hints", "explain", "practice_solution"),
    "written": ("title",),
}
REQUIRED = {"question": ("title", "variables", "hints"), "written": ("title",)}


def texts_file(notebook: str) -> Traversable:
    """``telegram_case/exercises/nbNN.toml``, from a checkout or an installed wheel."""
    return files("telegram_case.exercises") / f"nb{notebook}.toml"


def read_texts(file: Traversable) -> dict[str, Any]:
    """The tables of a texts file, by grade id (in the file's order)."""
    try:
        with file.open("rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError:
        raise TextsError(f"{file}: the texts file of these questions is missing") from None
    except tomllib.TOMLDecodeError as error:
        raise TextsError(f"{file} is not valid TOML: {error}") from None


def table_problems(table: Any, kind: str) -> list[str]:
    """What is wrong with one question's table (empty when it fits ``kind``)."""
    if not isinstance(table, dict):
        return [f"should be a table ([name] with keys), not {type(table).__name__}"]
    problems = []
    for key, value in table.items():
        if key not in KEYS[kind]:
            problems.append(f"unknown key {key!r} (a {kind} has: {', '.join(KEYS[kind])})")
            continue
        test, wanted = _TYPES[key]
        if not test(value):
            problems.append(f"{key!r} should be {wanted}, not {value!r}")
    problems += [f"missing key {key!r}" for key in REQUIRED[kind] if key not in table]
    if kind == "question" and _is_text(table.get("explain")):
        problems += _format_problems(table["explain"])
    if kind == "question" and _is_text(table.get("practice_solution")):
        problems += _code_problems(table["practice_solution"])
    return problems


def _format_problems(text: str) -> list[str]:
    """An ``explain`` may use only ``{value}`` (with a format spec): a typo would otherwise
    surface only after a student's correct check."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        return [f"'explain' is not a valid format string: {error}"]
    unknown = sorted({name for name in fields if name.split(".")[0].split("[")[0] != "value"})
    if unknown:
        return [f"'explain' may use only {{value}}, not {', '.join(unknown)}"]
    return []


def _code_problems(code: str) -> list[str]:
    try:
        compile(code, "practice_solution", "exec")
    except SyntaxError as error:
        return [f"'practice_solution' is not valid Python: {error.msg} (line {error.lineno})"]
    return []
