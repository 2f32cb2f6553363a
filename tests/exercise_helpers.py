"""Shared helpers for the checker tests (tests/test_exercises*.py)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import telegram_case.exercises
from telegram_case.checking import CheckFailed, Outcome


def exercise_modules():
    """Every notebook's question module: telegram_case.exercises.nb00, nb01, ..."""
    names = sorted(m.name for m in pkgutil.iter_modules(telegram_case.exercises.__path__)
                   if m.name.startswith("nb"))
    return [importlib.import_module(f"telegram_case.exercises.{name}") for name in names]


def solved_namespace(module) -> dict:
    """Run the module's PREAMBLE and every worked solution in order, as the notebook does."""
    namespace: dict = {}
    exec(module.PREAMBLE, namespace)
    for question in module.QUESTIONS:
        exec(question.worked_solution, namespace)
    return namespace


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
