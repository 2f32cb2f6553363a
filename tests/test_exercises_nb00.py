"""Notebook 00 (practice): do realistic wrong answers get their nudge, and does the progress
table say that practice questions earn no points?"""

from __future__ import annotations

import pytest

from telegram_case import load
from telegram_case.checking import Outcome
from telegram_case.exercises import nb00

from .exercise_helpers import assert_nudged, solved_namespace, wrong


def _count(category):
    events = load("events")
    return int((events["category"] == category).sum())


WRONG = [
    wrong(nb00.practice_rows, 3.5, "whole number"),
    wrong(nb00.practice_rows, 20, "not the value"),
    wrong(nb00.practice_rows, "ten", "should be a number"),
    wrong(nb00.practice_filter, len(load("events")), "counts every event"),
    wrong(nb00.practice_filter, _count("telegram"), "category 'telegram'"),
    wrong(nb00.practice_filter, 2.5, "whole number"),
    wrong(nb00.practice_groupby, 12, "should be a category name"),
    wrong(nb00.practice_groupby, "blockchain", "should be one of the categories"),
    wrong(nb00.practice_groupby, "vk", "Another category has more events"),
    wrong(nb00.practice_dates, -nb00.practice_dates.answer(), "wrong sign"),
    wrong(nb00.practice_dates, nb00.practice_dates.answer() / 7, "in weeks"),
    wrong(nb00.practice_dates, nb00.practice_dates.answer() / 365.25, "in years"),
]


@pytest.mark.parametrize(("question", "value", "message"), WRONG)
def test_wrong_answer_gets_its_nudge(question, value, message):
    assert_nudged(question, value, message)


def test_the_category_with_the_fewest_events_is_named_as_such():
    counts = load("events").groupby("category").size()
    assert_nudged(nb00.practice_groupby, counts.idxmin(), "fewest events")


def test_a_tie_for_the_most_events_accepts_each_tied_category(monkeypatch):
    import pandas as pd

    tied = pd.Series({"ton": 5, "growth": 5, "vk": 1})
    monkeypatch.setattr(nb00, "_events_per_category", lambda: tied)
    for name in ("ton", "growth", " Growth "):
        assert nb00.practice_groupby.outcome(name) is Outcome.CORRECT


def test_the_practice_solutions_come_from_the_module_and_pass():
    namespace = solved_namespace(nb00)
    for question in nb00.QUESTIONS:
        assert question.practice_solution
        values = [namespace[v] for v in question.variables]
        assert question.outcome(*values) is Outcome.CORRECT


def test_progress_says_practice_questions_earn_no_points():
    table = nb00.progress.table({"n_rows": len(load("users"))})
    text = repr(table)
    assert "practice questions: they earn no points" in text
    assert "0 of 0" not in text and "?" not in text
    statuses = {row.title: row.status for row in table.rows}
    assert statuses[nb00.practice_rows.title].startswith("✔ Correct")
    assert statuses[nb00.practice_dates.title].startswith("… Not attempted")
