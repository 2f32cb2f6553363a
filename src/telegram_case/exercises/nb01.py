"""Questions of notebook 01, "Founding story: from VK to Telegram, and how fast it grew".

Use in the notebook as ``from telegram_case.exercises import nb01 as q``; each
question is checked with ``q.<name>.check()``.
The expected values are computed here from the course data when a check runs.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import growth
from ..checking import (
    Nudge,
    Question,
    Written,
    bind,
    expect_frame,
    expect_function,
    expect_number,
    expect_set,
)
from ..datasets import load

# Durov's VK post of 8 Dec 2014 (source id in data/users.csv): Telegram reached one billion
# messages a day 15 months after launch; VK needed 6.5 years.
TELEGRAM_MONTHS_TO_1BN_MESSAGES = 15
VK_YEARS_TO_1BN_MESSAGES = 6.5
SEED_VK_YEARS = 6  # seed 003: "VKontakte brauchte 6 Jahre"
SEED_TELEGRAM_MONTHS = 18  # seed 003, takeaways: "in 18 Monaten"


# --- reference answers -------------------------------------------------------------------


def _mau() -> pd.DataFrame:
    users = load("users")
    mau = users[users["metric"] == "monthly_active_users"].sort_values("date")
    return mau[["date", "value"]].reset_index(drop=True)


def _mau_multiple() -> float:
    mau = _mau()
    return growth.growth_multiple(mau["value"].iloc[0], mau["value"].iloc[-1])


def _speed_ratio() -> float:
    return VK_YEARS_TO_1BN_MESSAGES * 12 / TELEGRAM_MONTHS_TO_1BN_MESSAGES


def _fastest_shock() -> str:
    return _signups_per_hour().sort_values("per_hour").iloc[-1]["label"]


def _mau_cagr() -> float:
    mau = _mau()
    first, last = mau.iloc[0], mau.iloc[-1]
    years = growth.years_between(first["date"], last["date"])
    return growth.cagr(first["value"], last["value"], years)


def _signups_per_hour() -> pd.DataFrame:
    users = load("users")
    shocks = users[users["metric"] == "signups"].sort_values("date").reset_index(drop=True)
    shocks["per_hour"] = shocks["value"] / shocks["window_hours"]
    return shocks[["date", "label", "per_hour"]]


def _claims_not_correct() -> set[str]:
    claims = load("claims")
    mine = claims[(claims["notebook"] == "01") & (claims["verdict"] != "correct")]
    return set(mine["claim_id"])


# --- checkers -----------------------------------------------------------------------------


def _check_mau(mau) -> None:
    expected = _mau()
    if isinstance(mau, pd.DataFrame) and "metric" in mau.columns:
        others = set(mau["metric"].astype(str)) - {"monthly_active_users"}
        if others:
            raise Nudge(
                f"`mau` still has rows with other metrics ({sorted(others)}); "
                "keep only monthly active users."
            )
    expect_frame(mau, expected, what="`mau`", columns=["date", "value"], sort_by=["date"])
    if not mau["date"].is_monotonic_increasing:
        raise Nudge("`mau` has the right rows; now sort them by date, oldest first.")


def _check_multiple(value) -> None:
    expected = _mau_multiple()
    expect_number(
        value,
        expected,
        what="`mau_multiple`",
        mistakes=[
            (
                expected - 1,
                "That is the growth in per cent of the start (end/start − 1); "
                "the question asks how many times larger (end/start).",
            ),
            (1 / expected, "You divided the first milestone by the last; turn the ratio around."),
        ],
    )


_CAGR_CASES = ((100.0, 200.0, 1.0), (100.0, 400.0, 2.0), (50.0, 60.0, 3.0), (80.0, 20.0, 2.0))


def _check_cagr_function(cagr) -> None:
    function = expect_function(cagr, what="`cagr`")
    for start, end, years in _CAGR_CASES:
        expected = growth.cagr(start, end, years)
        result = function(start, end, years)
        simple = (end / start - 1) / years
        expect_number(
            result,
            expected,
            what=f"`cagr({start:g}, {end:g}, {years:g})`",
            abs_tol=1e-9,
            mistakes=[
                (
                    simple,
                    "Your function spreads the total growth evenly over the years "
                    "(simple growth). Compound growth takes the years-th root of the multiple.",
                ),
                (
                    expected + 1,
                    "Your function returns the yearly multiple; subtract 1 to get a rate.",
                ),
            ],
        )


def _check_mau_cagr(value) -> None:
    expected = _mau_cagr()
    mau = _mau()
    years = growth.years_between(mau["date"].iloc[0], mau["date"].iloc[-1])
    simple = (mau["value"].iloc[-1] / mau["value"].iloc[0] - 1) / years
    expect_number(
        value,
        expected,
        what="`mau_growth_rate`",
        rel=1e-2,
        mistakes=[
            (
                simple,
                "That is average simple growth per year; the question asks for the "
                "compound rate (use your `cagr`).",
            ),
        ],
    )


def _check_doubling(value) -> None:
    rate = _mau_cagr()
    expected = growth.doubling_time(rate)
    expect_number(
        value,
        expected,
        what="`doubling_years`",
        rel=1e-2,
        mistakes=[
            (
                70 / (rate * 100),
                "The rule of 70 is an approximation that drifts at high rates; "
                "solve (1 + r) ** t = 2 for t with logarithms.",
            ),
            (
                72 / (rate * 100),
                "The rule of 72 is an approximation that drifts at high rates; "
                "solve (1 + r) ** t = 2 for t with logarithms.",
            ),
            (
                math.log(2) / rate,
                "ln(2) / r is the continuous-growth formula; with yearly "
                "compounding divide by ln(1 + r).",
            ),
        ],
    )


def _check_speed_ratio(value) -> None:
    expect_number(
        value,
        _speed_ratio(),
        what="`speed_ratio`",
        mistakes=[
            (
                SEED_VK_YEARS * 12 / TELEGRAM_MONTHS_TO_1BN_MESSAGES,
                "You used the seed's “6 Jahre”; Durov's own post says VK needed 6.5 years.",
            ),
            (
                VK_YEARS_TO_1BN_MESSAGES * 12 / SEED_TELEGRAM_MONTHS,
                "You used the seed's “18 Monaten”, which contradicts its own 15 months; "
                "use the figure from Durov's post.",
            ),
            (
                TELEGRAM_MONTHS_TO_1BN_MESSAGES / (VK_YEARS_TO_1BN_MESSAGES * 12),
                "You divided Telegram's time by VK's; the question asks how many times faster.",
            ),
            (
                VK_YEARS_TO_1BN_MESSAGES / TELEGRAM_MONTHS_TO_1BN_MESSAGES,
                "Convert VK's years to months before you divide.",
            ),
        ],
    )


def _check_signups(frame) -> None:
    expected = _signups_per_hour()
    if (
        isinstance(frame, pd.DataFrame)
        and "per_hour" in frame.columns
        and len(frame) == len(expected)
    ):
        per_window = load("users").query("metric == 'signups'").sort_values("date")["value"]
        if (
            frame.sort_values("date")["per_hour"]
            .reset_index(drop=True)
            .round(6)
            .equals(per_window.reset_index(drop=True).round(6))
        ):
            raise Nudge("`per_hour` still holds the sign-ups per window; divide by `window_hours`.")
    expect_frame(
        frame,
        expected,
        what="`signups_per_hour`",
        columns=["date", "label", "per_hour"],
        sort_by=["date"],
    )


def _check_fastest(label) -> None:
    expected = _fastest_shock()
    labels = list(_signups_per_hour()["label"])
    if not isinstance(label, str):
        raise Nudge(f"`fastest_shock` should be a label (a string), not a {type(label).__name__}.")
    label = str.__str__(label)  # ignore a str subclass's own __eq__
    if label not in labels:
        raise Nudge(f"`fastest_shock` should be one of the `label` values: {labels}.")
    if label != expected:
        raise Nudge(
            "That shock brought more sign-ups in total, or over a longer window; "
            "compare sign-ups per hour."
        )


def _check_claims(ids) -> None:
    claims = load("claims")
    options = set(claims.loc[claims["notebook"] == "01", "claim_id"])
    expect_set(ids, _claims_not_correct(), what="`flawed_claims`", options=options)


# --- the questions ---------------------------------------------------------------------------

mau_milestones = Question(
    title="Q1 monthly-active-user milestones",
    variables=("mau",),
    answer=_mau,
    checker=_check_mau,
    hints=(
        "Filter `users` on the `metric` column.",
        "`users[users['metric'] == 'monthly_active_users']` keeps the right rows; "
        "then keep the columns `date` and `value`.",
        "Sort with `.sort_values('date')`.",
    ),
)

mau_multiple = Question(
    title="Q2 growth multiple",
    variables=("mau_multiple",),
    answer=_mau_multiple,
    checker=_check_multiple,
    hints=(
        "A growth multiple is end value ÷ start value.",
        "`mau['value'].iloc[-1]` is the last milestone and `.iloc[0]` the first.",
    ),
)

cagr_function = Question(
    title="Q3 a CAGR function",
    variables=("cagr",),
    answer=lambda: growth.cagr,
    checker=_check_cagr_function,
    hints=(
        "If a value grows by the same rate r every year for t years, end = start × (1 + r) ** t.",
        "Solve that for r: r = (end / start) ** (1 / t) − 1.",
    ),
)

mau_cagr = Question(
    title="Q4 MAU growth rate",
    variables=("mau_growth_rate",),
    answer=_mau_cagr,
    checker=_check_mau_cagr,
    hints=(
        "Use your `cagr` with the first and last milestone of `mau`.",
        "Years between two dates: `(end - start).days / 365.25`.",
    ),
)

doubling_years = Question(
    title="Q5 doubling time",
    variables=("doubling_years",),
    answer=lambda: growth.doubling_time(_mau_cagr()),
    checker=_check_doubling,
    hints=(
        "Doubling means (1 + r) ** t = 2.",
        "Take logarithms: t = log(2) / log(1 + r); `math.log` or `numpy.log` will do.",
    ),
)

speed_ratio = Question(
    title="Q6 Telegram against VK",
    variables=("speed_ratio",),
    answer=_speed_ratio,
    checker=_check_speed_ratio,
    hints=(
        "Put both durations in the same unit first.",
        "VK's years × 12 gives months; then divide VK's months by Telegram's.",
        "Which figures? Use Durov's post (the source), not the seed's retelling.",
    ),
)

signups_per_hour = Question(
    title="Q7a sign-ups per hour",
    variables=("signups_per_hour",),
    answer=_signups_per_hour,
    graded_values=lambda: list(_signups_per_hour()["per_hour"]),
    checker=_check_signups,
    hints=(
        "Keep the rows of `users` whose metric is 'signups'.",
        "`value` counts sign-ups in millions over `window_hours` hours; divide to get a rate.",
        "Assign the result to a new column with `shocks['per_hour'] = ...` "
        "and keep `date`, `label`, `per_hour`.",
    ),
)

fastest_shock = Question(
    title="Q7b the fastest shock",
    variables=("fastest_shock",),
    answer=_fastest_shock,
    checker=_check_fastest,
    hints=(
        "Sort `signups_per_hour` by `per_hour`, or use `idxmax`.",
        "`signups_per_hour.loc[signups_per_hour['per_hour'].idxmax(), 'label']`.",
    ),
)

flawed_claims = Question(
    title="Q8 the seed's flawed claims",
    variables=("flawed_claims",),
    answer=_claims_not_correct,
    checker=_check_claims,
    hints=(
        "Load the claims ledger with `load('claims')`.",
        "Keep the rows for notebook '01' whose `verdict` is not 'correct'.",
        "Return the `claim_id` values as a list: `list(frame['claim_id'])`.",
    ),
)

# --- written answers (read by a person; rubric and exemplar in the notebook) -----------------

w1_privacy_moments = Written(title="W1 · Privacy at the right moment")
w2_governance = Written(title="W2 · What the founding story means for governance")

bind(globals(), notebook="01")
