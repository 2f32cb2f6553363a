"""Questions of notebook 01, "Founding story: from VK to Telegram, and how fast it grew".

Use in the notebook as ``from telegram_case.exercises import nb01 as q``; each
question is checked with ``q.<name>.check()``.
The expected values are computed here from the course data when a check runs.

Where a question accepts more than one answer, the reason is written next to it:
the projection rate of Q5 (any recent interval long enough to be a pace) and the
verdicts of Q9 (every verdict the evidence items support, see ``data/evidence.csv``).
"""

from __future__ import annotations

import math

import pandas as pd

from .. import growth
from ..checking import Question, Written, bind
from ..datasets import load
from ..expectations import Nudge, expect_frame, expect_function, expect_number
from .verdicts import verdict_question

# Durov's VK post of 8 Dec 2014 (source id detector_media_2014_1bn_messages): Telegram reached
# one billion messages a day 15 months after launch; VK needed 6.5 years.
TELEGRAM_MONTHS_TO_1BN_MESSAGES = 15
VK_YEARS_TO_1BN_MESSAGES = 6.5
SEED_VK_YEARS = 6  # the German explainer: "VKontakte brauchte 6 Jahre"
SEED_TELEGRAM_MONTHS = 18  # its takeaways: "in 18 Monaten"

# Q4: the analyst's slide splits the MAU series at the January 2021 milestone.
SPLIT_DATE = pd.Timestamp("2021-01-01")

# Q5: "the recent pace" is a compound rate from a milestone of January 2021 or later to the
# newest one, over at least two years. Every such interval is defensible; a shorter one is
# not a pace: milestones are round numbers announced when passed, some dated only to the
# month, so over a few months the date alone can move the rate by several points.
MIN_PACE_YEARS = 2.0

# Q7: the 300 M milestone is dated only by "up from 300 million a year ago", said in April 2020
# (indian_express_2020_300m, medium confidence). The notebook asks students to carry the
# assumption that it fell in the first half of 2019.
WINDOW_300M = (pd.Timestamp("2019-01-01"), pd.Timestamp("2019-06-30"))

# Q8b: a sceptical reader accepts a sign-up figure only from a source rated at least
# medium-high; the 70 M of October 2021 rests on a single report of medium confidence.
CREDIBLE = growth.WELL_SOURCED  # the growth chart marks the others "(reported)"

# Q9: the growth claims of the German explainer that students judge (verdict + evidence ids).
JUDGED_CLAIMS = (
    "fifteen_months",
    "vk_six_years",
    "eighteen_months",
    "fifty_million_active_users",
    "fb_outage_march_2019",
)


# --- shared by several questions ----------------------------------------------------------


def _users() -> pd.DataFrame:
    return load("users")


def _mau() -> pd.DataFrame:
    return growth.milestones(_users())[["date", "value"]]


def _rate(start, end) -> float:
    return growth.cagr_between(start["date"], start["value"], end["date"], end["value"])


def _split_rows():
    mau = _mau()
    split = mau[mau["date"] == SPLIT_DATE]
    if split.empty:
        raise LookupError(f"no MAU milestone on {SPLIT_DATE:%Y-%m-%d} in data/users.csv")
    return mau.iloc[0], split.iloc[0], mau.iloc[-1]


def _rates_before_after() -> tuple[float, float]:
    first, split, last = _split_rows()
    return _rate(first, split), _rate(split, last)


def _full_period_rate() -> float:
    mau = _mau()
    return _rate(mau.iloc[0], mau.iloc[-1])


def _shocks() -> pd.DataFrame:
    users = _users()
    return users[users["metric"] == "signups"].sort_values("date").reset_index(drop=True)


def _signups_per_hour() -> pd.DataFrame:
    shocks = _shocks()
    shocks["per_hour"] = shocks["value"] * 1000 / shocks["window_hours"]
    return shocks[["date", "label", "per_hour"]]


