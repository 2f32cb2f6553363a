"""Can every question of every notebook tell right from wrong?

Generic tests over all question modules: the worked solution passes, the
untouched stub reads as "Not attempted", hostile answers do not pass, and every
question has hints. The realistic wrong answers of each notebook are in
tests/test_exercises_nbNN.py.
"""

from __future__ import annotations

import pytest

from telegram_case.checking import CheckFailed, Outcome

from .exercise_helpers import ClaimsEqualityWithEverything, exercise_modules, solved_namespace

ALL = [(m, q) for m in exercise_modules() for q in m.QUESTIONS]
IDS = [f"{m.__name__.rsplit('.', 1)[1]}.{q.name}" for m, q in ALL]


@pytest.mark.parametrize(("module", "question"), ALL, ids=IDS)
def test_worked_solution_passes(module, question):
    namespace = solved_namespace(module)
    assert question.outcome(*[namespace[v] for v in question.variables]) is Outcome.CORRECT


@pytest.mark.parametrize(("module", "question"), ALL, ids=IDS)
def test_untouched_stub_is_not_attempted(module, question):
    # The stub `raise NotImplementedError()` leaves the answer variable undefined.
    with pytest.raises(CheckFailed) as failed:
        question.check()
    assert failed.value.outcome is Outcome.NOT_ATTEMPTED
    # A function stub is defined but raises when called.
    namespace = solved_namespace(module)
    values = [namespace[v] for v in question.variables]
    if any(callable(v) and not isinstance(v, type) for v in values):

        def stub(*args, **kwargs):
            raise NotImplementedError()

        stubs = [stub if callable(v) else v for v in values]
        assert question.outcome(*stubs) is Outcome.NOT_ATTEMPTED


@pytest.mark.parametrize(("module", "question"), ALL, ids=IDS)
def test_hostile_answer_does_not_pass(module, question):
    hostile = [ClaimsEqualityWithEverything()] * len(question.variables)
    assert question.outcome(*hostile) is not Outcome.CORRECT


@pytest.mark.parametrize(("module", "question"), ALL, ids=IDS)
def test_every_question_has_hints_a_reference_answer_and_a_worked_solution(module, question):
    assert len(question.hints) >= 2
    assert question.title
    assert question.answer is not None, "declare the reference answer: answer=..."
    solution = question.worked_solution()
    assert solution and solution.strip(), "no solution region in the answer cell"
    assert "BEGIN SOLUTION" not in solution and "END SOLUTION" not in solution
    if question.source() is not None:
        assert question.practice_solution is None, "a second copy of the notebook's solution"


@pytest.mark.parametrize(("module", "question"), ALL, ids=IDS)
def test_reference_answer_passes_its_own_check(module, question):
    value = question.answer()
    if len(question.variables) == 1:
        assert question.outcome(value) is Outcome.CORRECT
    else:
        assert question.outcome(*value) is Outcome.CORRECT


def test_every_module_binds_its_questions_once_by_name():
    for module in exercise_modules():
        names = [q.name for q in (*module.QUESTIONS, *module.WRITTEN)]
        assert len(names) == len(set(names)), module.__name__
        assert all(
            getattr(module, name) is q
            for name, q in zip(names, (*module.QUESTIONS, *module.WRITTEN), strict=True)
        )
        assert set(dir(module)) == {*names, "progress"}, "q.<TAB> lists only the questions"
        assert not hasattr(module, "PREAMBLE"), "the solved namespace comes from the notebook"
