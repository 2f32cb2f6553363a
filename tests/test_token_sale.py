"""Does the token-sale module compute the Grams sold, judge the Howey prongs and value the
2020 choice correctly?"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from telegram_case import load, token_sale

ALL_TRUE = dict.fromkeys(token_sale.HOWEY_PRONGS, True)


# --- Grams per round ---------------------------------------------------------------------


def test_grams_range_divides_amount_by_price(sale):
    rounds = token_sale.grams_range(sale).set_index("row_id")
    assert list(rounds.index) == ["round_1", "round_2"]
    assert math.isclose(rounds.loc["round_1", "grams_min_bn"], 850 / 0.38 / 1000)
    assert math.isclose(rounds.loc["round_1", "grams_max_bn"], 850 / 0.37 / 1000)
    # Round 2 has one reported price and a planned one: the range runs from one to the other.
    assert math.isclose(rounds.loc["round_2", "grams_min_bn"], 850 / 1.45 / 1000)
    assert math.isclose(rounds.loc["round_2", "grams_max_bn"], 850 / 1.33 / 1000)


def test_a_round_with_one_price_and_no_plan_has_a_range_without_width(sale):
    sale = sale.copy()
    sale.loc[sale["row_id"] == "round_2", "planned_price_usd"] = float("nan")
    rounds = token_sale.grams_range(sale).set_index("row_id")
    assert rounds.loc["round_2", "grams_min_bn"] == rounds.loc["round_2", "grams_max_bn"]


def test_grams_of_both_rounds_agree_with_the_secs_total(sale):
    """The reported prices reproduce the SEC's 'about 2.9 billion' within a few percent."""
    rounds = token_sale.grams_range(sale)
    total = sale.set_index("row_id").loc["total", "grams_bn"]
    assert rounds["grams_min_bn"].sum() <= total * 1.01
    assert rounds["grams_max_bn"].sum() >= total * 0.99


def test_grams_range_rejects_incomplete_data(sale):
    with pytest.raises(ValueError, match="round_1"):
        token_sale.grams_range(sale[sale["row_id"] != "round_1"])
    with pytest.raises(ValueError, match="lacks the column"):
        token_sale.grams_range(sale.drop(columns=["price_low_usd"]))
    with pytest.raises(TypeError, match="DataFrame"):
        token_sale.grams_range([1, 2])


# --- the Howey test ------------------------------------------------------------------------


def test_all_prongs_met_is_an_investment_contract():
    result = token_sale.howey_conclusion(ALL_TRUE)
    assert result.investment_contract is True
    assert result.met == token_sale.HOWEY_PRONGS
    assert result.unmet == ()
    assert "investment contract" in result.text
    assert "simplification" in result.text


@pytest.mark.parametrize("prong", token_sale.HOWEY_PRONGS)
def test_one_prong_not_met_is_not_an_investment_contract(prong):
    result = token_sale.howey_conclusion({**ALL_TRUE, prong: False})
    assert result.investment_contract is False
    assert result.unmet == (prong,)
    assert token_sale.PRONG_LABELS[prong] in result.text
    assert "All four must be met" in result.text


def test_no_prong_met_lists_all_four():
    result = token_sale.howey_conclusion(dict.fromkeys(token_sale.HOWEY_PRONGS, False))
    assert result.unmet == token_sale.HOWEY_PRONGS
    assert "4 of 4" in result.text


def test_a_missing_prong_is_named():
    findings = {k: v for k, v in ALL_TRUE.items() if k != "common_enterprise"}
    with pytest.raises(ValueError, match="common_enterprise"):
        token_sale.howey_conclusion(findings)


def test_an_empty_dict_names_every_missing_prong():
    with pytest.raises(ValueError) as error:
        token_sale.howey_conclusion({})
    assert all(prong in str(error.value) for prong in token_sale.HOWEY_PRONGS)


def test_an_unknown_prong_name_is_named_with_the_valid_ones():
    with pytest.raises(ValueError, match="expectation_of_profits") as error:
        token_sale.howey_conclusion({**ALL_TRUE, "expectation_of_profits": True})
    assert "expectation_of_profit'" in str(error.value)


@pytest.mark.parametrize("finding", ["yes", 1, 0, None, 1.0, "True"])
def test_a_non_boolean_finding_is_rejected(finding):
    with pytest.raises(TypeError, match="efforts_of_others"):
        token_sale.howey_conclusion({**ALL_TRUE, "efforts_of_others": finding})


def test_findings_must_be_a_mapping():
    with pytest.raises(TypeError, match="findings"):
        token_sale.howey_conclusion(list(token_sale.HOWEY_PRONGS))


def test_numpy_booleans_are_accepted():
    findings = {**ALL_TRUE, "common_enterprise": np.bool_(False)}
    assert token_sale.howey_conclusion(findings).unmet == ("common_enterprise",)


def test_the_conclusion_prints_as_its_text():
    result = token_sale.howey_conclusion(ALL_TRUE)
    assert repr(result) == result.text