def _close(value, expected, rel: float = 1e-2) -> bool:
    return (
        isinstance(value, float | int)
        and not isinstance(value, bool)
        and math.isclose(float(value), expected, rel_tol=rel)
    )


# --- Q1 mau_milestones --------------------------------------------------------------------


def _check_mau(mau) -> None:
    expected = _mau()
    if isinstance(mau, pd.DataFrame) and "metric" in mau.columns:
        others = set(mau["metric"].astype(str)) - {"monthly_active_users"}
        if others:
            raise Nudge(
                f"`mau` still has rows with other metrics ({sorted(others)}); "
                "keep only monthly active users."
            )
    expect_frame(mau, expected, what="`mau`", sort_by=["date"])
    extra = [str(column) for column in mau.columns if column not in expected.columns]
    if extra:
        raise Nudge(
            f"`mau` has the right rows but also the columns {extra}; keep only `date` and "
            "`value`, as the question asks."
        )
    if not mau["date"].is_monotonic_increasing:
        raise Nudge("`mau` has the right rows; now sort them by date, oldest first.")


mau_milestones = Question(answer=_mau, checker=_check_mau)


# --- Q2 mau_multiple ----------------------------------------------------------------------


def _mau_multiple() -> float:
    mau = _mau()
    return growth.growth_multiple(mau["value"].iloc[0], mau["value"].iloc[-1])


def _blog_multiple() -> float:
    """The flawed calculation the notebook shows: last row of `users` over its first row."""
    users = _users()
    return users["value"].iloc[-1] / users["value"].iloc[0]


def _check_multiple(value) -> None:
    expected = _mau_multiple()
    expect_number(
        value,
        expected,
        what="`mau_multiple`",
        mistakes=[
            (
                _blog_multiple(),
                "That is the blog's figure. Look at the `metric` of the two rows it divides: "
                "compare monthly active users with monthly active users.",
            ),
            (
                expected - 1,
                "That is the growth in per cent of the start (end/start − 1); "
                "the question asks how many times larger (end/start).",
            ),
            (1 / expected, "You divided the first milestone by the last; turn the ratio around."),
        ],
    )


mau_multiple = Question(answer=_mau_multiple, checker=_check_multiple)


# --- Q3 cagr_function ---------------------------------------------------------------------


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
            kind="fraction",
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


cagr_function = Question(answer=lambda: growth.cagr, checker=_check_cagr_function)


# --- Q4 mau_cagr --------------------------------------------------------------------------


def _additions_per_year(start, end) -> float:
    return (end["value"] - start["value"]) / growth.years_between(start["date"], end["date"])


def _calendar_year_rate(start, end) -> float:
    return growth.cagr(start["value"], end["value"], end["date"].year - start["date"].year)


def _check_mau_cagr(rate_before, rate_after) -> None:
    first, split, last = _split_rows()
    periods = {
        "`rate_before`": (rate_before, first, split),
        "`rate_after`": (rate_after, split, last),
    }
    before, after = _rates_before_after()
    if all(isinstance(v, float | int) for v in (rate_before, rate_after)) and (
        math.isclose(rate_before, after, rel_tol=1e-2)
        and math.isclose(rate_after, before, rel_tol=1e-2)
    ):
        raise Nudge("The two rates are swapped: `rate_before` is the period up to January 2021.")
    for what, (value, start, end) in periods.items():
        years = growth.years_between(start["date"], end["date"])
        expect_number(
            value,
            _rate(start, end),
            what=what,
            rel=1e-2,
            kind="fraction",
            mistakes=[
                (
                    _additions_per_year(start, end),
                    "That is millions of users added per year, the analyst's own measure; "
                    "the question asks for the compound rate (use your `cagr`).",
                ),
                (
                    (end["value"] / start["value"] - 1) / years,
                    "That is simple growth per year; use your compound `cagr`.",
                ),
                (
                    _calendar_year_rate(start, end),
                    "You counted whole calendar years; measure the years between the two "
                    "dates in days and divide by 365.25.",
                ),
                (
                    _full_period_rate(),
                    "That is the rate over the whole series; split it at January 2021.",
                ),
            ],
        )


