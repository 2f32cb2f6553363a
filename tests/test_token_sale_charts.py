"""Do the figures of notebook 03 carry their conventions, hide what students compute, and
name the data they lack?"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from telegram_case import load, token_sale, token_sale_charts
from telegram_case.plots import PALETTE, Chart


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
    chart = token_sale_charts.sale_rounds_chart(sale, token_sale.grams_range(sale))
    _check_chart(
        chart, "Round 1", "$1.33 (reported) to $1.45 (planned)", "3.5 to 3.9 times", "2.9 billion"
    )
    assert "$" not in chart.figure.axes[0].get_xlabel()
    assert "billions" in chart.figure.axes[0].get_xlabel()


def test_sale_chart_does_not_print_the_grams_students_compute(sale):
    """Notebook 03's Q1 asks for the Grams per round: the chart shows prices, not Grams."""
    chart = token_sale_charts.sale_rounds_chart(sale, token_sale.grams_range(sale))
    rounds = token_sale.grams_range(sale)
    shown = chart.alt_text + " ".join(t.get_text() for t in chart.figure.axes[0].texts)
    for value in [*rounds["grams_min_bn"], *rounds["grams_max_bn"]]:
        assert f"{value:.2f}" not in shown


def test_sale_chart_draws_the_students_grams_not_its_own(sale):
    """A wrong Q1 answer is drawn as given (here in millions, not billions): the bars, not the
    chart, carry the Grams, and swapped ends still draw a range."""
    right = token_sale.grams_range(sale)
    wrong = right.assign(grams_min_bn=right["grams_max_bn"] * 1000, grams_max_bn=0.5)
    for given in (right, wrong):
        bars = token_sale_charts.sale_rounds_chart(sale, given).figure.axes[0].containers[0]
        low = given[["grams_min_bn", "grams_max_bn"]].min(axis=1)
        high = given[["grams_min_bn", "grams_max_bn"]].max(axis=1)
        assert [b.get_width() for b in bars][:2] == pytest.approx(list((low + high) / 2))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda g: g.drop(columns="grams_max_bn"), "grams_max_bn"),
        (lambda g: g[g["row_id"] == "round_1"], "round_1 and round_2"),
        (lambda g: g.assign(grams_min_bn=[float("nan"), 1.0]), "missing, negative"),
        (lambda g: g.assign(grams_max_bn=["many", "few"]), "non-numeric"),
        (lambda g: g.to_dict(), "DataFrame"),
    ],
    ids=["column", "row", "nan", "text", "dict"],
)
def test_sale_chart_names_what_is_wrong_with_the_grams(sale, change, message):
    with pytest.raises((TypeError, ValueError), match=message):
        token_sale_charts.sale_rounds_chart(sale, change(token_sale.grams_range(sale)))


def test_sale_chart_says_round_two_is_reported(sale):
    chart = token_sale_charts.sale_rounds_chart(sale, token_sale.grams_range(sale))
    texts = " ".join(t.get_text() for t in chart.figure.axes[0].texts)
    assert "reported" in texts and "medium-low" in texts


def test_sale_chart_needs_the_total(sale):
    with pytest.raises(ValueError, match="total"):
        token_sale_charts.sale_rounds_chart(
            sale[sale["row_id"] != "total"], token_sale.grams_range(sale)
        )


def test_budget_chart(sale):
    budget = load("ton_budget")
    chart = token_sale_charts.budget_chart(budget, sale)
    _check_chart(chart, "$620 M", "$405 M", "2019 $130 M", "$1.7 bn")
    assert "millions" in chart.figure.axes[0].get_ylabel()
    # Notebook 03's Q5 asks which projection to compare the spend with: the text does not say.
    assert "projected for 2018" not in chart.alt_text


def test_budget_chart_rejects_missing_rows(sale):
    budget = load("ton_budget")
    with pytest.raises(ValueError, match="spend_2018_2020"):
        token_sale_charts.budget_chart(budget[budget["row_id"] != "spend_2018_2020"], sale)


def test_timeline_chart(case):
    chart = token_sale_charts.case_timeline_chart(load("events"), case)
    _check_chart(
        chart,
        "24 Mar 2020: Preliminary injunction",
        "12 May 2020: Telegram ends",
        "Aug 2021",
        "June 2020 to June 2023",
    )
    labels = [t.get_text() for t in chart.figure.axes[0].texts]
    assert len(labels) == len(token_sale_charts.TIMELINE_EVENTS)
    assert not any("$" in label and "\\$" not in label for label in labels)


def test_timeline_chart_rejects_missing_events(case):
    events = load("events")
    with pytest.raises(ValueError, match="telegram_ends_ton"):
        token_sale_charts.case_timeline_chart(
            events[events["event_id"] != "telegram_ends_ton"], case
        )


def test_choice_chart(options):
    chart = token_sale_charts.choice_chart(options, discount_rate=0.10, default_prob=0.2)
    _check_chart(chart, "22.2%", "0.72", "0.80")
    assert "72%" in chart.figure.axes[0].get_title(loc="left")


def test_choice_chart_needs_options():
    with pytest.raises(TypeError, match="InvestorOptions"):
        token_sale_charts.choice_chart({"refund_now": 0.72})


def test_sale_chart_does_not_change_the_frame(sale):
    before = sale.copy()
    token_sale_charts.sale_rounds_chart(sale, token_sale.grams_range(sale))
    pd.testing.assert_frame_equal(sale, before)
