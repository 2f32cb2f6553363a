"""Do the growth figures of notebook 01 carry a title, units, a source line, safe colours and
alt text (the conventions of telegram_case.plots)?"""

import html

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from telegram_case import load, plots
from telegram_case.growth_figures import growth_chart, milestone_speed_chart


def _colours(figure):
    """Every colour drawn by lines, bars and patches of a figure, as hex."""
    found = set()
    for ax in figure.axes:
        for line in ax.get_lines():
            if line.get_xydata().size:
                found.add(mcolors.to_hex(line.get_color()).upper())
        for patch in ax.patches:
            found.add(mcolors.to_hex(patch.get_facecolor()).upper())
    return found


SAFE = {c.upper() for c in plots.PALETTE.values()}


def _durations():
    return pd.DataFrame(
        {
            "network": ["Telegram", "VK"],
            "months": [15, 78],
            "source_id": ["detector_media_2014_1bn_messages"] * 2,
        }
    )


@pytest.fixture(params=["growth_log", "growth_linear", "speed"])
def chart(request):
    if request.param == "speed":
        return milestone_speed_chart(_durations())
    return growth_chart(load("users"), scale=request.param.split("_")[1])


def test_has_title_axis_labels_with_units_and_source(chart):
    ax = chart.figure.axes[0]
    assert ax.get_title(loc="left")
    assert "(" in ax.get_ylabel() or "Months" in ax.get_xlabel()
    texts = " ".join(t.get_text() for t in chart.figure.texts)
    assert "Source:" in texts and "sources.csv" in texts


def test_uses_only_the_colour_blind_safe_palette(chart):
    assert _colours(chart.figure) <= SAFE


def test_alt_text_says_what_the_figure_shows(chart):
    assert len(chart.alt_text) > 40
    bundle = chart._repr_mimebundle_()
    assert f'alt="{html.escape(chart.alt_text, quote=True)}"' in bundle["text/html"]
    assert "Text alternative:" in bundle["text/html"]
    assert bundle["text/plain"].startswith("[Figure]")
    assert bundle["image/png"]


def test_growth_chart_cites_every_milestone_source():
    chart = growth_chart(load("users"))
    users = load("users")
    shown = users[users["metric"].isin(["monthly_active_users", "signups"])]
    texts = " ".join(t.get_text().replace("\n", " ") for t in chart.figure.texts)
    for source_id in set(shown["source_id"]):
        assert source_id in texts


def test_growth_chart_highlight_and_bad_input():
    users = load("users")
    dates = users.loc[users["metric"] == "monthly_active_users", "date"].sort_values()
    chart = growth_chart(users, highlight=(dates.iloc[1], dates.iloc[3]))
    assert "Selected interval" in [t.get_text() for t in chart.figure.axes[0].get_legend().texts]
    with pytest.raises(ValueError, match="scale must be"):
        growth_chart(users, scale="cubic")
    with pytest.raises(ValueError, match="lacks the column"):
        growth_chart(users.drop(columns="metric"))
    with pytest.raises(ValueError, match="monthly_active_users"):
        growth_chart(users[users["metric"] == "signups"])


def test_speed_chart_refuses_bad_durations():
    bad = _durations()
    bad.loc[0, "months"] = 0
    with pytest.raises(ValueError, match="positive"):
        milestone_speed_chart(bad)
    with pytest.raises(TypeError, match="DataFrame"):
        milestone_speed_chart([("Telegram", 15)])


def test_only_shocks_sourced_below_medium_high_are_marked_reported():
    """The October 2021 shock (one report, medium confidence) is labelled "(reported)"; the
    shocks from well-rated sources are not, and a shock rated low is marked too."""
    users = load("users")
    texts = [t.get_text() for t in growth_chart(users).figure.axes[0].texts]
    assert [t for t in texts if "(reported)" in t] == [t for t in texts if t.startswith("Oct 2021")]
    assert any(t.startswith("Oct 2021") for t in texts)
    lowered = users.assign(
        confidence=users["confidence"].where(users["metric"] != "signups", "low")
    )
    texts = [t.get_text() for t in growth_chart(lowered).figure.axes[0].texts]
    shocks = [t for t in texts if " M in " in t]
    assert shocks and all(t.endswith("(reported)") for t in shocks)
