"""The practice questions of notebook 00, "Start here" (ungraded).

Notebook 00 has no instructor version, so each question's worked solution is in
``nb00.toml`` (``practice_solution``); it is the only notebook that has one there.
"""

from __future__ import annotations

import pandas as pd

from ..checking import Question, bind
from ..datasets import load
from ..expectations import Nudge, expect_number

# --- practice_rows ------------------------------------------------------------------------


def _check_rows(value) -> None:
    users = load("users")
    expect_number(
        value,
        len(users),
        what="`n_rows`",
        integer=True,
        mistakes=[
            (len(users.columns), "That is the number of columns; `len(users)` counts rows."),
            (users.size, "That counts every cell (rows × columns); `len(users)` counts rows."),
        ],
    )
    if isinstance(value, float):
        raise Nudge("Right number, but as a float; `len()` gives a whole number.")


practice_rows = Question(answer=lambda: len(load("users")), checker=_check_rows)


# --- practice_filter ----------------------------------------------------------------------


def _vk_events() -> int:
    events = load("events")
    return int((events["category"] == "vk").sum())


def _check_vk_events(value) -> None:
    events = load("events")
    expect_number(
        value,
        _vk_events(),
        what="`n_vk_events`",
        integer=True,
        mistakes=[
            (len(events), "That counts every event; keep only the rows whose category is 'vk'."),
            (
                int((events["category"] == "telegram").sum()),
                "That is the category 'telegram'; the question asks about 'vk'.",
            ),
        ],
    )


practice_filter = Question(answer=_vk_events, checker=_check_vk_events)


# --- practice_groupby ---------------------------------------------------------------------


def _events_per_category() -> pd.Series:
    return load("events").groupby("category").size()


def _busiest_categories() -> list[str]:
    counts = _events_per_category()
    return sorted(counts[counts == counts.max()].index)


def _check_busiest(value) -> None:
    counts = _events_per_category()
    if not isinstance(value, str):
        raise Nudge(
            f"`busiest_category` should be a category name (a string), not a "
            f"{type(value).__name__}; `.idxmax()` gives the name."
        )
    name = str.__str__(value).strip().lower()
    if name not in counts.index:
        raise Nudge(f"`busiest_category` should be one of the categories: {sorted(counts.index)}.")
    if name in _busiest_categories():
        return
    if counts[name] == counts.min():
        raise Nudge("That category has the fewest events; look for the most.")
    raise Nudge("Another category has more events; count the rows of each with `groupby`.")


practice_groupby = Question(answer=lambda: _busiest_categories()[0], checker=_check_busiest)


# --- practice_dates -----------------------------------------------------------------------


def _days_to_android() -> int:
    events = load("events").set_index("event_id")
    span = events.loc["telegram_android_launch", "date"] - events.loc["telegram_ios_launch", "date"]
    return span.days


def _check_days(value) -> None:
    days = _days_to_android()
    expect_number(
        value,
        days,
        what="`days_to_android`",
        mistakes=[
            (days / 7, "That is in weeks; `.days` gives the number of days."),
            (days / 365.25, "That is in years; the question asks for days (`.days`)."),
        ],
    )


practice_dates = Question(answer=_days_to_android, checker=_check_days)


bind(globals(), notebook="00")
