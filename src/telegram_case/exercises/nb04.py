"""Questions of notebook 04, "The xAI/Grok deal: announced is not signed".

Use in the notebook as ``from telegram_case.exercises import nb04 as q``; each
question is checked with ``q.<name>.check()``.
The expected values are computed here from the course data (and the scenario
assumptions in :mod:`telegram_case.deal`) when a check runs.

Where the evidence supports two answers, both are accepted:

* Q1 (``claim_verdicts``) accepts every verdict that an evidence item of the claim
  supports (``data/evidence.csv``, column ``supports``), if the student cites only
  items that support it: the revenue share and the summer launch were each reported
  correctly as Durov announced them *and* never happened (the German "sollen" marks the
  launch as his plan, so it is at least as much a report of an announcement as the
  revenue share's "wird"); the bond issue was reported correctly on the day *and* grew
  later.
* Q5 (``premium_yardstick``) accepts any conversion between Premium's first reported
  subscriber count divided by the monthly active users just after it and by those
  just before it: Telegram's audience on that day lies between the two figures.
* Q6 (``sentence_kinds``) accepts every kind that ``data/report_sentences.csv``
  lists for a clause (column ``kinds``); ``reading_note`` gives the reason for a
  second reading (a term of the deal in the future tense is both one party's claim
  and a forecast; a present-tense sentence that spells out the writer's view of what
  the deal brings is both a forecast and an interpretation). A wrong kind gets a
  nudge that names one sentence to reread and why (:data:`REREAD`), never a count.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from .. import deal
from ..checking import Question, Written, bind
from ..datasets import load
from ..expectations import (
    Nudge,
    expect_frame,
    expect_function,
    expect_mapping,
    expect_number,
    expect_value_error,
)
from .verdicts import verdict_question

# The claims of the news report that Q1 asks students to judge (data/evidence.csv).
CLAIMS_TO_JUDGE = ("revenue_share_50", "grok_this_summer", "bond_1_5_bn")

# Q6: why to reread a sentence whose kind is not one the evidence supports. Each
# reason points at what decides the kind without naming it.
REREAD = {
    "s01": "what could anyone check on 28 May 2025: what Durov announced, or that he announced it?",
    "s02": "on 28 May 2025, could anyone check that this would happen, and whose words is it "
    "built from?",
    "s03": "it is written like a fact. On 28 May 2025, whose word stood behind it, and what did "
    "the other party say the same day?",
    "s05": "who reported it, and could it be checked without taking either party's word?",
    "s06": "the tense does not decide the kind: what does it state, and who backs it?",
    "s08": "the German 'sollen' marks someone else's plan: whose, and is it about now or later?",
    "s10": "who says that this is why xAI would do the deal: one of the companies, or the writer?",
    "s12": "it is in the present tense, but had any of it happened on 28 May 2025? Read the "
    "sentence before it too (its context).",
}

# The commentator's calculation in Q5: 0.5 × 1,000 M users × 1.5 % × $10 × 12 months.
COMMENTATOR = {"share": 0.5, "users_reached": 1000.0, "monthly_price": 10.0, "months": 12.0}


# --- shared by several questions ----------------------------------------------------------


def _isclose(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-3)


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Nudge(f"{what} should be a number, not a {type(value).__name__}.")
    if not math.isfinite(float(value)):
        raise Nudge(f"{what} is {float(value)}; check for a division by zero or a missing value.")
    return float(value)


# --- Q1 claim_verdicts --------------------------------------------------------------------


def _verdicts_explained(_answer) -> str:
    return (
        "Each of these claims allows two verdicts, and you could defend either with the right "
        "evidence. The revenue share and the summer launch were reported as Durov announced "
        "them (correct as a report; the German 'sollen' even marks the launch as his plan) and "
        "never happened (not realised): which verdict you give depends on whether you judge "
        "the report or the world it describes, so say which. The bond issue was reported "
        "correctly on the day and then grew (correct then, outdated now)."
    )


claim_verdicts = verdict_question(CLAIMS_TO_JUDGE, what="`verdicts`", explain=_verdicts_explained)


# --- Q2 deal_value_function ---------------------------------------------------------------


# (users_reached, conversion, monthly_price, months, share, fixed_payment)
_VALUE_CASES = (
    (1000.0, 0.005, 10.0, 12.0, 0.5, 300.0),
    (200.0, 0.02, 8.0, 6.0, 0.3, 100.0),
    (0.0, 0.5, 10.0, 12.0, 0.5, 300.0),
    (50.0, 1.0, 20.0, 3.0, 1.0, 0.0),
)


def _value_mistakes(users, rate, price, months, share, fixed) -> list[tuple[float, str]]:
    revenue = users * rate * price * months
    return [
        (
            fixed + revenue,
            "Your function gives Telegram all of the subscription revenue; multiply it by `share`.",
        ),
        (
            share * revenue,
            "Your function leaves out the fixed payment; add `fixed_payment` to the revenue share.",
        ),
        (
            fixed + share * users * rate * price,
            "Your function counts one month of subscriptions; multiply by `months`.",
        ),
        (
            fixed + share * revenue / 12,
            "Your function divides by 12; `months` is already a number of months.",
        ),
    ]


def _check_rejects_absurd_conversions(function) -> None:
    for absurd in (1.5, -0.1):
        expect_value_error(
            lambda absurd=absurd: function(
                1000.0, absurd, 10.0, 12.0, share=0.5, fixed_payment=300.0
            ),
            case=f"a conversion of {absurd:g}",
            accepted=f"Your function accepts a conversion of {absurd:g}, which is not a share "
            "of users; raise a ValueError when `conversion` is outside 0 to 1.",
        )


def _check_deal_value_function(deal_value) -> None:
    function = expect_function(deal_value, what="`deal_value`")
    for users, rate, price, months, share, fixed in _VALUE_CASES:
        expected = deal.deal_value(users, rate, price, months, share=share, fixed_payment=fixed)
        result = function(users, rate, price, months, share=share, fixed_payment=fixed)
        what = (
            f"`deal_value({users:g}, {rate:g}, {price:g}, {months:g}, share={share:g}, "
            f"fixed_payment={fixed:g})`"
        )
        expect_number(
            result,
            expected,
            what=what,
            rel=1e-9,
            abs_tol=1e-9,
            mistakes=_value_mistakes(users, rate, price, months, share, fixed),
        )
    _check_rejects_absurd_conversions(function)


deal_value_function = Question(answer=lambda: deal.deal_value, checker=_check_deal_value_function)


# --- Q3 scenario_table --------------------------------------------------------------------


def _scenarios() -> pd.DataFrame:
    terms = deal.announced_terms()
    values = deal.scenario_values(
        deal.scenario_assumptions(), share=terms.revenue_share, fixed_payment=terms.fixed_payment
    )
    return values[["scenario", "total_value", "contingent_fraction", "fixed_payment"]]


def _scenario_numbers() -> list[float]:
    frame = _scenarios()
    return [*frame["total_value"], *frame["contingent_fraction"]]


def _close(given: pd.Series, wanted: pd.Series) -> bool:
    """Same numbers, position by position (NaN never matches)."""
    a = pd.to_numeric(given, errors="coerce").to_numpy(dtype="float64")
    b = pd.to_numeric(wanted, errors="coerce").to_numpy(dtype="float64")
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-12))


def _check_scenarios(frame) -> None:
    expected = _scenarios()
    if (
        isinstance(frame, pd.DataFrame)
        and {"scenario", "total_value", "contingent_fraction"} <= set(frame.columns)
        and len(frame) == len(expected)
    ):
        given = frame.sort_values("scenario").reset_index(drop=True)
        wanted = expected.sort_values("scenario").reset_index(drop=True)
        fixed_part = wanted["fixed_payment"] / wanted["total_value"]
        fraction = pd.to_numeric(given["contingent_fraction"], errors="coerce")
        if _close(fraction, fixed_part):
            raise Nudge(
                "`contingent_fraction` is the share of the fixed payment; the contingent "
                "part is the one that depends on subscriptions being sold (the revenue share)."
            )
        if _close(fraction / 100, wanted["contingent_fraction"]):
            raise Nudge("`contingent_fraction` looks like a percentage; give it as a fraction.")
    expect_frame(
        frame,
        expected,
        what="`scenarios`",
        columns=["scenario", "total_value", "contingent_fraction"],
        sort_by=["scenario"],
    )


scenario_table = Question(
    answer=lambda: _scenarios()[["scenario", "total_value", "contingent_fraction"]],
    checker=_check_scenarios,
    graded_values=_scenario_numbers,
)


# --- Q4 breakeven_range -------------------------------------------------------------------


def _price(scenario: str) -> float:
    prices = deal.scenario_assumptions().set_index("scenario")["monthly_price"]
    return float(prices[scenario])


def _breakeven_at(price: float, *, users: float | None = None) -> float:
    terms = deal.announced_terms()
    return deal.breakeven_conversion(
        terms.users_reached if users is None else users,
        price,
        terms.months,
        share=terms.revenue_share,
        fixed_payment=terms.fixed_payment,
    )


def _breakeven_range() -> tuple[float, float]:
    prices = deal.scenario_assumptions()["monthly_price"]
    return _breakeven_at(float(prices.max())), _breakeven_at(float(prices.min()))


def _pair(value, what: str) -> tuple[float, float]:
    """``value`` as two finite numbers, or a nudge."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        raise Nudge(
            f"{what} is one number; give a pair `(lowest, highest)`, one for each end "
            "of the price range."
        )
    if not isinstance(value, (tuple, list, np.ndarray, pd.Series)) or len(value) != 2:
        raise Nudge(f"{what} should be a pair of two numbers `(lowest, highest)`.")
    low, high = (_number(item, f"each end of {what}") for item in list(value))
    return low, high