def _explain_rates(rate_before, rate_after) -> str:
    first, split, last = _split_rows()
    return (
        f"The compound rate fell from about {rate_before:.0%} to about {rate_after:.0%} a year, "
        f"while the millions added per year rose (about {_additions_per_year(first, split):.0f} "
        f"M a year before, {_additions_per_year(split, last):.0f} M after). A bigger base needs "
        "more new users for the same percentage: absolute additions can grow while growth slows."
    )


mau_cagr = Question(
    answer=_rates_before_after,
    checker=_check_mau_cagr,
    explain=_explain_rates,
)


# --- Q5 doubling_years --------------------------------------------------------------------


def _recent_rates() -> dict[pd.Timestamp, tuple[float, float]]:
    """Start milestone (January 2021 or later) -> (compound rate to the newest one, years)."""
    mau = _mau()
    last = mau.iloc[-1]
    starts = mau[(mau["date"] >= SPLIT_DATE) & (mau["date"] < last["date"])]
    return {
        row["date"]: (_rate(row, last), growth.years_between(row["date"], last["date"]))
        for _, row in starts.iterrows()
    }


def _paces() -> list[float]:
    """Every defensible recent pace: over at least MIN_PACE_YEARS, ending at the newest."""
    return [rate for rate, years in _recent_rates().values() if years >= MIN_PACE_YEARS]


def _short_paces() -> list[float]:
    return [rate for rate, years in _recent_rates().values() if years < MIN_PACE_YEARS]


def _projection() -> tuple[float, float]:
    rate = _rates_before_after()[1]
    return rate, growth.doubling_time(rate)


def _check_projection(projection_rate, doubling_years) -> None:
    paces = _paces()
    if not any(_close(projection_rate, pace) for pace in paces):
        _nudge_projection_rate(projection_rate, paces)
    rate = float(projection_rate)
    approximation = (
        "That is a rule of thumb (the rule of 70 or 72, or ln(2) / r for continuous growth), "
        "which drifts from yearly compounding; solve (1 + r) ** t = 2 for t with logarithms."
    )
    expect_number(
        doubling_years,
        growth.doubling_time(rate),
        what="`doubling_years`",
        rel=1e-2,
        mistakes=[
            (70 / (rate * 100), approximation),
            (72 / (rate * 100), approximation),
            (math.log(2) / rate, approximation),
        ],
    )


def _nudge_projection_rate(value, paces: list[float]) -> None:
    if _close(value, _full_period_rate()):
        raise Nudge(
            "That is the average since 2016, which includes the fast early years; "
            "the investor asks about the recent pace."
        )
    if _close(value, _rates_before_after()[0]):
        raise Nudge("That is the pace before January 2021; the investor asks about the recent one.")
    if any(_close(value, short) for short in _short_paces()):
        raise Nudge(
            "That interval is under two years: between round-number milestones the date alone "
            "swings such a rate. Measure the pace over at least two years."
        )
    expect_number(
        value,
        paces[0],
        what="`projection_rate`",
        rel=1e-2,
        kind="fraction",
        mistakes=[
            (p * 100, "`projection_rate` should be a fraction (0.25, not 25).") for p in paces
        ],
    )


def _explain_projection(projection_rate, doubling_years) -> str:
    return (
        f"At {projection_rate:.1%} a year the audience would double in about "
        f"{doubling_years:.1f} years. That is arithmetic, not a forecast: the rate has been "
        "falling, and a doubling needs another billion people to use Telegram every month."
    )


doubling_years = Question(
    answer=_projection,
    checker=_check_projection,
    graded_values=lambda: [v for rate in _paces() for v in (rate, growth.doubling_time(rate))],
    explain=_explain_projection,
)


# --- Q6 speed_ratio -----------------------------------------------------------------------


