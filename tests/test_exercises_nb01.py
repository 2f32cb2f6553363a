"""Notebook 01: do realistic wrong answers get the nudge written for them, and does every
defensible answer pass?"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from telegram_case import cells, growth, load
from telegram_case.checking import CheckFailed, Outcome
from telegram_case.exercises import nb00, nb01

from .exercise_helpers import Lazy, assert_nudged, solved_namespace, wrong

ROOT = Path(__file__).resolve().parents[1]


def _users():
    return load("users")


def _mau():
    return growth.milestones(_users())


def _mau_unsorted():
    users = _users()
    return users[users["metric"] == "monthly_active_users"][["date", "value"]].sort_values(
        "date", ascending=False
    )


def _shocks():
    return _users().query("metric == 'signups'").sort_values("date").copy()


def _per_hour(scale):
    shocks = _shocks()
    shocks["per_hour"] = scale(shocks)
    return shocks[["date", "label", "per_hour"]]


def _simple_growth(start, end, years):
    return (end / start - 1) / years


def _yearly_multiple(start, end, years):
    return (end / start) ** (1 / years)


def _row(date):
    mau = _mau()
    return mau[mau["date"] == pd.Timestamp(date)].iloc[0]


def _rate(start, end):
    start, end = _row(start), _row(end)
    return growth.cagr_between(start["date"], start["value"], end["date"], end["value"])


FIRST, SPLIT, LAST = "2016-02-23", "2021-01-01", "2025-03-19"


def _additions_per_year(start, end):
    start, end = _row(start), _row(end)
    return (end["value"] - start["value"]) / growth.years_between(start["date"], end["date"])


def _range_at(*days):
    return tuple(growth.cagr_between("2018-03-22", 200, day, 300) for day in days)


def _verdicts(**changes):
    answer = dict(nb01.seed_verdicts.answer())
    answer.update(changes)
    return answer


def _mau_all_columns():
    """The right rows of `users`, sorted, with all of its columns, not only `date` and `value`."""
    users = _users()
    return users[users["metric"] == "monthly_active_users"].sort_values("date")


WRONG = [
    wrong(
        nb01.mau_milestones, Lazy(lambda: _users()[["date", "value", "metric"]]), "other metrics"
    ),
    wrong(nb01.mau_milestones, Lazy(_mau_unsorted), "sort them by date"),
    wrong(nb01.mau_milestones, Lazy(lambda: _users()[["date"]]), "lacks the column"),
    wrong(nb01.mau_milestones, Lazy(_mau_all_columns), "keep only `date`"),
    wrong(nb01.mau_multiple, 20.0, "the blog's figure"),
    wrong(nb01.mau_multiple, 9.0, "growth in per cent"),
    wrong(nb01.mau_multiple, 0.1, "turn the ratio around"),
    wrong(nb01.cagr_function, _simple_growth, "simple growth"),
    wrong(nb01.cagr_function, _yearly_multiple, "subtract 1"),
    wrong(nb01.cagr_function, 0.25, "should be a function"),
    wrong(nb01.speed_ratio, 4.0, "calculation as it stands"),
    wrong(nb01.speed_ratio, 72 / 15, "check the figure for VK"),
    wrong(nb01.speed_ratio, 78 / 18, "check the figure for Telegram"),
    wrong(nb01.speed_ratio, 15 / 78, "divided Telegram's time"),
    wrong(nb01.speed_ratio, 6.5 / 15, "Convert VK's years"),
    wrong(
        nb01.rate_range_300m,
        Lazy(lambda: _range_at("2019-01-01", "2019-06-30")),
        "lower rate first",
    ),
    wrong(
        nb01.rate_range_300m,
        Lazy(lambda: _range_at("2019-06-30", "2019-04-01")),
        "date in the data",
    ),
    wrong(
        nb01.rate_range_300m,
        Lazy(
            lambda: tuple(
                sorted(
                    growth.cagr_between(day, 300, "2020-04-24", 400)
                    for day in ("2019-01-01", "2019-06-30")
                )
            )
        ),
        "300 M to 400 M",
    ),
    wrong(
        nb01.rate_range_300m,
        Lazy(
            lambda: tuple(
                0.5 / growth.years_between("2018-03-22", day)
                for day in ("2019-06-30", "2019-01-01")
            )
        ),
        "simple growth",
    ),
    wrong(
        nb01.rate_range_300m,
        Lazy(lambda: tuple(100 * r for r in nb01.rate_range_300m.answer())),
        "percentage",
    ),
    wrong(nb01.rate_range_300m, 0.4, "pair of numbers"),
    wrong(nb01.rate_range_300m, (0.4, "0.6"), "two numbers"),
    wrong(nb01.signups_per_hour, Lazy(lambda: _per_hour(lambda s: s["value"])), "per window"),
    wrong(
        nb01.signups_per_hour,
        Lazy(lambda: _per_hour(lambda s: s["value"] / s["window_hours"])),
        "millions per hour",
    ),
    wrong(
        nb01.signups_per_hour,
        Lazy(lambda: _per_hour(lambda s: s["value"] * 1000 / (s["window_hours"] / 24))),
        "per day",
    ),
    wrong(nb01.signups_per_hour, Lazy(_users), "lacks the column"),
    wrong(nb01.fastest_shock, 3, "should be a label"),
    wrong(nb01.fastest_shock, "WhatsApp", "one of the `label` values"),
    wrong(nb01.fastest_shock, "Facebook outage, Oct 2021 (single source)", "single report"),
    wrong(nb01.fastest_shock, "Facebook and WhatsApp outage, Mar 2019", "well-rated source"),
    wrong(nb01.seed_verdicts, [("fifteen_months", "correct")], "should be a dict"),
    wrong(
        nb01.seed_verdicts,
        Lazy(lambda: {"fifteen_months": ("correct", ["ev_15m_durov_post"])}),
        "no entry yet for 'vk_six_years'",
    ),
    wrong(
        nb01.seed_verdicts,
        Lazy(lambda: _verdicts(fifty_million_active_users=("correct", ["ev_50m_count"]))),
        "none of it supports calling the claim 'correct'",
    ),
    wrong(
        nb01.seed_verdicts,
        Lazy(lambda: _verdicts(eighteen_months=("partly", ["ev_18m_durov_post"]))),
        "none of it supports calling the claim 'partly'",
    ),
    wrong(
        nb01.seed_verdicts,
        Lazy(lambda: _verdicts(vk_six_years=("partly", ["ev_15m_durov_post"]))),
        "evidence about another claim",
    ),
    wrong(
        nb01.seed_verdicts,
        Lazy(lambda: _verdicts(vk_six_years=("partly", ["durov said so"]))),
        "not an evidence id",
    ),
    wrong(
        nb01.seed_verdicts,
        Lazy(lambda: _verdicts(vk_six_years=("partly", []))),
        "cite at least one",
    ),
    wrong(nb01.seed_verdicts, Lazy(lambda: _verdicts(vk_six_years="partly")), "should be a pair"),
    wrong(
        nb01.seed_verdicts,
        Lazy(lambda: _verdicts(vk_six_years=("half true", ["ev_x"]))),
        "the verdict should be one of",
    ),
]


@pytest.mark.parametrize(("question", "value", "message"), WRONG)
def test_wrong_answer_gets_its_nudge(question, value, message):
    assert_nudged(question, value, message)


def _nudged(question, values, message):
    with pytest.raises(CheckFailed) as failed:
        question.evaluate(*values)
    assert failed.value.outcome is Outcome.NOT_YET, str(failed.value)
    assert message in str(failed.value), str(failed.value)


RATES_WRONG = [
    (
        (lambda: (_additions_per_year(FIRST, SPLIT), _additions_per_year(SPLIT, LAST))),
        "millions of users added per year",
    ),
    (
        (lambda: (_simple_growth(100, 500, growth.years_between(FIRST, SPLIT)), 0.18)),
        "simple growth",
    ),
    ((lambda: (growth.cagr(100, 500, 5), growth.cagr(500, 1000, 4))), "calendar years"),
    ((lambda: (_rate(SPLIT, LAST), _rate(FIRST, SPLIT))), "swapped"),
    ((lambda: (_rate(FIRST, LAST), _rate(SPLIT, LAST))), "whole series"),
    ((lambda: (_rate(FIRST, SPLIT) * 100, _rate(SPLIT, LAST) * 100)), "percentage"),
    ((lambda: ("0.39", _rate(SPLIT, LAST))), "should be a number"),
]


@pytest.mark.parametrize(
    ("values", "message"), RATES_WRONG, ids=[message for _, message in RATES_WRONG]
)
def test_rates_before_and_after_get_their_nudges(values, message):
    _nudged(nb01.mau_cagr, values(), message)


def _doubling(rate):
    return rate, growth.doubling_time(rate)


PROJECTION_WRONG = [
    ((lambda: _doubling(_rate(FIRST, LAST))), "average since 2016"),
    ((lambda: _doubling(_rate(FIRST, SPLIT))), "pace before January 2021"),
    ((lambda: _doubling(_rate("2024-03-11", LAST))), "under two years"),
    ((lambda: _doubling(_rate("2024-07-01", LAST))), "under two years"),
    ((lambda: (_rate(SPLIT, LAST) * 100, 4.2)), "fraction"),
    ((lambda: (0.5, 1.7)), "not the value"),
    ((lambda: (_rate(SPLIT, LAST), 70 / (_rate(SPLIT, LAST) * 100))), "rule of thumb"),
    ((lambda: (_rate(SPLIT, LAST), 72 / (_rate(SPLIT, LAST) * 100))), "rule of thumb"),
    ((lambda: (_rate(SPLIT, LAST), 0.6931 / _rate(SPLIT, LAST))), "rule of thumb"),
]


@pytest.mark.parametrize(
    ("values", "message"), PROJECTION_WRONG, ids=[message for _, message in PROJECTION_WRONG]
)
def test_projection_choices_that_are_not_a_recent_pace_get_their_nudges(values, message):
    _nudged(nb01.doubling_years, values(), message)


@pytest.mark.parametrize("start", [SPLIT, "2022-06-21", "2023-01-01"])
def test_every_recent_pace_of_two_years_or_more_is_accepted(start):
    """Q5 accepts each defensible projection rate (documented in the module)."""
    rate = _rate(start, LAST)
    assert nb01.doubling_years.outcome(rate, growth.doubling_time(rate)) is Outcome.CORRECT


def test_vk_six_years_may_be_judged_partly_or_wrong():
    """Rounding 6.5 years down to 6 is imprecise (partly) or a wrong figure (wrong); the
    evidence item supports both, so both pass with it."""
    for verdict in ("partly", "wrong"):
        answer = _verdicts(vk_six_years=(verdict, ["ev_vk_durov_post"]))
        assert nb01.seed_verdicts.outcome(answer) is Outcome.CORRECT


def test_a_verdict_nudge_names_the_claim_not_the_verdict():
    answer = _verdicts(fifty_million_active_users=("correct", ["ev_50m_count"]))
    with pytest.raises(CheckFailed) as failed:
        nb01.seed_verdicts.evaluate(answer)
    message = str(failed.value)
    assert "fifty_million_active_users" in message
    assert "'partly'" not in message and "'wrong'" not in message


def test_a_credible_fastest_shock_needs_a_credible_source():
    """The shock the pitch may quote rests on a source rated medium-high or better."""
    users = _users().set_index("label")
    assert users.loc[nb01.fastest_shock.answer(), "confidence"] in nb01.CREDIBLE
    fastest_overall = nb01.signups_per_hour.answer().sort_values("per_hour")["label"].iloc[-1]
    assert users.loc[fastest_overall, "confidence"] not in nb01.CREDIBLE


def test_the_range_brackets_the_rate_at_the_date_in_the_data():
    low, high = nb01.rate_range_300m.answer()
    assert low < _rate("2018-03-22", "2019-04-01") < high


def test_doubling_rules_of_thumb_are_named():
    namespace = solved_namespace(nb01)
    rate = namespace["projection_rate"]
    _nudged(nb01.doubling_years, (rate, 72 / (rate * 100)), "rule of thumb")


def test_messages_never_contain_the_expected_number():
    namespace = solved_namespace(nb01)
    cases = {
        nb01.mau_multiple: (namespace["mau_multiple"] * 1.5,),
        nb01.speed_ratio: (namespace["speed_ratio"] * 1.5,),
        nb01.mau_cagr: (namespace["rate_before"] * 1.5, namespace["rate_after"]),
        nb01.doubling_years: (namespace["projection_rate"], namespace["doubling_years"] * 1.5),
        nb01.rate_range_300m: (tuple(r * 1.5 for r in namespace["rate_range"]),),
    }
    for question, values in cases.items():
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(*values)
        for secret in question.secrets():
            for shown in (f"{secret:.2f}", f"{secret:.3g}", f"{secret:.1%}"):
                assert shown not in str(failed.value), (question.name, shown)


def test_explanations_need_a_correct_answer_and_use_it():
    namespace = solved_namespace(nb01)
    for question in nb01.QUESTIONS:
        if question.explain is None:
            continue
        values = tuple(namespace[v] for v in question.variables)
        text = question._explanation(values)
        assert text and "{" not in text, question.name


def test_frame_answers_accept_object_and_string_dtypes():
    answer = solved_namespace(nb01)["signups_per_hour"].copy()
    for dtype in (object, "string"):
        answer["label"] = answer["label"].astype(dtype)
        assert nb01.signups_per_hour.outcome(answer) is Outcome.CORRECT


def _student_text(path: Path) -> str:
    notebook = cells.read(path)
    return "\n".join(cells.source(cell) for cell in notebook["cells"])


@pytest.mark.parametrize("module", [nb00, nb01], ids=["00", "01"])
def test_student_facing_text_names_the_seed_texts_not_their_files(module):
    """Hints, nudges and the student notebook say what a seed text is, not its file number."""
    student = next((ROOT / "notebooks").glob(f"{module.QUESTIONS[0].notebook}-*.ipynb"))
    texts = [_student_text(student), *(h for q in module.QUESTIONS for h in q.hints)]
    for text in texts:
        assert not re.search(r"seed\s*0\d\d", text, flags=re.IGNORECASE), text[:200]


def test_rate_range_explanation_names_the_two_neighbouring_intervals():
    """The intervals just before (170 M → 200 M) and just after (300 M → 400 M) 200 M → 300 M."""
    text = nb01.rate_range_300m._explanation((nb01._rate_range(),))
    assert "(Oct 2017 to Mar 2018)" in text and "(Apr 2019 to Apr 2020)" in text
    assert "Apr 2020 to Jan 2021" not in text
