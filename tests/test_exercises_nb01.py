"""Notebook 01: do realistic wrong answers get the nudge written for them?"""

from __future__ import annotations

import pytest

from telegram_case import load
from telegram_case.checking import CheckFailed, Outcome
from telegram_case.exercises import nb00, nb01

from .exercise_helpers import Lazy, assert_nudged, solved_namespace, wrong


def _users():
    return load("users")


def _mau_unsorted():
    users = _users()
    return users[users["metric"] == "monthly_active_users"][["date", "value"]].sort_values(
        "date", ascending=False)


def _per_window():
    shocks = _users().query("metric == 'signups'").copy()
    shocks["per_hour"] = shocks["value"]
    return shocks[["date", "label", "per_hour"]]


def _simple_growth(start, end, years):
    return (end / start - 1) / years


def _yearly_multiple(start, end, years):
    return (end / start) ** (1 / years)


WRONG = [
    wrong(nb00.practice_rows, 3.5, "whole number"),
    wrong(nb00.practice_rows, 20, "not the value"),
    wrong(nb00.practice_rows, "ten", "should be a number"),
    wrong(nb01.mau_milestones, Lazy(lambda: _users()[["date", "value", "metric"]]),
          "other metrics"),
    wrong(nb01.mau_milestones, Lazy(_mau_unsorted), "sort them by date"),
    wrong(nb01.mau_milestones, Lazy(lambda: _users()[["date"]]), "lacks the column"),
    wrong(nb01.mau_multiple, 9.0, "growth in per cent"),
    wrong(nb01.mau_multiple, 0.1, "turn the ratio around"),
    wrong(nb01.cagr_function, _simple_growth, "simple growth"),
    wrong(nb01.cagr_function, _yearly_multiple, "subtract 1"),
    wrong(nb01.cagr_function, 0.25, "should be a function"),
    wrong(nb01.mau_cagr, 28.9, "percentage"),
    wrong(nb01.mau_cagr, 0.5, "not the value the data gives"),
    wrong(nb01.doubling_years, 3.5, "not the value"),
    wrong(nb01.speed_ratio, 72 / 15, "6 Jahre"),
    wrong(nb01.speed_ratio, 78 / 18, "18 Monaten"),
    wrong(nb01.speed_ratio, 15 / 78, "divided Telegram's time"),
    wrong(nb01.signups_per_hour, Lazy(_per_window), "divide by `window_hours`"),
    wrong(nb01.signups_per_hour, Lazy(_users), "lacks the column"),
    wrong(nb01.fastest_shock, 3, "should be a label"),
    wrong(nb01.fastest_shock, "WhatsApp", "one of the `label` values"),
    wrong(nb01.fastest_shock, "Facebook and WhatsApp outage, Mar 2019",
          "compare sign-ups per hour"),
    wrong(nb01.flawed_claims, "paul_durov", "list or set"),
    wrong(nb01.flawed_claims, [], "missing"),
    wrong(nb01.flawed_claims, ["not_a_claim"], "not options"),
]


@pytest.mark.parametrize(("question", "value", "message"), WRONG)
def test_wrong_answer_gets_its_nudge(question, value, message):
    assert_nudged(question, value, message)


def test_doubling_rules_of_thumb_are_named():
    rate = solved_namespace(nb01)["mau_growth_rate"]
    assert_nudged(nb01.doubling_years, 70 / (rate * 100), "rule of 70")
    assert_nudged(nb01.doubling_years, 72 / (rate * 100), "rule of 72")


def test_messages_never_contain_the_expected_number():
    namespace = solved_namespace(nb01)
    for name in ("mau_multiple", "mau_growth_rate", "doubling_years", "speed_ratio"):
        expected = namespace[name]
        question = next(q for q in nb01.QUESTIONS if q.variables == (name,))
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(expected * 1.5)
        for shown in (f"{expected:.2f}", f"{expected:.3g}", f"{expected:.1%}"):
            assert shown not in str(failed.value), (name, shown)


def test_flawed_claims_nudge_does_not_list_the_answer():
    claims = load("claims")
    mine = claims[claims["notebook"] == "01"]
    correct = list(mine.loc[mine["verdict"] == "correct", "claim_id"])
    with pytest.raises(CheckFailed) as failed:
        nb01.flawed_claims.evaluate(correct)
    flawed = mine.loc[mine["verdict"] != "correct", "claim_id"]
    assert not any(claim_id in str(failed.value) for claim_id in flawed)


def test_frame_answers_accept_object_and_string_dtypes():
    answer = solved_namespace(nb01)["signups_per_hour"].copy()
    for dtype in (object, "string"):
        answer["label"] = answer["label"].astype(dtype)
        assert nb01.signups_per_hour.outcome(answer) is Outcome.CORRECT
