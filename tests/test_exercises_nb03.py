"""Notebook 03: do realistic wrong answers get the nudge written for them, and are the
defensible readings of the evidence accepted?"""

from __future__ import annotations

import pandas as pd
import pytest

from telegram_case import load, token_sale
from telegram_case.checking import CheckFailed, Outcome
from telegram_case.exercises import nb03

from .exercise_helpers import Lazy, assert_nudged, solved_namespace, wrong

# The prices on record (USD per Gram) and the amounts (USD million), as the data has them.
R1_LOW, R1_HIGH, R2_REPORTED, R2_PLANNED = 0.37, 0.38, 1.33, 1.45
AMOUNT_M, RAISED_M = 850.0, 1700.0


def _solved():
    return solved_namespace(nb03)


def _grams_scaled(factor):
    grams = _solved()["grams"].copy()
    grams[["grams_min_bn", "grams_max_bn"]] *= factor
    return grams


def _grams_swapped():
    grams = _solved()["grams"].copy()
    grams[["grams_min_bn", "grams_max_bn"]] = grams[["grams_max_bn", "grams_min_bn"]].to_numpy()
    return grams


def _grams_one_round_two_price():
    """Round two at its reported price for both ends (the range not carried)."""
    grams = _solved()["grams"].copy()
    grams.loc[grams["row_id"] == "round_2", "grams_min_bn"] = AMOUNT_M / R2_REPORTED / 1000
    return grams


def _grams_no_fill():
    grams = _solved()["grams"].copy()
    grams.loc[grams["row_id"] == "round_2", "grams_min_bn"] = float("nan")
    return grams


def _grams_all_rows():
    sale = load("token_sale")
    sale["grams_min_bn"] = sale["amount_usd_m"] / sale["price_low_usd"] / 1000
    sale["grams_max_bn"] = sale["grams_min_bn"]
    return sale


def _average(low_grams_bn, high_grams_bn):
    return (RAISED_M / (high_grams_bn * 1000), RAISED_M / (low_grams_bn * 1000))


FEWEST = AMOUNT_M / R1_HIGH / 1000 + AMOUNT_M / R2_PLANNED / 1000
MOST = AMOUNT_M / R1_LOW / 1000 + AMOUNT_M / R2_REPORTED / 1000
FEWEST_ONE_PRICE = AMOUNT_M / R1_HIGH / 1000 + AMOUNT_M / R2_REPORTED / 1000
RIGHT_RANGE = _average(FEWEST, MOST)


def _supply(factor=1.0, multiplier=5.0):
    prices = _solved()["prices"]
    return prices.assign(value_usd_bn=prices["price_usd"] * multiplier * factor)


def _us_share(**changes):
    answer = dict(_solved()["us_share"])
    answer.update(changes)
    return answer


def _choices(transform):
    return transform(_solved()["choices"].copy())


def _undiscounted(choices):
    choices["loan_value"] = (1 - choices["default_prob"]) * 1.10
    return choices


def _subtracted(choices):
    choices["loan_value"] = 1.10 / (1 + choices["discount_rate"]) - choices["default_prob"]
    return choices


def _flipped(choices):
    choices["choice"] = choices["choice"].map({"loan": "refund", "refund": "loan"})
    return choices


def _bad_labels(choices):
    choices["choice"] = choices["choice"].map({"loan": "take the loan", "refund": "refund"})
    return choices


def _booleans(choices):
    choices["choice"] = choices["loan_value"] > 0.72
    return choices


def _capitalised(choices):
    choices["choice"] = choices["choice"].str.capitalize()
    return choices


def _evidence(**changes):
    answer = dict(_solved()["evidence_prongs"])
    answer.update(changes)
    return answer


def _constant_rate(default_prob):
    return 1.10 / 0.72 - 1


def _rate_minus_p(default_prob):
    return 1.10 / 0.72 - 1 - default_prob