def test_every_piece_of_evidence_is_sourced():
    """The statements come from data/howey_evidence.csv, each with a source that exists."""
    evidence = token_sale.howey_evidence()
    sources = set(load("sources")["source_id"])
    assert list(evidence.columns) == ["evidence_id", "statement", "source_id"]
    assert evidence["evidence_id"].is_unique
    assert set(evidence["source_id"]) <= sources
    assert evidence["statement"].str.len().min() > 40


# --- the investors' choice -------------------------------------------------------------------


def test_options_come_from_the_data(options):
    assert math.isclose(options.refund_now, 0.72)
    assert math.isclose(options.repayment, 1.10)
    assert options.years == 1.0
    assert options.source_id == "dirpopulus_2020_settlement"


def test_options_need_both_rows(case):
    with pytest.raises(ValueError, match="investor_option_loan_110"):
        token_sale.investor_options(case[case["entry_id"] != "investor_option_loan_110"])


def test_loan_value_discounts_and_weighs_default():
    assert math.isclose(token_sale.loan_present_value(0.10, 0.0, repayment=1.10), 1.0)
    assert math.isclose(token_sale.loan_present_value(0.10, 0.2, repayment=1.10), 0.8)
    assert math.isclose(token_sale.loan_present_value(0.0, 1.0, repayment=1.10), 0.0)
    assert math.isclose(token_sale.loan_present_value(0.0, 1.0, repayment=1.10, recovery=0.5), 0.55)
    assert math.isclose(token_sale.loan_present_value(0.10, 0.0, repayment=1.21, years=2), 1.0)


def test_implied_return_of_the_2020_offer(options):
    value = token_sale.implied_return(options.refund_now, options.repayment)
    assert math.isclose(value, 1.10 / 0.72 - 1)


@pytest.mark.parametrize("default_prob", [0.0, 0.1, 0.28, 0.5])
def test_at_the_break_even_rate_both_options_are_worth_the_same(options, default_prob):
    terms = {"refund_now": options.refund_now, "repayment": options.repayment}
    rate = token_sale.break_even_rate(default_prob, **terms)
    value = token_sale.loan_present_value(rate, default_prob, repayment=options.repayment)
    assert math.isclose(value, options.refund_now)
    assert token_sale.investor_choice(rate, default_prob, **terms) == "indifferent"


def test_break_even_rate_without_risk_is_the_implied_return(options):
    terms = {"refund_now": options.refund_now, "repayment": options.repayment}
    assert math.isclose(
        token_sale.break_even_rate(0.0, **terms), token_sale.implied_return(**terms)
    )


def test_break_even_default_at_ten_percent(options):
    """The notebook's explorer answer: at a 10 % rate the refund wins above 28 % default risk."""
    terms = {"refund_now": options.refund_now, "repayment": options.repayment}
    assert math.isclose(token_sale.break_even_default(0.10, **terms), 0.28)
    # Impatient enough, the refund wins even with no risk; a full recovery makes default harmless.
    assert token_sale.break_even_default(0.60, **terms) == 0.0
    assert token_sale.break_even_default(0.10, recovery=1.0, **terms) == 1.0


@pytest.mark.parametrize(
    ("rate", "default_prob", "choice"),
    [
        (0.05, 0.0, "loan"),
        (0.25, 0.30, "refund"),
        (0.50, 0.15, "refund"),
        (0.50, 0.0, "loan"),
    ],
)
def test_investor_choice(options, rate, default_prob, choice):
    terms = {"refund_now": options.refund_now, "repayment": options.repayment}
    assert token_sale.investor_choice(rate, default_prob, **terms) == choice


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"discount_rate": 0.1, "default_prob": 1.5}, ValueError, "default_prob"),
        ({"discount_rate": 0.1, "default_prob": -0.1}, ValueError, "default_prob"),
        ({"discount_rate": 0.1, "default_prob": 10}, ValueError, "give a fraction"),
        ({"discount_rate": -1.0, "default_prob": 0.1}, ValueError, "discount_rate"),
        ({"discount_rate": "10%", "default_prob": 0.1}, TypeError, "discount_rate"),
        ({"discount_rate": True, "default_prob": 0.1}, TypeError, "discount_rate"),
        ({"discount_rate": math.nan, "default_prob": 0.1}, ValueError, "finite"),
        ({"discount_rate": 0.1, "default_prob": 0.1, "years": 0}, ValueError, "years"),
        ({"discount_rate": 0.1, "default_prob": 0.1, "recovery": 2}, ValueError, "recovery"),
    ],
)
def test_bad_model_input_names_the_argument(kwargs, error, message):
    with pytest.raises(error, match=message):
        token_sale.loan_present_value(repayment=1.10, **kwargs)


def test_bad_offer_values_are_rejected():
    with pytest.raises(ValueError, match="refund_now"):
        token_sale.implied_return(0, 1.10)
    with pytest.raises(ValueError, match="repayment"):
        token_sale.break_even_rate(0.1, refund_now=0.72, repayment=-1)


def test_grams_range_does_not_change_the_frame(sale):
    before = sale.copy()
    token_sale.grams_range(sale)
    pd.testing.assert_frame_equal(sale, before)
