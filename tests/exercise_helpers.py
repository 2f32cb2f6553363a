"""Shared helpers for the checker tests (tests/test_exercises*.py)."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from pathlib import Path

import pytest

import telegram_case.exercises
from telegram_case import cells
from telegram_case.checking import CheckFailed, Outcome
from telegram_case.course_notebooks import source_notebook


def exercise_modules():
    """Every notebook's question module: telegram_case.exercises.nb00, nb01, ..."""
    names = sorted(
        m.name
        for m in pkgutil.iter_modules(telegram_case.exercises.__path__)
        if m.name.startswith("nb")
    )
    return [importlib.import_module(f"telegram_case.exercises.{name}") for name in names]


PRACTICE = Path(__file__).resolve().parents[1] / "notebooks" / "00-start-here.ipynb"


@functools.cache
def _solved(number: str) -> dict:
    notebook = source_notebook(number)
    if notebook is not None:
        return notebook.solved_namespace()
    # The practice notebook 00 has no instructor version: run its cells that do not fail
    # until answered, then the practice solutions.
    practice = cells.read(PRACTICE)
    namespace: dict = {}
    for cell in practice["cells"]:
        if cell["cell_type"] == "code" and "raises-exception" not in cell["metadata"].get(
            "tags", []
        ):
            exec(cells.source(cell), namespace)
    module = importlib.import_module(f"telegram_case.exercises.nb{number}")
    for question in module.QUESTIONS:
        exec(question.practice_solution, namespace)
    return namespace


def solved_namespace(module) -> dict:
    """The variables of the solved instructor notebook of ``module`` (every code cell but the
    test cells, run in order): the notebook's own solutions, never a second copy.

    Each call gets its own copy of the namespace (the notebook runs once per test session).
    """
    return dict(_solved(module.QUESTIONS[0].notebook))


class Lazy:
    """A wrong answer built when the test runs (from the data), not at import time."""

    def __init__(self, make):
        self.make = make


def wrong(question, value, message: str):
    """One realistic wrong answer and a fragment of the nudge it must get."""
    return pytest.param(question, value, message, id=f"{question.name}: {message[:40]}")


def assert_nudged(question, value, message: str) -> None:
    """The wrong answer fails as "Not yet right" with the intended nudge."""
    if isinstance(value, Lazy):
        value = value.make()
    with pytest.raises(CheckFailed) as failed:
        question.evaluate(value)
    assert failed.value.outcome is Outcome.NOT_YET, str(failed.value)
    assert message in str(failed.value), str(failed.value)


class ClaimsEqualityWithEverything:
    """A hostile answer: equal to anything, a float to anyone who asks."""

    def __eq__(self, other):
        return True

    def __float__(self):
        return 42.0

    __hash__ = object.__hash__
