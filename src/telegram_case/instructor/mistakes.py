"""Realistic wrong answers for simulated students.

A wrong answer is the instructor's solution followed by one typical slip on
the question's first answer variable: a dropped row, a wrong factor, an item
left out, a function that forgets to ``return``. Which slip fits depends on the
type of the right answer, which is found by running the question module's
instructor notebook's code cells (every cell but the tests) in this process.
Each slip is tried on the right answer with the question's own checker, and
the first one the checker calls "Not yet right" is used, so a simulated wrong
answer is wrong by the course's own standard, never by accident of the grader.
"""

from __future__ import annotations

import ast
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import numpy as np
import pandas as pd

from ..checking import Outcome, Question
from ..course_notebooks import source_notebook

__all__ = ["Mistake", "forget_return", "mistake_for", "reference_namespace"]


@dataclass(frozen=True)
class Mistake:
    """One slip on the answer to a question.

    Attributes
    ----------
    variable
        The answer variable the slip is on.
    code
        Code that follows the right answer, or that replaces the whole answer
        cell if ``replaces_answer``.
    description
        What the slip does, in a few words.
    replaces_answer
        True for a rewritten answer cell (a function that forgets to return).
    """

    variable: str
    code: str
    description: str
    replaces_answer: bool = False


def reference_namespace(module: ModuleType) -> dict:
    """The variables a student has after answering every question of ``module`` right.

    Raises
    ------
    RuntimeError
        If the instructor notebook is missing or one of its cells fails (naming it).
    """
    notebook = source_notebook(module.QUESTIONS[0].notebook)
    if notebook is None:
        raise RuntimeError(f"{module.__name__}: its instructor notebook is not available")
    return notebook.solved_namespace()


def forget_return(code: str, function: str) -> str:
    """``code`` with every ``return X`` in the function ``function`` turned into ``X``.

    The classic slip: the body computes the answer and never returns it, so the
    function returns None.
    """
    tree = ast.parse(code)

    class _Forget(ast.NodeTransformer):
        def __init__(self):
            self.depth = 0

        def visit_FunctionDef(self, node):
            if node.name == function and self.depth == 0:
                self.depth += 1
                self.generic_visit(node)
                self.depth -= 1
                if not node.body:
                    node.body = [ast.Pass()]
                return node
            if self.depth:  # a nested function keeps its own returns
                return node
            return self.generic_visit(node)

        def visit_Return(self, node):
            if self.depth and node.value is not None:
                return ast.Expr(node.value)
            return ast.Pass() if self.depth else node

    new = ast.fix_missing_locations(_Forget().visit(tree))
    return ast.unparse(new) + "\n"


def _defines_function(code: str, name: str) -> bool:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    return any(isinstance(node, ast.FunctionDef) and node.name == name for node in tree.body)


def _candidates(name: str, value) -> list[tuple[str, str]]:
    """(code, description) slips for a right answer ``value`` stored in ``name``."""
    if isinstance(value, bool):
        return [(f"{name} = not {name}", "the opposite truth value")]
    if isinstance(value, numbers.Real):
        return [(f"{name} = {name} * 1.5", "a number half as large again"),
                (f"{name} = {name} * 2 + 1", "a number off by a factor"),
                (f"{name} = -{name} - 1", "a number with the wrong sign")]
    if isinstance(value, str):
        return [(f"{name} = {name}[::-1]", "a garbled string"),
                (f'{name} = "none of these"', "a string that is not an option")]
    if isinstance(value, pd.DataFrame):
        return [(f"{name} = {name}.iloc[:-1]", "a table with its last row missing"),
                (f"{name} = {name}.head(0)", "an empty table")]
    if isinstance(value, pd.Series):
        return [(f"{name} = {name}.iloc[:-1]", "a series with its last value missing"),
                (f"{name} = {name} * 2", "a series off by a factor")]
    if isinstance(value, np.ndarray):
        return [(f"{name} = {name}[:-1]", "an array with its last value missing"),
                (f"{name} = {name} * 2", "an array off by a factor")]
    if isinstance(value, (set, frozenset)):
        return [(f"{name} = set(sorted({name})[:-1])", "a set with one item left out"),
                (f'{name} = set({name}) | {{"made_up"}}', "a set with an extra item")]
    if isinstance(value, (list, tuple)):
        return [(f"{name} = list({name})[:-1]", "a list with its last item left out"),
                (f'{name} = list({name}) + ["made_up"]', "a list with an extra item")]
    if isinstance(value, dict):
        return [(f"{name} = dict(list({name}.items())[:-1])", "a mapping with one entry left out")]
    return [(f'{name} = "not the answer"', "a value of the wrong kind")]


def _is_wrong(question: Question, namespace: dict, code: str) -> bool:
    trial = dict(namespace)
    try:
        exec(code, trial)
    except Exception:
        return False
    values = tuple(trial.get(name) for name in question.variables)
    return question.outcome(*values) is Outcome.NOT_YET


def mistake_for(question: Question, namespace: dict, answer_code: str) -> Mistake:
    """The first typical slip on ``question`` that its checker calls "Not yet right".

    Parameters
    ----------
    question
        The question (its first variable gets the slip).
    namespace
        :func:`reference_namespace` of its module.
    answer_code
        The instructor's answer cell (used to rewrite a function without ``return``).

    Returns
    -------
    Mistake
        ``code`` replaces the answer cell for a function, and follows it otherwise.

    Raises
    ------
    LookupError
        If no slip makes the checker say "Not yet right" (names the question).
    """
    name = question.variables[0]
    if name not in namespace:
        raise LookupError(f"question {question.name!r}: the worked solutions define no "
                          f"variable {name!r}")
    value = namespace[name]
    tried: list[str] = []
    if callable(value) and not isinstance(value, type):
        if _defines_function(answer_code, name):
            code = forget_return(answer_code, name)
        else:  # the function comes from elsewhere: wrap it in one that drops the result
            code = (f"{answer_code}\n_{name}_as_written = {name}\n\n\n"
                    f"def {name}(*args, **kwargs):\n    _{name}_as_written(*args, **kwargs)\n")
        stub: Callable = lambda *args, **kwargs: None  # noqa: E731 - what forget_return yields
        if question.outcome(*(stub if v == name else namespace.get(v)
                              for v in question.variables)) is Outcome.NOT_YET:
            return Mistake(name, code, f"`{name}` computes its result but never returns it",
                           replaces_answer=True)
        tried.append("a function without `return`")
    else:
        for code, description in _candidates(name, value):
            if _is_wrong(question, namespace, code):
                return Mistake(name, code, description)
            tried.append(code)
    raise LookupError(f"question {question.name!r}: none of the typical slips on `{name}` "
                      f"({type(value).__name__}) is 'Not yet right' for its checker; "
                      f"tried: {tried}")
