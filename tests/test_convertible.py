"""Does the convertible-note model compute what an investor gets, and refuse nonsense by name?"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from telegram_case import convertible as cv
from telegram_case import load
from telegram_case.widgets import StaticView


def test_note_terms_come_from_the_data():
    first, final = cv.note_terms(), cv.note_terms(final=True)
    assert (first.size, final.size) == (1500.0, 1700.0)
    assert (first.coupon, first.years, first.discount) == (0.09, 5, 0.2)


def test_note_terms_say_when_the_data_changed(data_copy):
    path = data_copy / "bond_terms.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["term_id"] == "notes_2025_coupon", "unit"] = "USD million"
    frame.to_csv(path, index=False)
    with pytest.raises(ValueError, match="notes_2025_coupon"):
        cv.note_terms()


def test_knowable_keeps_only_what_was_public_on_the_day():
    rows = set(cv.knowable(load("monetization"), load("disclosures"))["row_id"])
    assert "fy2024_revenue" in rows and "premium_2025_05" in rows
    assert "fy2025_revenue_target" in rows  # a projection shown to investors in May 2025
    assert not any(r.startswith("h1_2025") for r in rows)  # published January 2026
    assert "bond_2025_final" not in rows  # reported the day after


def test_every_monetization_row_has_a_disclosure_date():
    """Notebook 05's Q1 needs a date for every figure; a new row without one is named."""
    missing = set(load("monetization")["row_id"]) - set(load("disclosures")["row_id"])
    assert not missing, f"add these rows to data/disclosures.csv: {sorted(missing)}"


def test_knowable_names_an_undated_row():
    money = load("monetization")
    dates = load("disclosures")
    with pytest.raises(ValueError, match="fy2024_revenue"):
        cv.knowable(money, dates[dates["row_id"] != "fy2024_revenue"])


def test_interest_and_cover():
    assert cv.annual_interest(1500, 0.09) == pytest.approx(135)
    assert cv.interest_cover(315, 1500, 0.09) == pytest.approx(315 / 135)
    assert cv.interest_cover(-100, 1500, 0.09) < 0


