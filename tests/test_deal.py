"""Does the xAI deal model compute what it says, reject absurd inputs, and draw honest figures?"""

from __future__ import annotations

import math
import re
from pathlib import Path

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from telegram_case import deal, load
from telegram_case.plots import PALETTE
from telegram_case.widgets import StaticView

ROOT = Path(__file__).resolve().parents[1]
# The shared material sits next to a checkout (or next to the folder of worktrees).
SEED_000 = next(
    (
        p / "shared" / "seeds" / "000_21c3ad98bf729c67.txt"
        for p in ROOT.parents[:2]
        if (p / "shared" / "seeds").is_dir()
    ),
    ROOT.parent / "shared" / "seeds" / "none",
)
SOURCE_LINE = re.compile(r"Source: course data \(([^)]*)\)")
ALLOWED = {mcolors.to_rgba(c) for c in PALETTE.values()} | {
    mcolors.to_rgba("white"),
    mcolors.to_rgba("none"),
}


# --- the announced terms ---------------------------------------------------------------------


def test_announced_terms_come_from_the_data():
    terms = deal.announced_terms()
    xai = load("xai_deal").set_index("term_id")
    assert terms.fixed_payment == xai.loc["payment_to_telegram", "value"] == 300
    assert terms.revenue_share == xai.loc["revenue_share", "value"] / 100 == 0.5
    assert terms.users_reached == xai.loc["reach", "value"]
    assert terms.months == 12


def test_defaults_are_the_announced_terms():
    terms = deal.announced_terms()
    assert deal.ANNOUNCED_FIXED_PAYMENT == terms.fixed_payment
    assert deal.ANNOUNCED_SHARE == terms.revenue_share


def test_every_term_of_the_deal_stayed_unrealised():
    """The module's premise: nothing of the deal was signed or implemented."""
    xai = load("xai_deal")
    terms = xai[~xai["status"].isin(["context", "changed"])]
    assert set(terms["status"]) <= {"not_implemented", "disputed", "not_signed"}


# --- the model -------------------------------------------------------------------------------


def test_deal_value_is_fixed_payment_plus_revenue_share():
    assert deal.deal_value(1000, 0.005, 10, 12) == pytest.approx(600.0)
    assert deal.deal_value(200, 0.02, 8, 6, share=0.3, fixed_payment=100) == pytest.approx(
        100 + 0.3 * 200 * 0.02 * 8 * 6
    )
    assert deal.deal_value(0, 0.5, 10, 12) == pytest.approx(300.0)
    assert deal.revenue_share_value(1000, 0.004, 10, 12) == pytest.approx(240.0)


def test_breakeven_conversion_makes_both_parts_equal():
    rate = deal.breakeven_conversion(1000, 10, 12)
    assert rate == pytest.approx(0.005)
    assert deal.revenue_share_value(1000, rate, 10, 12) == pytest.approx(
        deal.ANNOUNCED_FIXED_PAYMENT
    )


@pytest.mark.parametrize(
    ("arguments", "name", "value"),
    [
        ({"users_reached": -5}, "users_reached", "-5"),
        ({"conversion": 1.5}, "conversion", "1.5"),
        ({"conversion": -0.01}, "conversion", "-0.01"),
        ({"share": 50}, "share", "50"),
        ({"share": -0.1}, "share", "-0.1"),
        ({"months": 0}, "months", "0"),
        ({"months": -3}, "months", "-3"),
        ({"monthly_price": -1}, "monthly_price", "-1"),
        ({"fixed_payment": -300}, "fixed_payment", "-300"),
        ({"conversion": float("nan")}, "conversion", "nan"),
    ],
)
def test_absurd_inputs_raise_a_value_error_naming_argument_and_value(arguments, name, value):
    sensible = {"users_reached": 1000, "conversion": 0.005, "monthly_price": 10, "months": 12}
    with pytest.raises(ValueError) as error:
        deal.deal_value(**(sensible | arguments))
    assert name in str(error.value) and value in str(error.value)


def test_percent_given_as_fraction_gets_a_hint():
    with pytest.raises(ValueError, match=r"0\.25 means 25 %"):
        deal.deal_value(1000, 5, 10, 12)


@pytest.mark.parametrize("bad", ["1000", None, True, [1000]])
def test_non_numbers_raise_a_type_error(bad):
    with pytest.raises(TypeError, match="users_reached"):
        deal.deal_value(bad, 0.005, 10, 12)


