"""Do the explorers react, and fall back to a static view when nobody can click?"""

import pandas as pd
import pytest

from telegram_case import load, widgets


@pytest.fixture
def users():
    return load("users")


def test_summary_states_multiple_rate_and_doubling(users):
    text = widgets.growth_summary(users, "2016-02-23", "2025-03-19")
    assert "×10.00" in text and "a year" in text and "doubling every" in text


def test_summary_refuses_dates_that_are_not_milestones(users):
    with pytest.raises(ValueError, match="not a monthly-active-user milestone"):
        widgets.growth_summary(users, "2016-01-01", "2025-03-19")


def test_summary_asks_for_an_end_after_the_start(users):
    assert "after the start" in widgets.growth_summary(users, "2025-03-19", "2016-02-23")


@pytest.mark.parametrize("variable", ["NBGRADER_EXECUTION", "TELEGRAM_CASE_STATIC"])
def test_headless_runs_get_a_static_view(users, monkeypatch, variable):
    monkeypatch.setenv(variable, "1")
    view = widgets.growth_explorer(users)
    assert isinstance(view, widgets.StaticView)
    bundle = view._repr_mimebundle_()
    assert "Static view" in bundle["text/html"] and bundle["image/png"]


def test_interactive_explorer_reacts_to_its_controls(users, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("TELEGRAM_CASE_STATIC", raising=False)
    monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
    box = widgets.growth_explorer(users)
    controls = {getattr(w, "description", ""): w for row in box.children[:2]
                for w in getattr(row, "children", [])}
    summary = box.children[2]
    before = summary.value
    dates = sorted(users.loc[users["metric"] == "monthly_active_users", "date"])
    controls["From"].value = pd.Timestamp(dates[2])
    assert summary.value != before
    assert f"{dates[2]:%b %Y}" in summary.value
    controls["Scale"].value = "linear"  # redraws without error