def _breakeven_mistakes() -> list[tuple[tuple[float, float], str]]:
    low, high = _breakeven_range()
    cautious = deal.scenario_assumptions().set_index("scenario").loc["cautious"]
    return [
        (
            (low / 2, high / 2),
            "Telegram only gets its share of the revenue; put `share` in the denominator.",
        ),
        (
            (low * 12, high * 12),
            "Those conversions would pay back the fixed payment in one month; "
            "the term has `months` months.",
        ),
        (
            (
                low,
                _breakeven_at(
                    float(cautious["monthly_price"]), users=float(cautious["users_reached"])
                ),
            ),
            "Use the announced reach at both ends; only the price changes across the range.",
        ),
        ((low * 100, high * 100), "Those look like percentages; give fractions (0.25, not 25)."),
    ]


def _check_breakeven_range(value) -> None:
    given = _pair(value, "`breakeven_range`")
    low, high = _breakeven_range()
    middle = _breakeven_at(_price("middle"))
    if _isclose(given[0], high) and _isclose(given[1], low):
        raise Nudge("The ends are the wrong way round: give `(lowest, highest)`.")
    if all(_isclose(g, middle) for g in given):
        raise Nudge(
            "That is the break-even at the middle scenario's price only; the range runs "
            "over the prices from the cautious to the optimistic scenario."
        )
    if _isclose(given[0], low) and _isclose(given[1], high):
        return
    for (a, b), message in _breakeven_mistakes():
        if _isclose(given[0], a) and _isclose(given[1], b):
            raise Nudge(message)
    if _isclose(given[0], low) or _isclose(given[1], high):
        raise Nudge(
            "One end is right; check the other: which price gives the highest "
            "break-even conversion?"
        )
    raise Nudge(
        "`breakeven_range` is not the range the model gives yet: solve "
        "share × users × conversion × price × months = fixed payment for the conversion."
    )


