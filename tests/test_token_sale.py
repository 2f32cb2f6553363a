"""Does the token-sale module compute, judge, draw and explore the 2018 sale correctly?"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from telegram_case import load, token_sale
from telegram_case.plots import PALETTE, Chart
from telegram_case.widgets import StaticView

ALL_TRUE = dict.fromkeys(token_sale.HOWEY_PRONGS, True)


@pytest.fixture(scope="module")
def sale():
    return load("token_sale")


@pytest.fixture(scope="module")
def case():
    return load("sec_case")


@pytest.fixture(scope="module")
def options(case):
    return token_sale.investor_options(case)


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


# --- figures and the explorer -------------------------------------------------------------


def _colours(ax) -> set[str]:
    found = set()
    for line in ax.lines:
        for colour in (line.get_color(), line.get_markerfacecolor(), line.get_markeredgecolor()):
            found.add(to_hex(colour, keep_alpha=False))
    for patch in ax.patches:
        for colour in (patch.get_facecolor(), patch.get_edgecolor()):
            found.add(to_hex(colour, keep_alpha=False))
    for collection in ax.collections:
        for colour in [*collection.get_edgecolor(), *collection.get_facecolor()]:
            found.add(to_hex(colour, keep_alpha=False))
    return found


def _check_chart(chart: Chart, *fragments: str) -> None:
    assert isinstance(chart, Chart)
    ax = chart.figure.axes[0]
    assert ax.get_title(loc="left")
    assert ax.get_xlabel() and ax.get_ylabel()
    assert any(text.get_text().startswith("Source: course data") for text in chart.figure.texts)
    assert _colours(ax) <= {c.lower() for c in PALETTE.values()}, _colours(ax)
    for fragment in fragments:
        assert fragment in chart.alt_text, (fragment, chart.alt_text)
    assert chart.png().startswith(b"\x89PNG")


def test_sale_chart(sale):
    chart = token_sale.sale_rounds_chart(sale)
    _check_chart(
        chart, "Round 1", "$1.33 (reported) to $1.45 (planned)", "3.5 to 3.9 times", "2.9 billion"
    )
    assert "$" not in chart.figure.axes[0].get_xlabel()
    assert "billions" in chart.figure.axes[0].get_xlabel()


def test_sale_chart_does_not_print_the_grams_students_compute(sale):
    """Notebook 03's Q1 asks for the Grams per round: the chart shows prices, not Grams."""
    chart = token_sale.sale_rounds_chart(sale)
    rounds = token_sale.grams_range(sale)
    shown = chart.alt_text + " ".join(t.get_text() for t in chart.figure.axes[0].texts)
    for value in [*rounds["grams_min_bn"], *rounds["grams_max_bn"]]:
        assert f"{value:.2f}" not in shown


def test_sale_chart_says_round_two_is_reported(sale):
    chart = token_sale.sale_rounds_chart(sale)
    texts = " ".join(t.get_text() for t in chart.figure.axes[0].texts)
    assert "reported" in texts and "medium-low" in texts


def test_sale_chart_needs_the_total(sale):
    with pytest.raises(ValueError, match="total"):
        token_sale.sale_rounds_chart(sale[sale["row_id"] != "total"])


def test_budget_chart(sale):
    budget = load("ton_budget")
    chart = token_sale.budget_chart(budget, sale)
    _check_chart(chart, "$620 M", "$405 M", "2019 $130 M", "$1.7 bn")
    assert "millions" in chart.figure.axes[0].get_ylabel()
    # Notebook 03's Q5 asks which projection to compare the spend with: the text does not say.
    assert "projected for 2018" not in chart.alt_text


def test_budget_chart_rejects_missing_rows(sale):
    budget = load("ton_budget")
    with pytest.raises(ValueError, match="spend_2018_2020"):
        token_sale.budget_chart(budget[budget["row_id"] != "spend_2018_2020"], sale)


def test_timeline_chart(case):
    chart = token_sale.case_timeline_chart(load("events"), case)
    _check_chart(
        chart,
        "24 Mar 2020: Preliminary injunction",
        "12 May 2020: Telegram ends",
        "Aug 2021",
        "June 2020 to June 2023",
    )
    labels = [t.get_text() for t in chart.figure.axes[0].texts]
    assert len(labels) == len(token_sale.TIMELINE_EVENTS)
    assert not any("$" in label and "\\$" not in label for label in labels)


def test_timeline_chart_rejects_missing_events(case):
    events = load("events")
    with pytest.raises(ValueError, match="telegram_ends_ton"):
        token_sale.case_timeline_chart(events[events["event_id"] != "telegram_ends_ton"], case)


def test_choice_chart(options):
    chart = token_sale.choice_chart(options, discount_rate=0.10, default_prob=0.2)
    _check_chart(chart, "22.2%", "0.72", "0.80")
    assert "72%" in chart.figure.axes[0].get_title(loc="left")


def test_choice_chart_needs_options():
    with pytest.raises(TypeError, match="InvestorOptions"):
        token_sale.choice_chart({"refund_now": 0.72})


def test_choice_summary_names_both_break_even_points(options):
    text = token_sale.choice_summary(options, 0.10, 0.0)
    assert "100.0 cents" in text and "72 cents" in text
    assert "52.8%" in text and "28.0%" in text
    assert "loan is worth more" in text
    impatient = token_sale.choice_summary(options, 0.60, 0.0)
    assert "refund is worth more" in impatient and "even with no default risk" in impatient


def test_explorer_is_static_when_headless(case, monkeypatch):
    monkeypatch.setenv("TELEGRAM_CASE_STATIC", "1")
    view = token_sale.choice_explorer(case, discount_rate=0.25, default_prob=0.15)
    assert isinstance(view, StaticView)
    bundle = view._repr_mimebundle_()
    assert "Static view" in bundle["text/html"] and "25%" in bundle["text/plain"]


def test_explorer_redraws_when_a_slider_moves(case, monkeypatch):
    monkeypatch.delenv("TELEGRAM_CASE_STATIC", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
    box = token_sale.choice_explorer(case)
    rate, default = box.children[0].children
    summary = box.children[1]
    assert "loan is worth more" in summary.value
    rate.value, default.value = 0.30, 0.20
    assert "refund is worth more" in summary.value


def test_explorer_rejects_bad_defaults(case):
    with pytest.raises(ValueError, match="default_prob"):
        token_sale.choice_explorer(case, default_prob=20)


def test_frames_are_not_changed(sale):
    before = sale.copy()
    token_sale.grams_range(sale)
    token_sale.sale_rounds_chart(sale)
    pd.testing.assert_frame_equal(sale, before)