def _rate_rises(default_prob):
    return 1.10 / (0.72 * (1 - default_prob)) - 1


FLAW = "unweighted_mean"

WRONG = [
    wrong(nb03.grams_per_round, Lazy(lambda: _grams_scaled(1000)), "millions of Grams"),
    wrong(nb03.grams_per_round, Lazy(_grams_swapped), "swapped"),
    wrong(nb03.grams_per_round, Lazy(_grams_one_round_two_price), "Round 2 has a range too"),
    wrong(nb03.grams_per_round, Lazy(_grams_no_fill), "planned_price_usd"),
    wrong(nb03.grams_per_round, Lazy(_grams_all_rows), "keep only the two rounds"),
    wrong(nb03.grams_per_round, Lazy(lambda: _grams_scaled(1.1)), "not right yet"),
    wrong(nb03.grams_per_round, Lazy(lambda: load("token_sale")[["row_id"]]), "keep only"),
    wrong(nb03.grams_per_round, {"round_1": 2.26}, "should be a pandas DataFrame"),
    # Q2: the flaw first, then the range.
    wrong(nb03.average_price, ("mixed_units", RIGHT_RANGE), "units of the estimate"),
    wrong(nb03.average_price, ("wrong_total_grams", RIGHT_RANGE), "SEC's own"),
    wrong(nb03.average_price, ("unconfirmed_price", RIGHT_RANGE), "Look at how it averages"),
    wrong(nb03.average_price, ("the mean", RIGHT_RANGE), "should be one of"),
    wrong(
        nb03.average_price,
        (FLAW, ((R1_LOW + R2_REPORTED) / 2, (R1_HIGH + R2_PLANNED) / 2)),
        "plain mean",
    ),
    wrong(nb03.average_price, (FLAW, _average(FEWEST_ONE_PRICE, MOST)), "too narrow"),
    wrong(nb03.average_price, (FLAW, (1 / RIGHT_RANGE[1], 1 / RIGHT_RANGE[0])), "Grams per dollar"),
    wrong(nb03.average_price, (FLAW, tuple(x * 1000 for x in RIGHT_RANGE)), "Check the units"),
    wrong(nb03.average_price, (FLAW, (RAISED_M / 2900, RAISED_M / 2900)), "no width"),
    wrong(nb03.average_price, (FLAW, RIGHT_RANGE[::-1]), "lower end first"),
    wrong(nb03.average_price, (FLAW, RAISED_M / 2900), "pair of numbers"),
    wrong(nb03.average_price, (FLAW, ("0.58", "0.60")), "two numbers"),
    # Q3: a discount range.
    wrong(
        nb03.round1_discount, (1 - R1_HIGH / R2_REPORTED, 1 - R1_LOW / R2_REPORTED), "too narrow"
    ),
    wrong(
        nb03.round1_discount, (1 - R1_LOW / R2_REPORTED, 1 - R1_HIGH / R2_PLANNED), "Pair the ends"
    ),
    wrong(nb03.round1_discount, (R2_REPORTED / R1_HIGH - 1, R2_PLANNED / R1_LOW - 1), "premium"),
    wrong(nb03.round1_discount, (R1_LOW / R2_PLANNED, R1_HIGH / R2_REPORTED), "1 minus"),
    # the ratio as a student computes it, the closest prices first: unsorted, and told the
    # mistake, not the order
    wrong(nb03.round1_discount, (R1_HIGH / R2_REPORTED, R1_LOW / R2_PLANNED), "1 minus"),
    wrong(nb03.round1_discount, (1 - R1_HIGH / R2_PLANNED, 1 - R1_LOW / R2_REPORTED), "Pair"),
    wrong(
        nb03.round1_discount, (R2_REPORTED - R1_HIGH, R2_PLANNED - R1_LOW), "differences in dollars"
    ),
    wrong(nb03.round1_discount, (1 - R1_LOW / R2_PLANNED, 1 - R1_HIGH / R2_REPORTED), "lower end"),
    wrong(nb03.round1_discount, (71.4, 74.5), "percentages"),
    wrong(nb03.round1_discount, 0.72, "pair of numbers"),
    # Q4
    wrong(nb03.supply_value, Lazy(lambda: _supply(multiplier=2.9)), "Grams sold"),
    wrong(nb03.supply_value, Lazy(lambda: _supply(factor=1000)), "millions of dollars"),
    wrong(nb03.supply_value, Lazy(lambda: _supply(factor=1e9)), "in dollars"),
    wrong(nb03.supply_value, Lazy(lambda: _solved()["prices"]), "lacks the column"),
    # Q5
    wrong(nb03.spend_vs_plan, 405 / 620, "whole four-year budget"),
    wrong(nb03.spend_vs_plan, 405 / 1700, "share of the money raised"),
    wrong(nb03.spend_vs_plan, 230 / 405, "turn the ratio"),
    wrong(nb03.spend_vs_plan, 405 / 100, "2018 only"),
    wrong(nb03.spend_vs_plan, 405 / 400, "added 2020"),
    # "Jan 2018 to Jan 2020" read as 25 months: January 2020 prorated, as a student rounds it
    wrong(nb03.spend_vs_plan, 405 / 244, "worked to the month"),
    wrong(nb03.spend_vs_plan, 405 / (100 + 130 + 170 / 12), "worked to the month"),
    wrong(nb03.spend_vs_plan, 405 / 25 * 24 / 230, "worked to the month"),
    # Q6
    wrong(nb03.us_share, Lazy(lambda: _us_share(purchasers=39 / 175)), "two different ways"),
    wrong(nb03.us_share, Lazy(lambda: _us_share(purchasers=39 / 94)), "one round's investors"),
    wrong(nb03.us_share, Lazy(lambda: _us_share(money=424.5 / 850)), "one round's amount"),
    wrong(nb03.us_share, Lazy(lambda: _us_share(money=1700 / 424.5)), "turn the ratio"),
    wrong(nb03.us_share, Lazy(lambda: _us_share(money=24.97)), "percentage"),
    wrong(nb03.us_share, Lazy(lambda: _us_share(grams_at_least=1.0 / 5)), "planned supply"),
    wrong(nb03.us_share, Lazy(lambda: _us_share(grams_at_least=2.9)), "turn the ratio"),
    wrong(nb03.us_share, {"money": 0.25, "purchasers": 0.23}, "no entry yet for 'grams_at_least'"),
    wrong(nb03.us_share, Lazy(lambda: _us_share(usa=1.0)), "not asked for"),
    wrong(nb03.us_share, [0.25, 0.23, 0.34], "should be a dict"),
    # Q7
    wrong(
        nb03.evidence_prongs,
        Lazy(lambda: _evidence(gold_mine="efforts_of_others")),
        "Reread 'gold_mine'",
    ),
    wrong(
        nb03.evidence_prongs,
        Lazy(lambda: _evidence(currency_use="expectation_of_profit")),
        "Reread 'currency_use'",
    ),
    wrong(
        nb03.evidence_prongs,
        Lazy(lambda: _evidence(paid_for_future_grams="efforts_of_others")),
        "Reread 'paid_for_future_grams'",
    ),
    wrong(
        nb03.evidence_prongs,
        Lazy(lambda: _evidence(gold_mine="Common enterprise")),
        "should be one of",
    ),
    wrong(
        nb03.evidence_prongs,
        Lazy(lambda: {"paid_for_future_grams": "investment_of_money"}),
        "no entry yet for",
    ),
    wrong(
        nb03.evidence_prongs,
        Lazy(lambda: _evidence(gold_mines="common_enterprise")),
        "not asked for",
    ),
    wrong(nb03.evidence_prongs, ["investment_of_money"], "should be a dict"),
    # Q8
    wrong(nb03.implied_return, 1.10 - 0.72, "difference in shares"),
    wrong(nb03.implied_return, 0.10, "loan's 10 %"),
    wrong(nb03.implied_return, 1.10 / 0.72, "subtract 1"),
    wrong(nb03.implied_return, 0.72 / 1.10 - 1, "turn the ratio around"),
    wrong(nb03.implied_return, 52.78, "percentage"),
    # Q9
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_undiscounted)), "not discounted"),
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_subtracted)), "instead of subtracting"),
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_flipped)), "wrong way round"),
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_bad_labels)), "only 'loan' or 'refund'"),
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_booleans)), "should hold the strings"),
    wrong(nb03.loan_choices, Lazy(lambda: _solved()["scenarios"]), "lacks the column"),
    # Q10
    wrong(nb03.indifference_rate, _constant_rate, "does not change"),
    wrong(nb03.indifference_rate, _rate_minus_p, "subtracting p"),
    wrong(nb03.indifference_rate, _rate_rises, "rises with default risk"),
    wrong(nb03.indifference_rate, 0.5278, "should be a function"),
]


