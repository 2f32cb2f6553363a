"""Questions of notebook 04, "The xAI/Grok deal: announced is not signed".

Use in the notebook as ``from telegram_case.exercises import nb04 as q``; each
question is checked with ``q.<name>.check()``.
The expected values are computed here from the course data (and the scenario
assumptions in :mod:`telegram_case.deal`) when a check runs.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from .. import deal
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

# The sentences of seed 000 that Q6 asks students to classify.
CLASSIFY = ("s03", "s05", "s06", "s08", "s13")


# --- reference answers -------------------------------------------------------------------


def _deal_terms() -> pd.DataFrame:
    xai = load("xai_deal")
    keep = (xai["status"] != "context") & xai["value"].notna() & (xai["term_id"] != "bond_issue")
    return xai.loc[keep, ["term_id", "term", "value", "unit"]].reset_index(drop=True)


def _scenarios() -> pd.DataFrame:
    terms = deal.announced_terms()
    values = deal.scenario_values(
        deal.scenario_assumptions(), share=terms.revenue_share, fixed_payment=terms.fixed_payment
    )
    return values[["scenario", "total_value", "contingent_fraction", "fixed_payment"]]


def _middle_price() -> float:
    return float(deal.scenario_assumptions().set_index("scenario").loc["middle", "monthly_price"])


def _breakeven() -> float:
    terms = deal.announced_terms()
    return deal.breakeven_conversion(
        terms.users_reached,
        _middle_price(),
        terms.months,
        share=terms.revenue_share,
        fixed_payment=terms.fixed_payment,
    )


def _newest(frame: pd.DataFrame, date_column: str) -> float:
    return float(frame.sort_values(date_column)["value"].iloc[-1])


def _premium_subscribers(*, newest: bool = True) -> float:
    money = load("monetization")
    premium = money[money["item"] == "premium_subscribers"].sort_values("period_start")
    return float(premium["value"].iloc[-1 if newest else -2])


def _newest_mau() -> float:
    users = load("users")
    return _newest(users[users["metric"] == "monthly_active_users"], "date")


def _revenue_2024(row_id: str = "fy2024_revenue") -> float:
    return float(load("monetization").set_index("row_id").loc[row_id, "value"])


def _sentences() -> pd.DataFrame:
    return deal.seed_sentences()


def _close(given: pd.Series, wanted: pd.Series) -> bool:
    """Same numbers, position by position (NaN never matches)."""
    a = pd.to_numeric(given, errors="coerce").to_numpy(dtype="float64")
    b = pd.to_numeric(wanted, errors="coerce").to_numpy(dtype="float64")
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-12))


# --- checkers -----------------------------------------------------------------------------


def _check_deal_terms(frame) -> None:
    if isinstance(frame, pd.DataFrame) and "term_id" in frame.columns:
        given = set(frame["term_id"].astype(str))
        if "bond_issue" in given:
            raise Nudge(
                "`deal_terms` still holds the bond issue. It was reported the same day, "
                "but it was Telegram's own financing, not a term of the xAI deal."
            )
        xai = load("xai_deal")
        context = set(xai.loc[xai["status"] == "context", "term_id"])
        if given & context:
            raise Nudge(
                "`deal_terms` still holds context rows (status 'context'); "
                "they are background, not terms of the deal."
            )
        no_figure = set(xai.loc[xai["value"].isna(), "term_id"])
        if given & no_figure:
            raise Nudge(
                "`deal_terms` has rows without a figure; keep only the rows whose "
                "`value` is not missing (`.notna()`)."
            )
    expect_frame(
        frame,
        _deal_terms(),
        what="`deal_terms`",
        columns=["term_id", "term", "value", "unit"],
        sort_by=["term_id"],
    )


# (users_reached, conversion, monthly_price, months, share, fixed_payment)
_VALUE_CASES = (
    (1000.0, 0.005, 10.0, 12.0, 0.5, 300.0),
    (200.0, 0.02, 8.0, 6.0, 0.3, 100.0),
    (0.0, 0.5, 10.0, 12.0, 0.5, 300.0),
    (50.0, 1.0, 20.0, 3.0, 1.0, 0.0),
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
        revenue = users * rate * price * months
        expect_number(
            result,
            expected,
            what=what,
            rel=1e-9,
            abs_tol=1e-9,
            mistakes=[
                (
                    fixed + revenue,
                    "Your function gives Telegram all of the subscription revenue; "
                    "multiply it by `share`.",
                ),
                (
                    share * revenue,
                    "Your function leaves out the fixed payment; add "
                    "`fixed_payment` to the revenue share.",
                ),
                (
                    fixed + share * users * rate * price,
                    "Your function counts one month of subscriptions; multiply by `months`.",
                ),
                (
                    fixed + share * revenue / 12,
                    "Your function divides by 12; `months` is already a number of months.",
                ),
            ],
        )
    for absurd in (1.5, -0.1):
        try:
            function(1000.0, absurd, 10.0, 12.0, share=0.5, fixed_payment=300.0)
        except ValueError:
            continue
        except NotImplementedError:
            raise
        except Exception as exc:
            raise Nudge(
                f"For a conversion of {absurd:g} your function raised "
                f"{type(exc).__name__}; raise a ValueError instead."
            ) from None
        raise Nudge(
            f"Your function accepts a conversion of {absurd:g}, which is not a share "
            "of users; raise a ValueError when `conversion` is outside 0 to 1."
        )


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
                "`contingent_fraction` is the share of the fixed payment; the question "
                "asks for the share that depends on subscriptions (the revenue share)."
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


def _check_breakeven(value) -> None:
    terms = deal.announced_terms()
    expected = _breakeven()
    price = _middle_price()
    middle = deal.scenario_assumptions().set_index("scenario").loc["middle"]
    if isinstance(value, numbers.Real) and math.isclose(
        float(value), middle["conversion"], rel_tol=1e-6
    ):
        raise Nudge(
            "That is the middle scenario's assumed conversion; the break-even is the "
            "conversion at which the revenue share equals the fixed payment."
        )
    expect_number(
        value,
        expected,
        what="`breakeven`",
        rel=1e-3,
        mistakes=[
            (
                terms.fixed_payment / (terms.users_reached * price * terms.months),
                "Telegram only gets its share of the revenue; put `share` in the denominator.",
            ),
            (
                terms.fixed_payment / (terms.revenue_share * terms.users_reached * price),
                "That conversion would pay back the fixed payment in one month; the term has "
                "`months` months.",
            ),
            (
                terms.fixed_payment / (terms.revenue_share * 500 * price * terms.months),
                "Use the announced reach, not the cautious scenario's.",
            ),
            (
                (terms.revenue_share * terms.users_reached * price * terms.months)
                / terms.fixed_payment,
                "Turn the ratio around: conversion = fixed payment ÷ (share × users × price × months).",
            ),
        ],
    )


def _check_premium_conversion(value) -> None:
    expected = _premium_subscribers() / _newest_mau()
    expect_number(
        value,
        expected,
        what="`premium_conversion`",
        rel=1e-3,
        mistakes=[
            (
                _premium_subscribers(newest=False) / _newest_mau(),
                "That is an older Premium figure; use the newest one (May 2025).",
            ),
            (
                _newest_mau() / _premium_subscribers(),
                "Turn the ratio around: subscribers ÷ monthly active users.",
            ),
        ],
    )


def _check_revenue_comparison(value) -> None:
    scenarios = _scenarios().set_index("scenario")
    middle = scenarios.loc["middle", "total_value"]
    revenue = _revenue_2024()
    mistakes = [
        (
            middle / _revenue_2024("fy2024_revenue_durov"),
            "That divides by Durov's 'more than $1 bn'; use the FT's figure (row fy2024_revenue).",
        ),
        (
            middle / (revenue + _revenue_2024("fy2024_revenue_durov")),
            "You added both 2024 revenue rows; they are two estimates of the same year, "
            "so pick the FT's row fy2024_revenue.",
        ),
        (
            (middle - scenarios.loc["middle", "fixed_payment"]) / revenue,
            "That is the revenue share alone; compare the whole hypothetical value.",
        ),
        (revenue / middle, "Turn the ratio around: scenario value ÷ 2024 revenue."),
    ]
    for other in ("cautious", "optimistic"):
        mistakes.append(
            (
                scenarios.loc[other, "total_value"] / revenue,
                f"That is the {other} scenario; the question asks for the middle one.",
            )
        )
    expect_number(
        value, middle / revenue, what="`share_of_2024_revenue`", rel=1e-3, mistakes=mistakes
    )


def _check_classification(answer) -> None:
    kinds = list(deal.SENTENCE_KINDS)
    if not isinstance(answer, dict):
        raise Nudge(
            f"`classification` should be a dict like {{'s03': 'forecast', ...}}, "
            f"not a {type(answer).__name__}."
        )
    keys = {str(k).strip().lower() for k in answer}
    missing = sorted(set(CLASSIFY) - keys)
    extra = sorted(keys - set(CLASSIFY))
    if missing:
        raise Nudge(f"`classification` lacks the sentence(s) {missing}.")
    if extra:
        raise Nudge(f"`classification` should hold only {list(CLASSIFY)}; remove {extra}.")
    given = {}
    for key, kind in answer.items():
        if not isinstance(kind, str) or str.__str__(kind).strip().lower() not in kinds:
            raise Nudge(f"The kind for {key!r} should be one of {kinds}; you gave {kind!r}.")
        given[str(key).strip().lower()] = str.__str__(kind).strip().lower()
    expected = _sentences().set_index("sentence_id")["kind"]
    wrong = [sid for sid in CLASSIFY if given[sid] != expected[sid]]
    if not wrong:
        return
    if "s03" in wrong and given["s03"] == "reported fact":
        raise Nudge(
            "s03 is written like a fact. On 28 May 2025, who stood behind it, and what "
            "did the other party say the same day?"
        )
    if "s06" in wrong and given["s06"] == "forecast":
        raise Nudge(
            "s06 is in the future tense, but look at what it states and who states it: "
            "re-read the definitions."
        )
    raise Nudge(f"{len(wrong)} of {len(CLASSIFY)} sentences are not classified right yet.")


def _check_failed_forecasts(ids) -> None:
    sentences = _sentences()
    failed = sentences[(sentences["kind"] == "forecast") & ~sentences["held"]]
    expect_set(
        ids,
        set(failed["sentence_id"]),
        what="`failed_forecasts`",
        options=set(sentences["sentence_id"]),
    )


def _check_held_share(value) -> None:
    sentences = _sentences()
    expected = sentences.groupby("kind")["held"].mean()
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if not isinstance(value, pd.Series):
        raise Nudge(
            "`held_share` should be a pandas Series with one value per kind "
            f"(a `groupby` result), not a {type(value).__name__}."
        )
    index = {str(i) for i in value.index}
    if index != set(expected.index):
        raise Nudge(
            f"`held_share` should have one row per kind: {sorted(expected.index)}; "
            "group by the `kind` column."
        )
    given = pd.to_numeric(value, errors="coerce").astype("float64")
    given.index = given.index.astype(str)
    given = given.reindex(expected.index)
    counts = sentences.groupby("kind")["held"].sum().astype("float64")
    if not _close(given, expected):
        if _close(given, counts):
            raise Nudge(
                "`held_share` counts the sentences that held up; the question asks "
                "for the share of each kind (use `.mean()`)."
            )
        if _close(given / 100, expected):
            raise Nudge("`held_share` looks like percentages; give fractions.")
        raise Nudge("`held_share` does not have the values the table gives yet.")


# --- the questions ---------------------------------------------------------------------------

deal_terms = Question(
    title="Q1 the announced terms with a figure",
    variables=("deal_terms",),
    checker=_check_deal_terms,
    hints=(
        "Three conditions, combined with `&`: not a context row, a figure present, "
        "and not the bond issue.",
        "`xai['status'] != 'context'`, `xai['value'].notna()` and "
        "`xai['term_id'] != 'bond_issue'`.",
        "Keep the columns with `frame[['term_id', 'term', 'value', 'unit']]`.",
    ),
)

deal_value_function = Question(
    title="Q2 the scenario model",
    variables=("deal_value",),
    checker=_check_deal_value_function,
    hints=(
        "Subscribers = users_reached × conversion; revenue = subscribers × monthly_price × months.",
        "Telegram gets `share` of that revenue, plus the `fixed_payment`.",
        "Before computing, check the conversion: "
        "`if not 0 <= conversion <= 1: raise ValueError(...)`.",
    ),
)

scenario_table = Question(
    title="Q3 three scenarios",
    variables=("scenarios",),
    checker=_check_scenarios,
    hints=(
        "Call your `deal_value` once per row of `assumptions` "
        "(a list comprehension over `assumptions.itertuples()` works).",
        "The contingent part is the revenue share: total value minus the fixed payment.",
        "contingent_fraction = (total_value − fixed payment) ÷ total_value.",
    ),
)

breakeven_conversion = Question(
    title="Q4 the break-even conversion",
    variables=("breakeven",),
    checker=_check_breakeven,
    hints=(
        "Set the revenue share equal to the fixed payment: "
        "share × users × conversion × price × months = fixed payment.",
        "Solve for conversion: fixed payment ÷ (share × users × price × months).",
        "The price is the middle scenario's: "
        "`assumptions.set_index('scenario').loc['middle', 'monthly_price']`.",
    ),
)

premium_conversion = Question(
    title="Q5a Telegram Premium's conversion",
    variables=("premium_conversion",),
    checker=_check_premium_conversion,
    hints=(
        "Premium subscribers are the rows of `monetization` whose `item` is "
        "'premium_subscribers'; the audience is the newest monthly-active-user row of `users`.",
        "Sort each by date and take the last value with `.iloc[-1]`.",
        "Both are in millions, so the ratio is a plain fraction.",
    ),
)

revenue_comparison = Question(
    title="Q5b the middle scenario against 2024 revenue",
    variables=("share_of_2024_revenue",),
    checker=_check_revenue_comparison,
    hints=(
        "The FT's 2024 revenue is row `fy2024_revenue` of `monetization`: "
        "`monetization.set_index('row_id').loc['fy2024_revenue', 'value']`.",
        "Take the middle scenario's `total_value` from your `scenarios` and divide.",
    ),
)

sentence_kinds = Question(
    title="Q6 kinds of statement",
    variables=("classification",),
    checker=_check_classification,
    hints=(
        "Ask of each sentence: is it about the future (forecast)? Does only one party's word "
        "back it (company claim)? Could anyone check it independently (reported fact)?",
        "Tense can mislead: a term of the deal stays one party's claim even in the future "
        "tense, and a fact can be reported in the past or present.",
        "Who said it matters: on 28 May 2025 every term of the deal rested on Durov's post, "
        "and Musk contradicted him the same day.",
    ),
)

failed_forecasts = Question(
    title="Q7a the forecasts that failed",
    variables=("failed_forecasts",),
    checker=_check_failed_forecasts,
    hints=(
        "Two conditions: `sentences['kind'] == 'forecast'` and `~sentences['held']`.",
        "Return the `sentence_id` values as a list: `list(frame['sentence_id'])`.",
    ),
)

held_by_kind = Question(
    title="Q7b what held up, by kind",
    variables=("held_share",),
    checker=_check_held_share,
    hints=(
        "Group the sentences by `kind` and look at the `held` column.",
        "The mean of a True/False column is the share of True: "
        "`sentences.groupby('kind')['held'].mean()`.",
    ),
)

# --- written answers (read by a person; rubric and exemplar in the notebook) -----------------

w1_board_advice = Written(title="W1 · Advise the board")
w2_reader_belief = Written(title="W2 · What should a reader have believed on 28 May 2025?")

bind(globals(), notebook="04")
