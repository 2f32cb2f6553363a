"""Notebook 03: do realistic wrong answers get the nudge written for them?"""

from __future__ import annotations

import pandas as pd
import pytest

from telegram_case import load, token_sale
from telegram_case.checking import CheckFailed, Outcome
from telegram_case.exercises import nb03

from .exercise_helpers import Lazy, assert_nudged, solved_namespace, wrong


def _solved():
    return solved_namespace(nb03)


def _grams(**changes):
    grams = _solved()["grams"].copy()
    for column, values in changes.items():
        grams[column] = values
    return grams


def _grams_scaled(factor):
    grams = _solved()["grams"].copy()
    grams[["grams_min_bn", "grams_max_bn"]] *= factor
    return grams


def _grams_swapped():
    grams = _solved()["grams"].copy()
    grams[["grams_min_bn", "grams_max_bn"]] = grams[["grams_max_bn", "grams_min_bn"]].to_numpy()
    return grams


def _grams_planned_price():
    grams = _solved()["grams"].copy()
    grams.loc[grams["row_id"] == "round_2", ["grams_min_bn", "grams_max_bn"]] = 850 / 1.45 / 1000
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


def _supply(factor=1.0, multiplier=None):
    namespace = _solved()
    prices = namespace["prices"]
    value = prices["price_usd"] * (multiplier if multiplier is not None else 5.0) * factor
    return prices.assign(value_usd_bn=value)


def _choices(transform):
    choices = _solved()["choices"].copy()
    return transform(choices)


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
    answer = dict(nb03.EVIDENCE_KEY)
    answer.update(changes)
    return answer


def _constant_rate(default_prob):
    return 1.10 / 0.72 - 1


def _rate_minus_p(default_prob):
    return 1.10 / 0.72 - 1 - default_prob


def _rate_rises(default_prob):
    return 1.10 / (0.72 * (1 - default_prob)) - 1


EVERY_PRONG = list(token_sale.HOWEY_PRONGS)

WRONG = [
    wrong(nb03.grams_per_round, Lazy(lambda: _grams_scaled(1000)), "millions of Grams"),
    wrong(nb03.grams_per_round, Lazy(_grams_swapped), "swapped"),
    wrong(nb03.grams_per_round, Lazy(_grams_planned_price), "planned price"),
    wrong(nb03.grams_per_round, Lazy(_grams_no_fill), "fill its empty"),
    wrong(nb03.grams_per_round, Lazy(_grams_all_rows), "keep only the two rounds"),
    wrong(nb03.grams_per_round, Lazy(lambda: _grams_scaled(1.1)), "not right yet"),
    wrong(nb03.grams_per_round, Lazy(lambda: load("token_sale")[["row_id"]]), "keep only"),
    wrong(nb03.grams_per_round, {"round_1": 2.26}, "should be a pandas DataFrame"),
    wrong(nb03.average_price, (0.375 + 1.33) / 2, "plain average"),
    wrong(nb03.average_price, 2900 / 1700, "Grams per dollar"),
    wrong(nb03.average_price, 1700 / 2.9, "Check the units"),
    wrong(nb03.average_price, 1000 / 2900, "über eine Milliarde"),
    wrong(nb03.average_price, "0.59", "should be a number"),
    wrong(nb03.round1_discount, 1.33 / 0.375 - 1, "premium"),
    wrong(nb03.round1_discount, 0.375 / 1.33, "1 minus"),
    wrong(nb03.round1_discount, 1 - 0.375 / 1.45, "planned $1.45"),
    wrong(nb03.round1_discount, 71.8, "percentage"),
    wrong(nb03.round1_discount, 1.33 - 0.375, "difference in dollars"),
    wrong(nb03.supply_value, Lazy(lambda: _supply(multiplier=2.9)), "Grams sold"),
    wrong(nb03.supply_value, Lazy(lambda: _supply(factor=1000)), "millions of dollars"),
    wrong(nb03.supply_value, Lazy(lambda: _supply(factor=1e9)), "in dollars"),
    wrong(nb03.supply_value, Lazy(lambda: _solved()["prices"]), "lacks the column"),
    wrong(nb03.spend_vs_plan, 405 / 620, "whole four-year budget"),
    wrong(nb03.spend_vs_plan, 405 / 1700, "share of the money raised"),
    wrong(nb03.spend_vs_plan, 230 / 405, "turn the ratio"),
    wrong(nb03.spend_vs_plan, 405 / 100, "2018 only"),
    wrong(nb03.spend_vs_plan, 405 / 400, "added 2020"),
    wrong(nb03.returned_share, (1_224_000_000 + 18_500_000) / 1.7e9, "civil penalty"),
    wrong(nb03.returned_share, 1_190_000_000 / 1.7e9, "termination amounts"),
    wrong(nb03.returned_share, 1_224_000_000 / 1700, "Check the units"),
    wrong(nb03.returned_share, 1_224_000_000 / 1.7e12, "not billions"),
    wrong(nb03.returned_share, 1.224, "über eine Milliarde"),
    wrong(nb03.returned_share, 72, "percentage"),
    wrong(nb03.evidence_prongs, Lazy(lambda: _evidence(gold_mine="efforts_of_others")),
          "1 of the 9 statements"),
    wrong(nb03.evidence_prongs,
          Lazy(lambda: _evidence(currency_use="expectation_of_profit")), "speaks against"),
    wrong(nb03.evidence_prongs, Lazy(lambda: _evidence(gold_mine="Common enterprise")),
          "should be one of"),
    wrong(nb03.evidence_prongs, Lazy(lambda: {"paid_for_future_grams": "investment_of_money"}),
          "no entry yet for 8"),
    wrong(nb03.evidence_prongs, Lazy(lambda: _evidence(gold_mines="common_enterprise")),
          "not evidence ids"),
    wrong(nb03.evidence_prongs, ["investment_of_money"], "should be a dict"),
    wrong(nb03.decisive_prongs, ["expectation_of_profit"], "3 missing"),
    wrong(nb03.decisive_prongs, [], "4 missing"),
    wrong(nb03.decisive_prongs, [*EVERY_PRONG, "common enterprise"], "not options"),
    wrong(nb03.decisive_prongs, "expectation_of_profit", "list or set"),
    wrong(nb03.implied_return, 1.10 - 0.72, "difference in shares"),
    wrong(nb03.implied_return, 0.10, "loan's 10 %"),
    wrong(nb03.implied_return, 1.10 / 0.72, "subtract 1"),
    wrong(nb03.implied_return, 0.72 / 1.10 - 1, "turn the ratio around"),
    wrong(nb03.implied_return, 52.78, "percentage"),
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_undiscounted)), "not discounted"),
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_subtracted)), "instead of subtracting"),
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_flipped)), "wrong way round"),
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_bad_labels)), "only 'loan' or 'refund'"),
    wrong(nb03.loan_choices, Lazy(lambda: _choices(_booleans)), "should hold the strings"),
    wrong(nb03.loan_choices, Lazy(lambda: _solved()["scenarios"]), "lacks the column"),
    wrong(nb03.indifference_rate, _constant_rate, "does not change"),
    wrong(nb03.indifference_rate, _rate_minus_p, "subtracting p"),
    wrong(nb03.indifference_rate, _rate_rises, "rises with default risk"),
    wrong(nb03.indifference_rate, 0.5278, "should be a function"),
]