def _breakeven_explained(pair) -> str:
    low, high = (float(x) for x in list(pair))
    users = deal.announced_terms().users_reached
    return (
        f"From {low:.2%} to {high:.2%} of the users reached: {low * users:.1f} to "
        f"{high * users:.1f} million people paying every month for a year, just for the "
        "revenue share to match the fixed payment. Compare that with Premium in the next "
        "question."
    )


breakeven_range = Question(
    answer=_breakeven_range,
    checker=_check_breakeven_range,
    explain=_breakeven_explained,
)


# --- Q5 premium_yardstick -----------------------------------------------------------------


def _first_year_subscribers() -> tuple[pd.Timestamp, float]:
    """Premium's only reported subscriber count in the year after its launch."""
    premium = deal.premium_since_launch()
    first_year = premium[
        (premium["months_since_launch"] > 0) & (premium["months_since_launch"] <= 12)
    ]
    if len(first_year) != 1:
        raise ValueError(f"expected one Premium figure in its first year, found {len(first_year)}")
    row = first_year.iloc[0]
    return row["date"], float(row["subscribers"])


def _mau() -> pd.Series:
    users = load("users")
    mau = users[users["metric"] == "monthly_active_users"]
    return mau.set_index("date")["value"].astype("float64").sort_index()


def _comparable_conversions() -> tuple[float, float]:
    """The defensible range: subscribers ÷ the MAU just after, and ÷ the MAU just before."""
    date, subscribers = _first_year_subscribers()
    mau = _mau()
    before, after = mau[mau.index <= date].iloc[-1], mau[mau.index > date].iloc[0]
    return float(subscribers / max(before, after)), float(subscribers / min(before, after))


def _revenue_share_with(conversion: float) -> float:
    return deal.revenue_share_value(
        COMMENTATOR["users_reached"],
        conversion,
        COMMENTATOR["monthly_price"],
        COMMENTATOR["months"],
        share=COMMENTATOR["share"],
    )


def _premium_yardstick() -> tuple[float, float]:
    low, _ = _comparable_conversions()
    return low, _revenue_share_with(low)