def test_breakeven_rejects_what_it_cannot_divide_by():
    with pytest.raises(ValueError, match="monthly_price"):
        deal.breakeven_conversion(1000, 0, 12)
    with pytest.raises(ValueError, match="share"):
        deal.breakeven_conversion(1000, 10, 12, share=0)
    with pytest.raises(ValueError, match="users_reached"):
        deal.breakeven_conversion(0, 10, 12)


def test_breakdown_separates_cash_equity_and_the_contingent_revenue_share():
    parts = deal.deal_breakdown(deal.revenue_share_value(1000, 0.004, 10, 12), equity_fraction=0.5)
    assert parts["cash"] == pytest.approx(150)
    assert parts["equity"] == pytest.approx(150)
    assert parts["revenue_share"] == pytest.approx(240)
    assert parts["total"] == pytest.approx(parts["cash"] + parts["equity"] + parts["revenue_share"])
    # "Contingent" means one thing in the whole notebook: the revenue share's part.
    assert parts["contingent_fraction"] == pytest.approx(240 / 540)
    values = deal.scenario_values(deal.scenario_assumptions()).set_index("scenario")
    assert parts["contingent_fraction"] == pytest.approx(
        values.loc["middle", "contingent_fraction"]
    )
    empty = deal.deal_breakdown(0, fixed_payment=0)
    assert empty["contingent_fraction"] == 0
    with pytest.raises(ValueError, match="equity_fraction"):
        deal.deal_breakdown(240, equity_fraction=1.2)
    with pytest.raises(ValueError, match="revenue_share"):
        deal.deal_breakdown(-1)


# --- scenarios and grid -----------------------------------------------------------------------


def test_scenarios_are_labelled_assumptions():
    assumptions = deal.scenario_assumptions()
    assert (assumptions["status"] == "assumption").all()
    assert assumptions["basis"].str.len().gt(20).all()
    assert list(assumptions["scenario"]) == ["cautious", "middle", "optimistic"]


def test_scenario_values_add_up():
    values = deal.scenario_values(deal.scenario_assumptions())
    assert (values["total_value"] == values["fixed_payment"] + values["revenue_share_value"]).all()
    middle = values.set_index("scenario").loc["middle"]
    assert middle["total_value"] == pytest.approx(540)
    assert middle["contingent_fraction"] == pytest.approx(240 / 540)


def test_scenario_values_names_a_missing_column():
    with pytest.raises(ValueError, match="conversion"):
        deal.scenario_values(pd.DataFrame({"scenario": ["x"], "users_reached": [1.0]}))


def test_sensitivity_grid_shape_and_values():
    grid = deal.sensitivity_grid([0.001, 0.01], [5, 10, 20])
    assert grid.shape == (2, 3)
    assert grid.index.name == "conversion" and grid.columns.name == "monthly_price"
    assert grid.loc[0.01, 20.0] == pytest.approx(deal.deal_value(1000, 0.01, 20, 12))
    assert (grid.diff(axis=1).iloc[:, 1:] >= 0).all().all()  # higher price, higher value
    with pytest.raises(ValueError, match="conversion"):
        deal.sensitivity_grid([0.5, 1.5], [10])
    with pytest.raises(ValueError, match="empty"):
        deal.sensitivity_grid([], [10])


# --- figures ---------------------------------------------------------------------------------


def _source_ids(chart):
    texts = " ".join(t.get_text() for t in chart.figure.texts)
    match = SOURCE_LINE.search(texts)
    assert match, "no source line"
    return {s.strip() for s in match.group(1).split(",")}


def _assert_sourced(chart):
    known = set(load("sources")["source_id"])
    ids = _source_ids(chart)
    assert ids and ids <= known