@pytest.mark.parametrize(("question", "value", "message"), WRONG)
def test_wrong_answer_gets_its_nudge(question, value, message):
    if question.variables == ("estimate_flaw", "average_price_range"):
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(*value)
        assert failed.value.outcome is Outcome.NOT_YET, str(failed.value)
        assert message in str(failed.value), str(failed.value)
        return
    assert_nudged(question, value, message)


# --- Q7: every defensible reading passes, the key lives once ---------------------------------


def test_the_accepted_readings_cover_exactly_the_evidence_table():
    assert set(nb03.ACCEPTED_PRONGS) == set(token_sale.howey_evidence()["evidence_id"])
    assert set(nb03.REREAD) == set(nb03.ACCEPTED_PRONGS)
    options = {*token_sale.HOWEY_PRONGS, token_sale.AGAINST}
    assert {p for accepted in nb03.ACCEPTED_PRONGS.values() for p in accepted} == options
    against = [
        item for item, accepted in nb03.ACCEPTED_PRONGS.items() if token_sale.AGAINST in accepted
    ]
    assert against == ["currency_use"]
    assert all(
        len(accepted) == 1
        for accepted in nb03.ACCEPTED_PRONGS.values()
        if token_sale.AGAINST in accepted
    ), "'against' is never one of two readings"


