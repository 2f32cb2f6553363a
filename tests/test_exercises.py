"""Can every question tell right from wrong?

For every question of every notebook: the worked solution passes, the untouched
stub reads as "Not attempted", and realistic wrong answers fail as "Not yet
right" with the nudge written for them (and without revealing the answer).
"""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

from telegram_case import load
from telegram_case.checking import CheckFailed, Outcome

# What each notebook defines before its first question (its setup and data cells).
PREAMBLES = {
    "nb00": "from telegram_case import load\nusers = load('users')\n",
    "nb01": "from telegram_case import load\nusers = load('users')\nclaims = load('claims')\n",
}


def _modules():
    return [importlib.import_module(f"telegram_case.exercises.{name}") for name in PREAMBLES]


def _solved_namespace(module_name: str) -> dict:
    """Run the preamble and every worked solution in order, as a notebook would."""
    module = importlib.import_module(f"telegram_case.exercises.{module_name}")
    namespace: dict = {}
    exec(PREAMBLES[module_name], namespace)
    for question in module.QUESTIONS:
        exec(question.worked_solution, namespace)
    return namespace


ALL_QUESTIONS = [(m.__name__.rsplit(".", 1)[1], q) for m in _modules() for q in m.QUESTIONS]


@pytest.mark.parametrize(("module", "question"), ALL_QUESTIONS,
                         ids=[f"{m}.{q.name}" for m, q in ALL_QUESTIONS])
def test_worked_solution_passes(module, question):
    namespace = _solved_namespace(module)
    values = [namespace[v] for v in question.variables]
    assert question.outcome(*values) is Outcome.CORRECT


@pytest.mark.parametrize(("module", "question"), ALL_QUESTIONS,
                         ids=[f"{m}.{q.name}" for m, q in ALL_QUESTIONS])
def test_untouched_stub_is_not_attempted(module, question):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    # A value stub leaves the variable undefined; a function stub raises when called.
    with pytest.raises(CheckFailed) as failed:
        question.check()
    assert failed.value.outcome is Outcome.NOT_ATTEMPTED
    if question.variables == ("cagr",):
        assert question.outcome(stub) is Outcome.NOT_ATTEMPTED


@pytest.mark.parametrize(("module", "question"), ALL_QUESTIONS,
                         ids=[f"{m}.{q.name}" for m, q in ALL_QUESTIONS])
def test_every_question_has_hints_and_a_solution(module, question):
    assert len(question.hints) >= 2
    assert question.worked_solution.strip()


class Lazy:
    """A wrong answer built from the data when the test runs, not at import."""

    def __init__(self, make):
        self.make = make


def _wrong(module: str, name: str, value, message: str):
    return pytest.param(module, name, value, message, id=f"{module}.{name}: {message[:30]}")


def _users():
    return load("users")


def _mau_unsorted():
    users = _users()
    return users[users["metric"] == "monthly_active_users"][["date", "value"]].sort_values(
        "date", ascending=False)


def _all_metrics():
    return _users()[["date", "value", "metric"]]


def _per_window():
    shocks = _users().query("metric == 'signups'").copy()
    shocks["per_hour"] = shocks["value"]
    return shocks[["date", "label", "per_hour"]]


def _simple_growth(start, end, years):
    return (end / start - 1) / years


def _yearly_multiple(start, end, years):
    return (end / start) ** (1 / years)