def _yardstick_numbers() -> list[float]:
    low, high = _comparable_conversions()
    return [low, high, _revenue_share_with(low), _revenue_share_with(high)]


def _check_comparable_conversion(value) -> None:
    conversion = _number(value, "`comparable_conversion`")
    low, high = _comparable_conversions()
    if low * (1 - 1e-3) <= conversion <= high * (1 + 1e-3):
        return
    if low * 99.9 <= conversion <= high * 100.1:
        raise Nudge("`comparable_conversion` looks like a percentage; give it as a fraction.")
    premium, mau = deal.premium_since_launch(), _mau()
    _, subscribers = _first_year_subscribers()
    for row in premium[premium["months_since_launch"] > 12].itertuples():
        if any(_isclose(conversion, row.subscribers / users) for users in mau):
            raise Nudge(
                f"Your subscriber count is from {row.months_since_launch:.0f} months after "
                "Premium's launch, like the commentator's. The deal would have sold a new "
                "subscription for one year: which Premium figure describes a subscription that "
                "new?"
            )
    if any(_isclose(conversion, subscribers / users) for users in mau):
        raise Nudge(
            "Your subscriber count fits; divide it by the monthly active users at about "
            "the same time, not by a figure from a different year."
        )
    raise Nudge(
        "`comparable_conversion` is not a conversion the data support: Premium "
        "subscribers ÷ monthly active users, both in millions, from about the same time."
    )


def _check_corrected_revenue_share(value, conversion: float) -> None:
    low, high = (_revenue_share_with(c) for c in _comparable_conversions())
    expected = _revenue_share_with(conversion)
    if (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and (low * (1 - 1e-3) <= float(value) <= high * (1 + 1e-3))
    ):
        return
    fixed = deal.announced_terms().fixed_payment
    expect_number(
        value,
        expected,
        what="`corrected_revenue_share`",
        rel=1e-3,
        mistakes=[
            (
                expected + fixed,
                "The commentator's figure is the revenue share alone; leave out the fixed payment.",
            ),
            (
                expected / COMMENTATOR["share"],
                "Telegram gets only its share of the revenue; keep the commentator's `0.5 ×`.",
            ),
            (expected / COMMENTATOR["months"], "Keep the commentator's 12 months of revenue."),
            (
                _revenue_share_with(0.015),
                "That is the commentator's own figure; redo it with your conversion.",
            ),
        ],
    )


def _check_premium_yardstick(conversion, corrected) -> None:
    _check_comparable_conversion(conversion)
    _check_corrected_revenue_share(corrected, float(conversion))


def _yardstick_explained(conversion, corrected) -> str:
    fixed = deal.announced_terms().fixed_payment
    return (
        f"Half a year after its launch, about one in {1 / float(conversion):,.0f} of Telegram's "
        f"users paid for Premium. At that rate the commentator's revenue share shrinks to about "
        f"${float(corrected):,.0f} M, a fraction of the fixed ${fixed:,.0f} M. The count "
        "halfway through the first year is a fair stand-in for the average over that year, "
        "for a subscription that starts from zero."
    )


premium_yardstick = Question(
    answer=_premium_yardstick,
    checker=_check_premium_yardstick,
    graded_values=_yardstick_numbers,
    explain=_yardstick_explained,
)


# --- Q6 sentence_kinds --------------------------------------------------------------------


def _sentences() -> pd.DataFrame:
    return load("report_sentences").set_index("sentence_id")


def _accepted_kinds() -> dict[str, set[str]]:
    kinds = _sentences()["kinds"]
    return {sid: set(kinds[sid].split(";")) for sid in REREAD}


def _classification() -> dict[str, str]:
    kinds = _sentences()["kinds"]
    return {sid: kinds[sid].split(";")[0] for sid in REREAD}


def _check_classification(answer) -> None:
    expect_mapping(
        answer,
        _accepted_kinds(),
        what="`classification`",
        reasons=REREAD,
        options=deal.SENTENCE_KINDS,
    )


def _kinds_explained(_answer) -> str:
    sentences = _sentences()
    double = [
        f"{sid}: {sentences.loc[sid, 'reading_note']}"
        for sid in REREAD
        if ";" in sentences.loc[sid, "kinds"]
    ]
    return (
        "Four clauses have two defensible readings. "
        + " ".join(double)
        + " Now compare your kinds with the `held` column below."
    )


sentence_kinds = Question(
    answer=_classification, checker=_check_classification, explain=_kinds_explained
)


# --- written answers (read by a person; rubric and exemplar in the notebook) -----------------

w1_board_advice = Written()
w2_reader_belief = Written()

bind(globals(), notebook="04")