def test_heatmap_is_colour_blind_safe_annotated_and_has_a_colour_bar_with_units():
    grid = deal.sensitivity_grid([0.001, 0.005, 0.01, 0.03], [5, 10, 30])
    chart = deal.sensitivity_heatmap(
        grid, reference=1400, source_ids=["cnbc_nbc_2025_xai_deal", "ideacom_ft_2025_540m"]
    )
    main, bar = chart.figure.axes
    assert main.images[0].get_cmap().name in {"cividis", "viridis"}
    numbers = [t.get_text() for t in main.texts]
    assert len(numbers) == grid.size
    assert f"{grid.iloc[-1, -1]:,.0f}" in numbers
    assert "USD million" in bar.get_ylabel()
    assert "USD" in main.get_xlabel() and "%" in main.get_ylabel()
    assert "assumption" in main.get_xlabel() and "assumption" in main.get_ylabel()
    assert "no signing reported" in main.get_title(loc="left")
    at_least = int((grid.to_numpy() >= 1400).sum())
    outlines = [p for p in main.patches if isinstance(p, Rectangle)]
    assert len(outlines) == 2 * at_least  # a white band under a black line per cell
    assert f"{at_least} of {grid.size} cells" in chart.alt_text
    _assert_sourced(chart)


def test_heatmap_rejects_a_broken_grid():
    with pytest.raises(TypeError, match="DataFrame"):
        deal.sensitivity_heatmap([[1, 2]])
    with pytest.raises(ValueError, match="missing"):
        deal.sensitivity_heatmap(pd.DataFrame([[1.0, float("nan")]]))


def test_scenario_chart_draws_a_students_table_with_palette_hatches_and_a_reference_line():
    values = deal.scenario_values(deal.scenario_assumptions())
    answer = values[["scenario", "total_value", "contingent_fraction"]]  # as in Q3
    chart = deal.scenario_chart(
        answer, reference=1400, source_ids=["cnbc_nbc_2025_xai_deal", "ideacom_ft_2025_540m"]
    )
    ax = chart.figure.axes[0]
    colours = {p.get_facecolor() for p in ax.patches}
    assert colours <= ALLOWED
    assert any(p.get_hatch() for p in ax.patches)  # colour is not the only cue
    widths = sorted(p.get_width() for p in ax.patches if p.get_hatch())
    assert widths == pytest.approx(sorted(values["revenue_share_value"]))
    assert "USD million" in ax.get_xlabel() and "assumption" in ax.get_ylabel()
    assert ax.get_title(loc="left")
    assert any(line.get_xdata()[0] == 1400 for line in ax.get_lines())
    assert "middle: 540 USD million, of which 240 contingent" in chart.alt_text
    assert "1,400" in chart.alt_text
    _assert_sourced(chart)


def test_scenario_chart_names_what_is_wrong_with_a_table():
    with pytest.raises(ValueError, match="contingent_fraction"):
        deal.scenario_chart(pd.DataFrame({"scenario": ["x"], "total_value": [1.0]}))
    with pytest.raises(ValueError, match="non-numeric"):
        deal.scenario_chart(
            pd.DataFrame(
                {"scenario": ["x"], "total_value": ["a lot"], "contingent_fraction": [0.5]}
            )
        )


def test_breakdown_chart_shows_three_parts():
    chart = deal.breakdown_chart(deal.deal_breakdown(240), reference=1400)
    ax = chart.figure.axes[0]
    assert len(ax.patches) == 3
    assert {p.get_facecolor() for p in ax.patches} <= ALLOWED
    assert len({p.get_hatch() for p in ax.patches}) == 3
    assert "cash 150, xAI equity 150, revenue share 240" in chart.alt_text
    _assert_sourced(chart)
    # the split into cash and xAI equity rests on "cash and equity" (WION), not NBC's terms
    assert {"cnbc_nbc_2025_xai_deal", "wion_2025_durov_musk"} <= _source_ids(chart)
    with pytest.raises(ValueError, match="cash"):
        deal.breakdown_chart({"total": 1})


def test_premium_since_launch_starts_at_zero_on_launch_day():
    premium = deal.premium_since_launch()
    assert premium["subscribers"].iloc[0] == 0 and premium["months_since_launch"].iloc[0] == 0
    assert premium["months_since_launch"].is_monotonic_increasing
    first = premium.iloc[1]
    assert first["subscribers"] == 1 and 5 < first["months_since_launch"] < 6  # Dec 2022


def test_premium_yardstick_chart_sets_scenarios_against_premiums_history():
    assumptions = deal.scenario_assumptions()
    assumed = assumptions.assign(
        subscribers=assumptions["users_reached"] * assumptions["conversion"]
    )[["scenario", "subscribers"]]
    chart = deal.premium_yardstick_chart(deal.premium_since_launch(), assumed)
    ax = chart.figure.axes[0]
    assert "million" in ax.get_ylabel() and "Months" in ax.get_xlabel()
    assert "1 M after 6 months" in chart.alt_text and "optimistic 15 M" in chart.alt_text
    styles = {
        str(lines.get_linestyle())
        for lines in ax.collections
        if lines.get_label() and "scenario" in lines.get_label()
    }
    assert len(styles) == 3  # the scenarios differ in line style, not in colour alone
    _assert_sourced(chart)


