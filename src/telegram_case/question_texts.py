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
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from jsonschema import Draft202012Validator

__all__ = ["KEYS", "SCHEMAS", "TextsError", "read_texts", "table_problems", "texts_file"]


class TextsError(ValueError):
    """A texts file is missing, unreadable, or does not fit its module's questions."""


_TEXT = {"type": "string", "minLength": 1}
# What a table may hold, by the kind of item it describes (JSON Schema, checked with jsonschema).
SCHEMAS: dict[str, dict[str, Any]] = {
    "question": {
        "type": "object",
        "properties": {
            "title": _TEXT,
            "variables": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"},
            },
            "lookup": {"type": "boolean"},
            "hints": {"type": "array", "items": _TEXT},
            "explain": _TEXT,
            "practice_solution": _TEXT,
        },
        "required": ["title", "variables", "hints"],
        "additionalProperties": False,
    },
    "written": {
        "type": "object",
        "properties": {"title": _TEXT},
        "required": ["title"],
        "additionalProperties": False,
    },
}
KEYS = {kind: tuple(schema["properties"]) for kind, schema in SCHEMAS.items()}


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
    errors = sorted(Draft202012Validator(SCHEMAS[kind]).iter_errors(table), key=str)
    problems = [
        f"{'.'.join(map(str, error.absolute_path)) or 'the table'}: {error.message}"
        for error in errors
    ]
    if kind == "question" and not problems and "explain" in table:
        problems += _format_problems(table["explain"])
    if kind == "question" and not problems and "practice_solution" in table:
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
