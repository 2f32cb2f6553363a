"""The practice question of notebook 00, "Start here" (ungraded)."""

from __future__ import annotations

from ..checking import Nudge, Question, bind, expect_number
from ..datasets import load


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


practice_rows = Question(
    title="Practice: count the rows",
    variables=("n_rows",),
    answer=lambda: len(load("users")),
    practice_solution="n_rows = len(users)",
    checker=_check_rows,
    hints=(
        "A DataFrame has one row per record; Python's `len()` works on it.",
        "`n_rows = len(users)`.",
    ),
)

bind(globals(), notebook="00")