# --- the simulator ---------------------------------------------------------------------------


def test_simulator_is_static_when_headless_and_opens_on_no_scenario(monkeypatch):
    monkeypatch.setenv("TELEGRAM_CASE_STATIC", "1")
    view = deal.deal_simulator()
    assert isinstance(view, StaticView)
    assert "no signing was ever reported" in view.text and "Contingent" in view.text
    totals = deal.scenario_values(deal.scenario_assumptions())["total_value"]
    assert not any(f"${total:,.0f} M" in view.text for total in totals)
    assert "$761 M" in view.text and "$461 M (61 % of the value)" in view.text
    bundle = view._repr_mimebundle_()
    assert "image/png" in bundle and "Static view" in bundle["text/html"]


def test_simulator_widgets_redraw(monkeypatch):
    monkeypatch.delenv("TELEGRAM_CASE_STATIC", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
    box = deal.deal_simulator()
    users, rate = box.children[0], box.children[1]
    summary = box.children[-2]
    assert "$761 M" in summary.value
    rate.value = 2.0
    assert "$1,068 M" in summary.value
    users.value = 0
    assert "$300 M" in summary.value


def test_simulator_rejects_absurd_defaults():
    with pytest.raises(ValueError, match="conversion"):
        deal.deal_simulator(conversion=2)


def test_simulator_summary_numbers():
    text = deal.simulator_summary(1000, 0.004, 10, 12, reference=1400)
    assert "$540 M" in text and "39 % of Telegram's 2024 revenue" in text
    assert "of which $150 M in xAI shares" in text
    assert "Contingent on subscriptions being sold: $240 M (44 % of the value)" in text


# --- the news report's clauses ------------------------------------------------------------------


def test_report_sentences_hide_the_kinds():
    for outcomes in (False, True):
        frame = deal.report_sentences(outcomes=outcomes)
        assert "kinds" not in frame.columns and "reading_note" not in frame.columns
    assert list(deal.report_sentences().columns) == [
        "sentence_id",
        "clause_de",
        "clause_en",
        "context_en",
    ]
    assert deal.report_sentences(outcomes=True)["held"].dtype == "boolean"


def test_every_forecast_failed_and_every_reported_fact_held():
    sentences = load("report_sentences")
    main = sentences["kinds"].str.split(";").str[0]
    assert set(main) == set(deal.SENTENCE_KINDS)
    assert not sentences.loc[main == "forecast", "held"].any()
    assert sentences.loc[main == "reported fact", "held"].all()


def test_only_clauses_are_quoted():
    """Quote, don't reproduce: a short clause per sentence, not the report."""
    sentences = load("report_sentences")
    assert (sentences["clause_de"].str.split().str.len() <= 16).all()
    assert sentences["clause_de"].str.split().str.len().sum() < 100


@pytest.mark.skipif(
    not SEED_000.is_file(),
    reason="shared/seeds is not next to this checkout "
    "(the check that the clauses are quoted exactly needs the seed text)",
)
def test_clauses_are_quoted_exactly_and_in_order():
    text = " ".join(SEED_000.read_text(encoding="utf-8").split())
    position = -1
    for clause in load("report_sentences")["clause_de"]:
        found = text.find(clause)
        assert found > position, clause[:60]
        position = found


def test_claims_ledger_agrees_with_the_clauses():
    """Each claim of notebook 04 the ledger calls wrong quotes a clause that did not hold."""
    sentences = load("report_sentences")
    claims = load("claims")
    flawed = claims[(claims["notebook"] == "04") & (claims["verdict"] == "wrong")]
    assert len(flawed) > 0
    for quote in flawed["quote_de"]:
        rows = sentences[sentences["clause_de"].map(lambda clause, q=quote: clause in q)]
        assert len(rows) == 1 and not rows["held"].iloc[0]


def test_money_is_in_consistent_units():
    """Users in millions × dollars = USD million: one user paying $1 for a month is 1e-6."""
    assert math.isclose(deal.revenue_share_value(1e-6, 1, 1, 1, share=1), 1e-6)