def test_a_20_percent_discount_is_worth_25_percent_more_than_face():
    assert cv.conversion_value(100, 0.2) == pytest.approx(125)
    assert cv.conversion_value(100, 0) == pytest.approx(100)
    assert cv.implied_stake(1700, 0.2, 30_000) == pytest.approx(2125 / 30_000)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: cv.conversion_value(100, 1), "discount must be a fraction from 0 up to"),
        (lambda: cv.conversion_value(100, 20), "give a fraction"),
        (lambda: cv.conversion_value(-5, 0.2), "face must be positive"),
        (lambda: cv.annual_interest(100, 9), "coupon must be a fraction"),
        (lambda: cv.interest_cover(100, 100, 0), "coupon must be above 0"),
        (lambda: cv.interest_cover("lots", 100, 0.09), "profit should be a number"),
        (lambda: cv.implied_stake(100, 0.2, 0), "ipo_value must be positive"),
        (lambda: cv.Range(5, 1), "low <= high"),
        (lambda: cv.Range(float("nan"), 1), "finite"),
        (lambda: cv.value_range([], 1), "must not be empty"),
        (lambda: cv.value_range([-1, 2], 1), "must not be negative"),
        (lambda: cv.cash_flows("moon"), "scenario must be one of"),
        (lambda: cv.cash_flows("ipo", ipo_year=6), "ipo_year must be a whole number from 1 to 5"),
        (lambda: cv.cash_flows("ipo", ipo_year=2.5), "ipo_year must be a whole number"),
        (lambda: cv.cash_flows("ipo", price_change=-2), "price_change cannot be below -1"),
        (lambda: cv.cash_flows("default", recovery=40), "recovery must be a fraction"),
        (lambda: cv.payoff_summary(cv.cash_flows("no_ipo"), rate=-1), "rate must be above -1"),
        (lambda: cv.payoff_summary(pd.DataFrame({"year": [1]}), rate=0.1), "lacks the column"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_bad_inputs_are_refused_by_name(call, words):
    with pytest.raises((TypeError, ValueError), match=words):
        call()


def test_ranges_multiply_corner_to_corner():
    product = cv.Range(2, 4) * cv.Range(-1, 3)
    assert tuple(product) == (-4, 12)
    assert tuple(2 * cv.Range(1, 2)) == (2, 4)
    assert tuple(cv.value_range([5, 2.5, 10], cv.Range(1.0, 1.5))) == (2.5, 15.0)
    assert str(cv.Range(3.23125, 19.222)) == "3.23 to 19.2"


def test_cash_flows_follow_the_stated_conventions():
    ipo = cv.cash_flows("ipo", ipo_year=3)
    assert list(ipo["kind"]) == ["coupon"] * 3 + ["shares"]
    assert ipo["amount"].sum() == pytest.approx(27 + 125)
    assert cv.cash_flows("no_ipo")["amount"].sum() == pytest.approx(145)
    default = cv.cash_flows("default", default_year=2, recovery=0.4)
    assert list(default["kind"]) == ["coupon", "recovery"]  # no coupon in the year of default
    assert default["amount"].sum() == pytest.approx(49)
    assert cv.cash_flows("default", default_year=1, recovery=0)["amount"].sum() == 0
    worse = cv.cash_flows("ipo", ipo_year=5, price_change=-0.5)
    assert worse["amount"].sum() == pytest.approx(45 + 62.5)


def test_present_value_discounts_each_year():
    flows = cv.cash_flows("no_ipo")
    summary = cv.payoff_summary(flows, rate=0.09)
    assert summary["present_value"] == pytest.approx(100)  # a par bond at its own coupon
    assert summary["multiple"] == pytest.approx(1.45)
    table = cv.scenario_payoffs(ipo_year=3, default_year=2, rate=0.1)
    assert list(table["scenario"]) == list(cv.SCENARIOS)
    assert math.isclose(table.set_index("scenario").loc["ipo", "total"], 152)


def test_payoff_chart_discounts_when_given_a_rate():
    flows = {"no_ipo": cv.cash_flows("no_ipo")}
    plain = cv.payoff_chart(flows).alt_text
    discounted = cv.payoff_chart(flows, rate=0.09).alt_text
    assert "No IPO 145" in plain and "undiscounted" in plain
    assert "No IPO 100" in discounted and "9% a year" in discounted
    with pytest.raises(ValueError, match="rate must be above -1"):
        cv.payoff_chart(flows, rate=-1)


def test_scenarios_are_named_alike_on_bars_alt_text_and_buttons(monkeypatch):
    """A reader sees "No IPO", never the key no_ipo, wherever a scenario is named."""
    chart = cv.payoff_chart({s: cv.cash_flows(s) for s in cv.SCENARIOS})
    bars = [t.get_text() for t in chart.figure.axes[0].get_xticklabels()]
    assert bars == ["IPO", "No IPO", "Default"] == list(cv.SCENARIO_NAMES.values())
    assert "IPO 152; No IPO 145; Default 58." in chart.alt_text
    assert not any(key in chart.alt_text for key in ("ipo ", "no_ipo", "default "))
    for name in ("TELEGRAM_CASE_STATIC", "NBGRADER_EXECUTION", "TELEGRAM_CASE_GRADED"):
        monkeypatch.delenv(name, raising=False)
    box = cv.payoff_explorer()
    buttons, view = box.children[0], box.children[-1]
    assert list(buttons.options) == [(n, k) for k, n in cv.SCENARIO_NAMES.items()]
    buttons.value = "no_ipo"
    assert "invested, undiscounted: No IPO 145." in view.value and "no_ipo" not in view.value


def test_payoff_chart_names_an_unknown_scenario():
    with pytest.raises(ValueError, match=r"unknown scenario\(s\) \['IPO'\]"):
        cv.payoff_chart({"IPO": cv.cash_flows("ipo")})


def test_figures_carry_sources_and_text_alternatives():
    charts = [
        cv.multiples_chart(load("comparables")),
        cv.payoff_chart({s: cv.cash_flows(s) for s in cv.SCENARIOS}),
    ]
    known = set(load("sources")["source_id"])
    for chart in charts:
        texts = " ".join(t.get_text() for t in chart.figure.texts).replace("\n", " ")
        ids = texts.split("(")[1].split(")")[0].split(", ")
        assert set(ids) <= known and ids
        assert len(chart.alt_text) > 60
    assert "11 March 2025" in charts[0].alt_text  # the date of each price is named


def test_explorer_is_static_when_headless_and_opens_on_no_question(monkeypatch):
    monkeypatch.setenv("TELEGRAM_CASE_STATIC", "1")
    view = cv.payoff_explorer()
    assert isinstance(view, StaticView)
    assert "year 4" in view.text and "assumption" in view.text.lower()
    bundle = view._repr_mimebundle_()
    assert "Static view" in bundle["text/html"]
    assert "10 % below the IPO price" in view.text  # in words, not "-10% against" it


@pytest.mark.parametrize(
    ("price_change", "words"),
    [(-0.1, "10 % below the IPO price"), (0.25, "25 % above the IPO price"), (0.0, "at the IPO")],
)
def test_explorer_says_where_the_shares_trade_in_words(monkeypatch, price_change, words):
    monkeypatch.setenv("TELEGRAM_CASE_STATIC", "1")
    assert words in cv.payoff_explorer(price_change=price_change).text


def test_explorer_builds_widgets_when_interactive(monkeypatch):
    monkeypatch.delenv("TELEGRAM_CASE_STATIC", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
    box = cv.payoff_explorer(scenario="default")
    pick = box.children[0]
    summary = box.children[-2]
    assert "default at the end of year 4" in summary.value
    pick.value = "no_ipo"
    assert "no IPO" in summary.value


def test_disclosed_rows_shows_the_rows_a_student_named_with_their_dates():
    """Notebook 05 shows the student's Q1 set, not the reference; a wrong id is named."""
    monetization, disclosures = load("monetization"), load("disclosures")
    picked = {"fy2024_revenue", "fy2023_revenue"}
    rows = cv.disclosed_rows(monetization, disclosures, picked)
    assert set(rows["row_id"]) == picked and rows["disclosed_on"].notna().all()
    assert cv.disclosed_rows(monetization, disclosures, []).empty
    with pytest.raises(ValueError, match="fy2099_revenue"):
        cv.disclosed_rows(monetization, disclosures, picked | {"fy2099_revenue"})
    with pytest.raises(ValueError, match="not the string"):
        cv.disclosed_rows(monetization, disclosures, "fy2024_revenue")