@pytest.mark.parametrize(
    ("item", "prong"),
    [
        (item, prong)
        for item, accepted in nb03.ACCEPTED_PRONGS.items()
        if len(accepted) > 1
        for prong in accepted
    ],
)
def test_every_defensible_reading_of_a_statement_passes(item, prong):
    assert nb03.evidence_prongs.outcome(_evidence(**{item: prong})) is Outcome.CORRECT


def test_the_worked_solution_takes_a_second_reading_somewhere():
    """The notebook's solution is one defensible answer, not a copy of the module's key."""
    solution = _solved()["evidence_prongs"]
    first = {item: accepted[0] for item, accepted in nb03.ACCEPTED_PRONGS.items()}
    assert solution != first


def test_evidence_answer_may_be_a_series_with_spaces():
    answer = pd.Series({key: f" {value} " for key, value in _evidence().items()})
    assert nb03.evidence_prongs.outcome(answer) is Outcome.CORRECT


def test_evidence_nudge_names_one_statement_and_no_count():
    answer = _evidence(
        gold_mine="efforts_of_others",
        telegram_know_how="investment_of_money",
        currency_use="common_enterprise",
    )
    with pytest.raises(CheckFailed) as failed:
        nb03.evidence_prongs.evaluate(answer)
    message = str(failed.value)
    assert "gold_mine" in message
    assert "telegram_know_how" not in message and "currency_use" not in message
    assert not any(f"{n} of" in message for n in range(1, 10))
    for prong in token_sale.HOWEY_PRONGS:
        assert prong not in message.split("Reread")[1], "the nudge names no prong"