def _speed_ratio() -> float:
    return VK_YEARS_TO_1BN_MESSAGES * 12 / TELEGRAM_MONTHS_TO_1BN_MESSAGES


def _check_speed_ratio(value) -> None:
    expect_number(
        value,
        _speed_ratio(),
        what="`speed_ratio`",
        mistakes=[
            (
                SEED_VK_YEARS * 12 / SEED_TELEGRAM_MONTHS,
                "That is the blog's calculation as it stands: both of its inputs come from "
                "the German explainer. Check each against the evidence cards.",
            ),
            (
                SEED_VK_YEARS * 12 / TELEGRAM_MONTHS_TO_1BN_MESSAGES,
                "Your Telegram figure matches the evidence; check the figure for VK again.",
            ),
            (
                VK_YEARS_TO_1BN_MESSAGES * 12 / SEED_TELEGRAM_MONTHS,
                "Your VK figure matches the evidence; check the figure for Telegram again.",
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


speed_ratio = Question(answer=_speed_ratio, checker=_check_speed_ratio)


# --- Q7 rate_range_300m -------------------------------------------------------------------


def _interval_300m() -> tuple[pd.Series, pd.Series]:
    mau = _mau()
    before = mau[mau["value"] == 200]
    after = mau[mau["value"] == 300]
    if before.empty or after.empty:
        raise LookupError("data/users.csv has no 200 M or no 300 M milestone")
    return before.iloc[0], after.iloc[0]


def _rate_range() -> tuple[float, float]:
    start, end = _interval_300m()
    return growth.rate_range(start["date"], start["value"], end["value"], WINDOW_300M)


def _pair(value, what: str) -> tuple[float, float]:
    if isinstance(value, str) or not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Nudge(f"{what} should be a pair of numbers: (low, high).")
    if not all(isinstance(v, float | int) and not isinstance(v, bool) for v in value):
        raise Nudge(f"{what} should hold two numbers (fractions such as 0.25).")
    return float(value[0]), float(value[1])


def _rates_300m_to_400m() -> list[float]:
    """The neighbouring interval's rates with the 300 M milestone at either end of the window."""
    _, milestone_300m = _interval_300m()
    mau = _mau()
    later = mau[mau["date"] > milestone_300m["date"]].iloc[0]
    return [growth.cagr_between(d, 300, later["date"], later["value"]) for d in WINDOW_300M]


def _check_rate_range(rate_range) -> None:
    low, high = _pair(rate_range, "`rate_range`")
    expected_low, expected_high = _rate_range()
    if _close(low, expected_high) and _close(high, expected_low):
        raise Nudge("Put the lower rate first: `rate_range = (low, high)`.")
    start, end = _interval_300m()
    if _close(low, _rate(start, end)) or _close(high, _rate(start, end)):
        raise Nudge(
            "One end of your range uses the date in the data; put the 300 M milestone at "
            "the earliest and at the latest date of the window instead."
        )
    if any(_close(v, r) for v in (low, high) for r in _rates_300m_to_400m()):
        raise Nudge(
            "That is the interval from 300 M to 400 M; the question asks about 200 M to 300 M."
        )
    latest, earliest = WINDOW_300M[1], WINDOW_300M[0]
    for what, value, expected, date in (
        ("low", low, expected_low, latest),
        ("high", high, expected_high, earliest),
    ):
        years = growth.years_between(start["date"], date)
        simple = (end["value"] / start["value"] - 1) / years
        expect_number(
            value,
            expected,
            what=f"the {what} end of `rate_range`",
            rel=1e-2,
            kind="fraction",
            mistakes=[(simple, "That is simple growth per year; use your compound `cagr`.")],
        )


def _explain_range(rate_range) -> str:
    mau = _mau()
    neighbours = [
        f"{_rate(a, b):.0%} ({a['date']:%b %Y} to {b['date']:%b %Y})"
        for a, b in ((mau.iloc[i], mau.iloc[i + 1]) for i in range(len(mau) - 1))
        if b["value"] == 200 or a["value"] == 300
    ]
    return (
        "The interval from 200 M to 300 M, which holds the March 2019 outage if the 300 M "
        f"milestone came after it, grew at {rate_range[0]:.0%} to "
        f"{rate_range[1]:.0%} a year. Its neighbours grew at about {' and '.join(neighbours)}: "
        "'the fastest interval' holds only if the milestone came early in 2019. "
        "Quote a rate with an uncertain date as a range."
    )


rate_range_300m = Question(
    answer=_rate_range,
    checker=_check_rate_range,
    explain=_explain_range,
)


# --- Q8a signups_per_hour -----------------------------------------------------------------


def _check_signups(frame) -> None:
    expected = _signups_per_hour()
    if (
        isinstance(frame, pd.DataFrame)
        and "per_hour" in frame.columns
        and len(frame) == len(expected)
    ):
        given = pd.to_numeric(frame.sort_values("date")["per_hour"], errors="coerce")
        given = given.reset_index(drop=True).to_numpy(dtype=float)
        shocks = _shocks()
        for wrong, message in (
            (
                shocks["value"],
                "`per_hour` still holds the sign-ups per window; divide by `window_hours`.",
            ),
            (
                shocks["value"] / shocks["window_hours"],
                "`per_hour` is in millions per hour; the question asks for thousands (× 1000).",
            ),
            (
                shocks["value"] * 1000 / (shocks["window_hours"] / 24),
                "`per_hour` is per day; divide by the hours of the window, not the days.",
            ),
        ):
            if pd.Series(given).round(6).equals(wrong.reset_index(drop=True).round(6)):
                raise Nudge(message)
    expect_frame(frame, expected, what="`signups_per_hour`", sort_by=["date"])


signups_per_hour = Question(
    answer=_signups_per_hour,
    checker=_check_signups,
    graded_values=lambda: list(_signups_per_hour()["per_hour"]),
)


# --- Q8b fastest_shock --------------------------------------------------------------------


def _fastest_credible_shock() -> str:
    shocks = _signups_per_hour().assign(confidence=_shocks()["confidence"])
    credible = shocks[shocks["confidence"].isin(CREDIBLE)]
    return credible.sort_values("per_hour").iloc[-1]["label"]


def _check_fastest(label) -> None:
    expected = _fastest_credible_shock()
    shocks = _signups_per_hour().assign(confidence=_shocks()["confidence"])
    labels = list(shocks["label"])
    if not isinstance(label, str):
        raise Nudge(f"`fastest_shock` should be a label (a string), not a {type(label).__name__}.")
    label = str.__str__(label).strip()  # ignore a str subclass's own __eq__
    if label not in labels:
        raise Nudge(f"`fastest_shock` should be one of the `label` values: {labels}.")
    if label == expected:
        return
    row = shocks[shocks["label"] == label].iloc[0]
    if row["confidence"] not in CREDIBLE:
        raise Nudge(
            "That figure rests on a single report rated below medium-high (look at its "
            "`confidence`): a sceptical investor would not accept it. Pick the fastest one "
            "you can defend."
        )
    raise Nudge("Another shock with a well-rated source brought more sign-ups per hour.")


fastest_shock = Question(answer=_fastest_credible_shock, checker=_check_fastest)


# --- Q9 seed_verdicts ---------------------------------------------------------------------


def _judged_corrections() -> list[str]:
    """The ledger's corrections of the judged claims: they state the verdict in words."""
    claims = load("claims").set_index("claim_id")
    return [claims.loc[claim, "correction"] for claim in JUDGED_CLAIMS]


seed_verdicts = verdict_question(
    JUDGED_CLAIMS, what="`verdicts`", graded_values=_judged_corrections
)


# --- written answers (read by a person; rubric and exemplar in the notebook) -----------------

w1_privacy_moments = Written()
w2_governance = Written()

bind(globals(), notebook="01")
