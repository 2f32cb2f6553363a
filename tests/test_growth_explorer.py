"""Does the growth explorer open on no interval, react to its controls, and fall back to a
static view when nobody can click?"""

import re

import pytest

from telegram_case import growth, load, widgets
from telegram_case.growth_explorer import (
    PICK_PROMPT,
    growth_explorer,
    growth_summary,
    neighbouring_intervals,
)


@pytest.fixture
def users():
    return load("users")


def test_summary_states_multiple_rate_and_doubling(users):
    text = growth_summary(users, "2018-03-22", "2019-04-01")
    assert "×1.50" in text and "a year" in text and "doubling every" in text


def test_only_neighbouring_milestones_can_be_compared(users):
    """The first-to-newest multiple (Q2) and the rates of Q4 and Q5 span several milestones:
    the explorer refuses them, so it cannot do those questions for the student."""
    for start, end in [("2016-02-23", "2025-03-19"), ("2021-01-01", "2025-03-19")]:
        with pytest.raises(ValueError, match="neighbouring milestones"):
            growth_summary(users, start, end)
        with pytest.raises(ValueError, match="neighbouring milestones"):
            growth_explorer(users, start=start, end=end)


def test_no_interval_it_allows_shows_a_graded_value(users):
    """For every pair the explorer lets a student pick, no value a question of notebook 01
    grades (each ``Question.secrets()``) appears in its text, in any rendering."""
    from telegram_case.exercises import nb01
    from tests.test_notebook_quality import renderings

    def shown(text, secret):
        # A fraction rounded to one decimal (a rate of 0.68 as "0.7") is too coarse to give
        # an answer away and collides with the durations printed ("in 0.7 years"); every
        # other rendering the notebook leak check knows counts here.
        coarse = f"{secret:.1f}" if isinstance(secret, float) and abs(secret) < 1 else None
        return [
            r
            for r in renderings(secret)
            if r != coarse and re.search(rf"(?<![\w.,]){re.escape(r)}(?![\d])", text)
        ]

    intervals = neighbouring_intervals(users)
    assert len(intervals) == len(growth.milestones(users)) - 1
    secrets = [(q.name, s) for q in nb01.QUESTIONS for s in q.secrets()]
    assert secrets  # the questions do grade numbers, so this test can fail
    leaks = [
        (name, secret, f"{a:%b %Y} to {b:%b %Y}")
        for a, b in intervals
        for name, secret in secrets
        if shown(growth_summary(users, a, b), secret)
    ]
    assert not leaks


def test_summary_refuses_dates_that_are_not_milestones(users):
    with pytest.raises(ValueError, match="not a monthly-active-user milestone"):
        growth_summary(users, "2016-01-01", "2017-10-01")


def test_summary_refuses_an_interval_that_runs_backwards(users):
    with pytest.raises(ValueError, match="neighbouring milestones"):
        growth_summary(users, "2019-04-01", "2018-03-22")


def test_summary_without_an_interval_asks_for_one(users):
    assert growth_summary(users, None, None) == PICK_PROMPT
    with pytest.raises(ValueError, match="both ends"):
        growth_summary(users, "2018-03-22", None)


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
    view = growth_explorer(users, start="2019-04-01", end="2020-04-24")
    assert "From 300 M (Apr 2019) to 400 M (Apr 2020)" in view.text
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
    assert controls["Interval"].value is None
    assert PICK_PROMPT in summary.value


def test_interactive_explorer_offers_only_neighbouring_intervals(users, monkeypatch):
    _, controls, _ = _interactive(users, monkeypatch)
    offered = [value for _, value in controls["Interval"].options if value is not None]
    assert offered == neighbouring_intervals(users)


def test_interactive_explorer_reacts_to_its_controls(users, monkeypatch):
    _, controls, summary = _interactive(users, monkeypatch)
    start, end = neighbouring_intervals(users)[3]
    controls["Interval"].value = (start, end)
    assert f"{start:%b %Y}" in summary.value and "a year" in summary.value
    controls["Interval"].value = None
    assert PICK_PROMPT in summary.value
    controls["Scale"].value = "linear"  # redraws without error