# --- the other questions --------------------------------------------------------------------


def test_the_flaw_may_be_written_with_capitals_and_spaces():
    assert nb03.average_price.outcome(" Unweighted_Mean ", RIGHT_RANGE) is Outcome.CORRECT


def test_ranges_may_be_lists_or_numpy_pairs():
    import numpy as np

    assert nb03.average_price.outcome(FLAW, list(RIGHT_RANGE)) is Outcome.CORRECT
    discount = nb03.round1_discount.answer()
    assert nb03.round1_discount.outcome(np.array(discount)) is Outcome.CORRECT


def test_us_share_may_be_a_series():
    assert nb03.us_share.outcome(pd.Series(_us_share())) is Outcome.CORRECT


def test_choices_accept_capitalised_labels_and_any_row_order():
    choices = _choices(_capitalised).sample(frac=1.0, random_state=3)
    assert nb03.loan_choices.outcome(choices) is Outcome.CORRECT


def test_indifference_rate_may_use_the_library():
    def via_library(default_prob):
        return token_sale.break_even_rate(default_prob, refund_now=0.72, repayment=1.10)

    assert nb03.indifference_rate.outcome(via_library) is Outcome.CORRECT


def test_indifference_rate_that_crashes_is_not_yet_right():
    def crashes(default_prob):
        return 1 / 0

    with pytest.raises(CheckFailed) as failed:
        nb03.indifference_rate.evaluate(crashes)
    assert failed.value.outcome is Outcome.NOT_YET
    assert "ZeroDivisionError" in str(failed.value)


def test_messages_never_contain_the_expected_number():
    namespace = _solved()
    for name in ("spend_ratio", "implied_return"):
        expected = namespace[name]
        question = next(q for q in nb03.QUESTIONS if q.variables == (name,))
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(expected * 1.5)
        for shown in (f"{expected:.2f}", f"{expected:.3g}", f"{expected:.1%}"):
            assert shown not in str(failed.value), (name, shown)
    low, high = nb03.round1_discount.answer()
    pairs = [
        (nb03.average_price, RIGHT_RANGE, lambda pair: (FLAW, pair)),
        (nb03.round1_discount, (low, high), lambda pair: (pair,)),
    ]
    for question, (low, high), arguments in pairs:
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(*arguments((low * 1.5, high * 1.5)))
        for shown in (f"{low:.2f}", f"{high:.2f}", f"{low:.1%}", f"{high:.1%}"):
            assert shown not in str(failed.value)


def test_explanations_after_a_correct_check_use_the_answer(capsys):
    nb03.us_share.check(_us_share())
    shown = capsys.readouterr().out
    assert "What this means:" in shown and "25%" in shown and "34%" in shown


def test_given_cells_agree_with_the_data():
    """The notebook's given cells (prices, the loan's terms, the scenarios) match the data."""
    namespace = _solved()
    assert list(namespace["prices"]["price_usd"]) == [R1_LOW, R1_HIGH, R2_REPORTED, R2_PLANNED]
    assert (namespace["refund_now"], namespace["repayment"]) == (0.72, 1.10)
    grid = namespace["scenarios"]
    assert sorted(set(grid["discount_rate"])) == list(nb03.SCENARIO_RATES)
    assert sorted(set(grid["default_prob"])) == list(nb03.SCENARIO_DEFAULTS)
    assert set(namespace["choices"]["choice"]) == {"loan", "refund"}


def test_the_quick_estimate_overshoots_the_money_on_record():
    """The flawed estimate the notebook shows really contradicts the $1.7 billion."""
    namespace = _solved()
    assert namespace["quick_raised_bn"] > 2.2
    assert namespace["average_price_range"][1] * 2.9 < 1.8
