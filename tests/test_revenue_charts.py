"""Do the revenue charts keep unlike periods apart, invent no figure, and name what is missing?"""

from __future__ import annotations

import matplotlib.colors as mcolors
import pytest

from telegram_case import load
from telegram_case.revenue_charts import (
    revenue_history_chart,
    revenue_mix_chart,
    revenue_one_off_chart,
)


@pytest.fixture(scope="module")
def money():
    return load("monetization")


def _value(money, row_id: str) -> float:
    return float(money.loc[money["row_id"] == row_id, "value"].iloc[0])


@pytest.mark.parametrize(
    "draw",
    [
        revenue_history_chart,
        lambda money: revenue_mix_chart(money, "H1-2025"),
        lambda money: revenue_mix_chart(money, "H1-2024"),
        lambda money: revenue_one_off_chart(money, 1000.0),
    ],
    ids=["history", "mix H1-2025", "mix H1-2024", "one-off"],
)
def test_every_revenue_chart_names_known_sources_and_has_a_text_alternative(money, draw):
    chart = draw(money)
    footer = " ".join(t.get_text() for t in chart.figure.texts).replace("\n", " ")
    ids = footer.split("(")[1].split(")")[0].split(", ")
    assert ids and set(ids) <= set(load("sources")["source_id"])
    assert len(chart.alt_text) > 60
    assert chart.png().startswith(b"\x89PNG")


# --- revenue and profit by period (notebook 02) ---------------------------------------------------


def test_revenue_history_keeps_full_years_and_half_years_apart(money):
    chart = revenue_history_chart(money)
    ax_full, ax_half = chart.figure.axes
    full_labels = [t.get_text() for t in ax_full.get_xticklabels()]
    half_labels = [t.get_text() for t in ax_half.get_xticklabels()]
    assert all(label.startswith("FY") for label in full_labels)
    assert all(label.startswith("H1") for label in half_labels)
    assert "Full financial year" in ax_full.get_xlabel()
    assert "First half-year" in ax_half.get_xlabel()
    assert ax_full.get_ylabel() == "USD million"


def test_revenue_history_never_invents_fy2025_actuals(money):
    chart = revenue_history_chart(money)
    ax_full = chart.figure.axes[0]
    target = money.loc[money["item"] == "revenue_target", "value"].iloc[0]
    filled_heights = [
        p.get_height() for p in ax_full.patches if mcolors.to_rgba(p.get_facecolor())[3] > 0
    ]
    assert target not in filled_heights  # the target is drawn as an empty outline
    assert any("not found" in t.get_text() for t in ax_full.texts)
    assert "target" in chart.alt_text and "actuals not found" in chart.alt_text


def test_revenue_history_prefers_estimates_over_floors(money):
    chart = revenue_history_chart(money)
    heights = [p.get_height() for ax in chart.figure.axes for p in ax.patches]
    assert _value(money, "fy2024_revenue_durov") not in heights
    assert _value(money, "fy2024_revenue") in heights


def test_revenue_history_needs_revenue_rows(money):
    with pytest.raises(ValueError, match="no rows with item 'revenue'"):
        revenue_history_chart(money[money["item"] != "revenue"])
    with pytest.raises(ValueError, match="lacks the column"):
        revenue_history_chart(money.drop(columns=["period_end"]))


# --- what one period's revenue was made of (notebook 02) ------------------------------------------


def test_revenue_mix_shows_what_is_not_itemised(money):
    chart = revenue_mix_chart(money, "H1-2025")
    ax = chart.figure.axes[0]
    total = money.loc[
        (money["item"] == "revenue") & (money["period_label"] == "H1-2025"), "value"
    ].iloc[0]
    assert sum(p.get_width() for p in ax.patches) == pytest.approx(total)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Not itemised in the reports" in labels
    assert "Not itemised" in chart.alt_text


def test_revenue_mix_says_where_the_data_has_no_breakdown(money):
    with pytest.raises(ValueError, match=r"no reported revenue breakdown.*H1-2025"):
        revenue_mix_chart(money, "FY2024")
    with pytest.raises(TypeError, match="period"):
        revenue_mix_chart(money, 2025)


def test_revenue_mix_for_h1_2024_shows_the_one_off(money):
    chart = revenue_mix_chart(money, "H1-2024")
    assert "one-off" in chart.alt_text


# --- revenue with its one-off deal (notebook 05) --------------------------------------------------


def test_revenue_one_off_splits_fy2024_where_the_students_answer_puts_it(money):
    """Right, the two hatched segments are the same deal; wrong, they differ visibly."""
    one_off = _value(money, "h1_2024_toncoin_ads_exclusivity")
    reported = _value(money, "fy2024_revenue")
    for recurring, hatched in [(reported - one_off, one_off), (reported, 0.0)]:
        chart = revenue_one_off_chart(money, recurring)
        ax = chart.figure.axes[0]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["FY2023", "H1 2024", "FY2024"]
        below, above = ([b.get_height() for b in bars] for bars in ax.containers)
        assert above == pytest.approx([0, one_off, hatched])
        assert below[2] == pytest.approx(recurring)
        assert f"{one_off:,.0f} USD million" in chart.alt_text
        assert f"recurring revenue of {recurring:,.0f} USD million" in chart.alt_text


@pytest.mark.parametrize("wrong", [-5.0, 1e9, float("nan"), "1000", None])
def test_revenue_one_off_refuses_a_split_outside_fy2024_by_name(money, wrong):
    with pytest.raises((TypeError, ValueError), match="recurring_2024"):
        revenue_one_off_chart(money, wrong)


def test_revenue_one_off_names_a_missing_row(money):
    with pytest.raises(ValueError, match="h1_2024_toncoin_ads_exclusivity"):
        revenue_one_off_chart(money[money["row_id"] != "h1_2024_toncoin_ads_exclusivity"], 1000.0)
