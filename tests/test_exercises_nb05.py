"""Notebook 05: do realistic wrong answers get the nudge written for them?"""

from __future__ import annotations

import pytest

from telegram_case import load
from telegram_case.checking import Outcome
from telegram_case.exercises import nb05

from .exercise_helpers import Lazy, assert_nudged, solved_namespace, wrong


def _knowable(**changes):
    rows = set(solved_namespace(nb05)["knowable_rows"])
    return (rows | set(changes.get("add", ()))) - set(changes.get("drop", ()))


def _by_period():
    money = load("monetization")
    return set(money.loc[money["period_end"] <= "2025-05-28", "row_id"])


def _shares(kind):
    def shares_value(face, discount):
        if not 0 <= discount < 1:
            raise ValueError("discount")
        return {
            "colleague": face * (1 + discount),
            "cost": face * (1 - discount),
            "plus": face / (1 + discount),
        }[kind]

    return shares_value


def _unguarded(face, discount):
    return face / (1 - discount)  # ZeroDivisionError at 1, accepts 1.5 and -0.1


def _lenient(face, discount):
    if discount == 1:
        raise ValueError("discount")
    return face / (1 - discount)


def _payoffs(**changes):
    answer = dict(solved_namespace(nb05)["scenario_payoffs"])
    answer.update(changes)
    return answer


WRONG = [
    wrong(nb05.knowable_rows, Lazy(lambda: _knowable(add=["h1_2025_revenue"])), "January 2026"),
    wrong(nb05.knowable_rows, Lazy(_by_period), "`period_end`"),
    wrong(
        nb05.knowable_rows,
        Lazy(
            lambda: _knowable(
                drop=["premium_2025_05", "bond_2025_first_report", "fy2025_revenue_target"]
            )
        ),
        "on or before",
    ),
    wrong(nb05.knowable_rows, Lazy(lambda: _knowable(drop=["fy2023_revenue"])), "missing"),
    wrong(
        nb05.knowable_rows, Lazy(lambda: _knowable(add=["bond_2025_final"])), "should not be there"
    ),
    wrong(nb05.knowable_rows, "fy2024_revenue", "set (or list)"),
    wrong(nb05.knowable_rows, {"no_such_row"}, "not options"),
    wrong(nb05.recurring_revenue, 1400.0, "one-off deal"),
    wrong(nb05.recurring_revenue, 775.0, "Durov's"),
    wrong(nb05.recurring_revenue, 300.0, "first half of 2024"),
    wrong(nb05.recurring_revenue, 950.0, "subtract it once"),
    wrong(nb05.recurring_revenue, "1175", "should be a number"),
    wrong(nb05.revenue_per_user, 1400 / 950, "recurring revenue"),
    wrong(nb05.revenue_per_user, 1175 / 950 / 12, "per month"),
    wrong(nb05.revenue_per_user, 1175 / 1000, "from 2025"),
    wrong(nb05.revenue_per_user, 1175 / 800, "not what recurring 2024 revenue"),
    wrong(nb05.revenue_per_user, float("inf"), "finite"),
    wrong(nb05.revenue_per_user, None or [1.2], "should be a number"),
    wrong(nb05.interest_cover, 540 / 135, "one-off deal"),
    wrong(nb05.interest_cover, 315 / 153, "final size"),
    wrong(nb05.interest_cover, 322 / 135, "Durov's profit"),
    wrong(nb05.interest_cover, 315 / 105, "2021 bonds' coupon"),
    wrong(nb05.interest_cover, 135 / 315, "Turn the ratio around"),
    wrong(nb05.interest_cover, 315 / 1500, "not by the size"),
    # the coupon as 9 instead of 0.09: what is wrong is the coupon, not a per cent of the cover
    wrong(nb05.interest_cover, 315 / (1500 * 9), "already a fraction"),
    wrong(nb05.interest_cover, 315 / (1.5 * 0.09), "1,000 times larger"),
    wrong(nb05.recurring_revenue, 1.175, "USD million"),
    wrong(nb05.shares_value, _shares("colleague"), "colleague's calculation"),
    wrong(nb05.shares_value, _shares("cost"), "what the shares you get are worth"),
    wrong(nb05.shares_value, _shares("plus"), "comes off the price"),
    wrong(nb05.shares_value, _unguarded, "raised ZeroDivisionError"),
    wrong(nb05.shares_value, _lenient, "accepts a discount of 1.5"),
    wrong(nb05.shares_value, 125.0, "defined with `def`"),
    wrong(nb05.e2e_by_default, {"whatsapp", "signal", "telegram"}, "Telegram's row"),
    wrong(nb05.e2e_by_default, {"whatsapp"}, "missing"),
    wrong(nb05.e2e_by_default, {"whatsapp", "signal", "wechat"}, "should not be there"),
    wrong(nb05.e2e_by_default, "whatsapp", "list or set"),
    wrong(nb05.valuation_range, 10.0, "one number"),
    wrong(nb05.valuation_range, (19.222, 3.23125), "wrong order"),
    wrong(nb05.valuation_range, (3231.25, 19222.0), "USD million"),
    wrong(nb05.valuation_range, (2.75 * 1.4, 13.73 * 1.175), "Pair the lows"),
    wrong(nb05.valuation_range, (2.75 * 1.4, 13.73 * 1.4), "recurring revenue"),
    wrong(nb05.valuation_range, (2.75 * 1.175, 13.73 * 1.175), "most generous"),
    wrong(nb05.valuation_range, (7.78 * 1.175, 7.78 * 1.4), "average multiple"),
    wrong(nb05.valuation_range, (1, 2, 3), "pair (low, high)"),
    wrong(nb05.valuation_range, ("3", "19"), "should be numbers"),
    wrong(nb05.scenario_payoffs, Lazy(lambda: _payoffs(ipo=147.0)), "face × (1 + discount)"),
    wrong(nb05.scenario_payoffs, Lazy(lambda: _payoffs(ipo=170.0)), "coupons stop"),
    wrong(nb05.scenario_payoffs, Lazy(lambda: _payoffs(no_ipo=109.0)), "every year"),
    wrong(nb05.scenario_payoffs, Lazy(lambda: _payoffs(default=58.0)), "no coupon is paid"),
    wrong(nb05.scenario_payoffs, Lazy(lambda: _payoffs(default=40.0)), "year before"),
    wrong(nb05.scenario_payoffs, Lazy(lambda: _payoffs(default=118.0)), "only the recovery"),
    wrong(nb05.scenario_payoffs, Lazy(lambda: _payoffs(no_ipo=1.45)), "per USD 1 of notes"),
    wrong(nb05.scenario_payoffs, {"ipo": 152.0, "no_ipo": 145.0}, "exactly the keys"),
    wrong(nb05.scenario_payoffs, [152.0, 145.0, 49.0], "should be a dict"),
]


