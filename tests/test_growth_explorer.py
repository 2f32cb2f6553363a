"""Does the growth explorer open on no interval, react to its controls, and fall back to a
static view when nobody can click?"""

import pandas as pd
import pytest

from telegram_case import load, widgets
from telegram_case.growth_explorer import PICK_PROMPT, growth_explorer, growth_summary


@pytest.fixture
def users():
    return load("users")


def test_summary_states_multiple_rate_and_doubling(users):
    text = growth_summary(users, "2016-02-23", "2025-03-19")
    assert "×10.00" in text and "a year" in text and "doubling every" in text


def test_summary_refuses_dates_that_are_not_milestones(users):
    with pytest.raises(ValueError, match="not a monthly-active-user milestone"):
        growth_summary(users, "2016-01-01", "2025-03-19")


def test_summary_asks_for_an_end_after_the_start(users):
    assert "after the start" in growth_summary(users, "2025-03-19", "2016-02-23")


def test_summary_without_an_interval_asks_for_one(users):
    assert growth_summary(users, None, None) == PICK_PROMPT
    assert growth_summary(users, "2018-03-22", None) == (
        "From 200 M (Mar 2018): now pick an end milestone."
    )
    assert growth_summary(users, None, "2025-03-19") == (
        "To 1000 M (Mar 2025): now pick a start milestone."
    )
    with pytest.raises(ValueError, match="not a monthly-active-user milestone"):
        growth_summary(users, "2018-03-01", None)


@pytest.mark.parametrize("variable", ["NBGRADER_EXECUTION", "TELEGRAM_CASE_STATIC"])
def test_headless_runs_get_a_static_view_with_no_interval_picked(users, monkeypatch, variable):
    monkeypatch.setenv(variable, "1")
    view = growth_explorer(users)
    assert isinstance(view, widgets.StaticView)
    bundle = view._repr_mimebundle_()
    assert "Static view" in bundle["text/html"] and bundle["image/png"]
    # The first view answers no question: no multiple, rate or doubling time in it.
    assert PICK_PROMPT in bundle["text/plain"]
    assert "×" not in bundle["text/plain"] and "%" not in bundle["text/plain"]
    assert "Selected interval" not in [
        t.get_text() for t in view.chart.figure.axes[0].get_legend().texts
    ]


def test_a_preselected_interval_is_drawn(users, monkeypatch):
    monkeypatch.setenv("TELEGRAM_CASE_STATIC", "1")
    view = growth_explorer(users, start="2018-03-22", end="2020-04-24")
    assert "From 200 M (Mar 2018) to 400 M (Apr 2020)" in view.text
    assert "Selected interval" in [
        t.get_text() for t in view.chart.figure.axes[0].get_legend().texts
    ]


def _interactive(users, monkeypatch):
    for variable in ("NBGRADER_EXECUTION", "TELEGRAM_CASE_STATIC", "TELEGRAM_CASE_GRADED"):
        monkeypatch.delenv(variable, raising=False)
    box = growth_explorer(users)
    controls = {
        getattr(w, "description", ""): w
        for row in box.children[:2]
        for w in getattr(row, "children", [])
    }
    return box, controls, box.children[2]


def test_interactive_explorer_opens_on_no_interval(users, monkeypatch):
    _, controls, summary = _interactive(users, monkeypatch)
    assert controls["From"].value is None and controls["To"].value is None
    assert PICK_PROMPT in summary.value


def test_interactive_explorer_reacts_to_its_controls(users, monkeypatch):
    _, controls, summary = _interactive(users, monkeypatch)
    dates = sorted(users.loc[users["metric"] == "monthly_active_users", "date"])
    controls["From"].value = pd.Timestamp(dates[2])
    assert "now pick an end milestone" in summary.value  # one end is not yet an interval
    controls["To"].value = pd.Timestamp(dates[4])
    assert f"{dates[2]:%b %Y}" in summary.value and "a year" in summary.value
    controls["To"].value = pd.Timestamp(dates[1])
    assert "after the start" in summary.value
    controls["Scale"].value = "linear"  # redraws without error