@pytest.mark.parametrize(("question", "value", "message"), WRONG)
def test_wrong_answer_gets_its_nudge(question, value, message):
    assert_nudged(question, value, message)


def test_evidence_key_covers_exactly_the_evidence_table():
    assert set(nb03.EVIDENCE_KEY) == set(token_sale.howey_evidence()["evidence_id"])
    allowed = {*token_sale.HOWEY_PRONGS, token_sale.AGAINST}
    assert set(nb03.EVIDENCE_KEY.values()) == allowed
    assert list(nb03.EVIDENCE_KEY.values()).count(token_sale.AGAINST) == 1


def test_evidence_answer_may_be_a_series_with_spaces():
    answer = pd.Series({key: f" {value} " for key, value in nb03.EVIDENCE_KEY.items()})
    assert nb03.evidence_prongs.outcome(answer) is Outcome.CORRECT


def test_evidence_nudge_does_not_name_the_wrong_statements():
    answer = _evidence(gold_mine="efforts_of_others", telegram_know_how="common_enterprise")
    with pytest.raises(CheckFailed) as failed:
        nb03.evidence_prongs.evaluate(answer)
    assert "2 of the 9" in str(failed.value)
    assert "gold_mine" not in str(failed.value) and "telegram_know_how" not in str(failed.value)


def test_choices_accept_capitalised_labels_and_any_row_order():
    choices = _choices(_capitalised).sample(frac=1.0, random_state=3)
    assert nb03.loan_choices.outcome(choices) is Outcome.CORRECT


def test_grams_accepts_any_price_within_round_ones_range_for_the_discount():
    for price in (0.37, 0.38):
        assert nb03.round1_discount.outcome(1 - price / 1.33) is Outcome.CORRECT


def test_average_price_accepts_the_grams_summed_from_the_rounds():
    grams = _solved()["grams"]
    for column in ("grams_min_bn", "grams_max_bn"):
        assert nb03.average_price.outcome(1700 / (grams[column].sum() * 1000)) is Outcome.CORRECT


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
    for name in ("average_price", "round1_discount", "spend_ratio", "returned_share",
                 "implied_return"):
        expected = namespace[name]
        question = next(q for q in nb03.QUESTIONS if q.variables == (name,))
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(expected * 1.5)
        for shown in (f"{expected:.2f}", f"{expected:.3g}", f"{expected:.1%}"):
            assert shown not in str(failed.value), (name, shown)


def test_given_cells_agree_with_the_data():
    """The notebook's given cells (prices, the loan's terms, the scenarios) match the data."""
    namespace = _solved()
    assert list(namespace["prices"]["price_usd"]) == [0.37, 0.38, 1.33, 1.45]
    assert (namespace["refund_now"], namespace["repayment"]) == (0.72, 1.10)
    assert len(namespace["scenarios"]) == len(nb03.SCENARIO_RATES) * len(nb03.SCENARIO_DEFAULTS)
    assert set(namespace["choices"]["choice"]) == {"loan", "refund"}