@pytest.mark.parametrize(("question", "value", "message"), WRONG)
def test_realistic_wrong_answer_gets_its_nudge(question, value, message):
    assert_nudged(question, value, message)


def test_every_question_has_realistic_wrong_answers():
    tested = {param.values[0].name for param in WRONG}
    assert tested == {q.name for q in nb05.QUESTIONS}


def test_defensible_variants_pass():
    """Another 2024 audience milestone, a list instead of a set, a Range, any key case."""
    from telegram_case import convertible

    assert nb05.revenue_per_user.outcome(1175 / 900) is Outcome.CORRECT
    namespace = solved_namespace(nb05)
    assert nb05.knowable_rows.outcome(sorted(namespace["knowable_rows"])) is Outcome.CORRECT
    low, high = namespace["valuation_range"]
    assert nb05.valuation_range.outcome(convertible.Range(low, high)) is Outcome.CORRECT
    assert nb05.valuation_range.outcome([low, high]) is Outcome.CORRECT
    upper = {k.upper(): v for k, v in namespace["scenario_payoffs"].items()}
    assert nb05.scenario_payoffs.outcome(upper) is Outcome.CORRECT


def test_only_the_encryption_filter_is_labelled_a_look_up():
    """Q6 is one filter; the others need a decision (which revenue, which period, which corner)."""
    assert [q.name for q in nb05.QUESTIONS if q.lookup] == ["e2e_by_default"]


def test_expected_values_follow_the_data(data_copy):
    """Change the one-off deal in a copy of the data: the expected recurring revenue moves."""
    import pandas as pd

    from telegram_case import datasets

    path = data_copy / "monetization.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["row_id"] == "h1_2024_toncoin_ads_exclusivity", "value"] = "200"
    frame.to_csv(path, index=False)
    datasets.clear_cache()
    assert nb05.recurring_revenue.outcome(1200.0) is Outcome.CORRECT
    assert nb05.recurring_revenue.outcome(1175.0) is Outcome.NOT_YET