WRONG_ANSWERS = [
    _wrong("nb00", "practice_rows", 3.5, "not the value"),
    _wrong("nb00", "practice_rows", "ten", "should be a number"),
    _wrong("nb01", "mau_milestones", Lazy(_all_metrics), "other metrics"),
    _wrong("nb01", "mau_milestones", Lazy(_mau_unsorted), "sort them by date"),
    _wrong("nb01", "mau_milestones", Lazy(lambda: _users()[["date"]]), "lacks the column"),
    _wrong("nb01", "mau_multiple", 9.0, "growth in per cent"),
    _wrong("nb01", "mau_multiple", 0.1, "turn the ratio around"),
    _wrong("nb01", "cagr_function", _simple_growth, "simple growth"),
    _wrong("nb01", "cagr_function", _yearly_multiple, "subtract 1"),
    _wrong("nb01", "cagr_function", 0.25, "should be a function"),
    _wrong("nb01", "mau_cagr", 28.9, "percentage"),
    _wrong("nb01", "mau_cagr", 0.5, "not the value the data gives"),
    _wrong("nb01", "doubling_years", 3.5, "not the value"),
    _wrong("nb01", "speed_ratio", 72 / 15, "6 Jahre"),
    _wrong("nb01", "speed_ratio", 78 / 18, "18 Monaten"),
    _wrong("nb01", "speed_ratio", 15 / 78, "divided Telegram's time"),
    _wrong("nb01", "signups_per_hour", Lazy(_per_window), "divide by `window_hours`"),
    _wrong("nb01", "signups_per_hour", Lazy(_users), "rows"),
    _wrong("nb01", "fastest_shock", 3, "should be a label"),
    _wrong("nb01", "fastest_shock", "WhatsApp", "one of the `label` values"),
    _wrong("nb01", "flawed_claims", "paul_durov", "list or set"),
    _wrong("nb01", "flawed_claims", [], "missing"),
]


def _doubling_mistakes():
    """Wrong answers whose value depends on the data: the rules of 70 and 72."""
    namespace = _solved_namespace("nb01")
    rate = namespace["mau_growth_rate"]
    return [(70 / (rate * 100), "rule of 70"), (72 / (rate * 100), "rule of 72")]


@pytest.mark.parametrize(("module", "name", "value", "message"), WRONG_ANSWERS)
def test_wrong_answer_gets_its_nudge(module, name, value, message):
    question = getattr(importlib.import_module(f"telegram_case.exercises.{module}"), name)
    if isinstance(value, Lazy):
        value = value.make()
    with pytest.raises(CheckFailed) as failed:
        question.evaluate(value)
    assert failed.value.outcome is Outcome.NOT_YET
    assert message in str(failed.value)


def test_doubling_rules_of_thumb_are_named():
    from telegram_case.exercises import nb01

    for value, message in _doubling_mistakes():
        with pytest.raises(CheckFailed, match=message):
            nb01.doubling_years.evaluate(value)


def test_wrong_flawed_claims_do_not_reveal_the_answer():
    from telegram_case.exercises import nb01

    claims = load("claims")
    correct = list(claims.loc[(claims["notebook"] == "01") & (claims["verdict"] == "correct"),
                              "claim_id"])
    with pytest.raises(CheckFailed) as failed:
        nb01.flawed_claims.evaluate(correct)
    flawed = set(claims.loc[(claims["notebook"] == "01") & (claims["verdict"] != "correct"),
                            "claim_id"])
    assert not any(claim_id in str(failed.value) for claim_id in flawed)


def test_messages_never_contain_the_expected_number():
    from telegram_case.exercises import nb01

    namespace = _solved_namespace("nb01")
    for name in ("mau_multiple", "mau_growth_rate", "doubling_years", "speed_ratio"):
        expected = namespace[name]
        question = next(q for q in nb01.QUESTIONS if q.variables == (name,))
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(expected * 1.5)
        for shown in (f"{expected:.2f}", f"{expected:.3g}", f"{expected:.1%}"):
            assert shown not in str(failed.value), (name, shown)


def test_hostile_answers_do_not_pass():
    """Objects that claim equality with everything fail every question."""
    from tests.test_checking import ClaimsEqualityWithEverything
    from telegram_case.exercises import nb01

    for question in nb01.QUESTIONS:
        assert question.outcome(ClaimsEqualityWithEverything()) is not Outcome.CORRECT, (
            question.name)


def test_frame_answers_accept_pandas_string_and_object_dtypes():
    from telegram_case.exercises import nb01

    namespace = _solved_namespace("nb01")
    answer = namespace["signups_per_hour"].copy()
    answer["label"] = answer["label"].astype(object)
    assert nb01.signups_per_hour.outcome(answer) is Outcome.CORRECT
    answer["label"] = answer["label"].astype("string")
    assert nb01.signups_per_hour.outcome(answer) is Outcome.CORRECT
    assert isinstance(answer, pd.DataFrame)
