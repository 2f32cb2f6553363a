"""Questions of notebook 05, "Capstone: would you buy Telegram's bond?".

Use in the notebook as ``from telegram_case.exercises import nb05 as q``; each
question is checked with ``q.<name>.check()``.
The questions build the exhibits of an investment-committee memo dated
28 May 2025: what was knowable, recurring revenue and revenue per user, the
interest cover of the new notes, the value of converting, default encryption
among competitors, a valuation range, and the investor's payoff by scenario.
Expected values are computed here from the course data when a check runs.
"""

from __future__ import annotations

import math
import numbers

import pandas as pd

from .. import convertible
from ..checking import Question, Written, bind
from ..datasets import load
from ..expectations import Nudge, expect_function, expect_number, expect_set, expect_value_error

DECISION = convertible.DECISION_DATE

# The assumptions Q8 states (they are not terms of the notes).
Q8_IPO_YEAR, Q8_DEFAULT_YEAR, Q8_RECOVERY, FACE = 3, 2, 0.4, 100.0


# --- shared by several questions ----------------------------------------------------------


def _money() -> pd.Series:
    return load("monetization").set_index("row_id")["value"]


def _recurring_revenue() -> float:
    money = _money()
    return float(money["fy2024_revenue"] - money["h1_2024_toncoin_ads_exclusivity"])


# --- Q1 knowable_rows ---------------------------------------------------------------------


def _knowable() -> set[str]:
    return set(convertible.knowable(load("monetization"), load("disclosures"))["row_id"])


def _as_strings(value, what: str) -> set[str]:
    if isinstance(value, str) or not isinstance(
        value, (list, tuple, set, frozenset, pd.Series, pd.Index)
    ):
        raise Nudge(f"{what} should be a set (or list) of row ids, not a {type(value).__name__}.")
    items = list(value)
    if not all(isinstance(item, str) for item in items):
        raise Nudge(f"{what} should contain only row ids (strings).")
    return {str.__str__(item).strip() for item in items}


def _check_knowable_rows(value) -> None:
    given = _as_strings(value, "`knowable_rows`")
    money = load("monetization")
    if any(row.startswith("h1_2025") for row in given):
        raise Nudge(
            "`knowable_rows` holds first-half 2025 figures: the FT published them in "
            "January 2026, long after the committee met."
        )
    by_period = set(money.loc[money["period_end"] <= DECISION, "row_id"])
    if given == by_period:
        raise Nudge(
            "That filters on the period a figure describes (`period_end`), not on "
            "when it became public: a projection for 2025 can be known in May 2025, "
            "and a figure for 2023 only from late 2024."
        )
    dates = load("disclosures").set_index("row_id")["disclosed_on"]
    on_the_day = set(dates[dates == DECISION].index)
    if given == _knowable() - on_the_day:
        raise Nudge(
            "Figures published on 28 May 2025 itself were on the committee's desk "
            "that day: keep dates on or before it."
        )
    expect_set(list(given), _knowable(), what="`knowable_rows`", options=set(money["row_id"]))


knowable_rows = Question(answer=_knowable, checker=_check_knowable_rows)


# --- Q2 recurring_revenue -----------------------------------------------------------------


def _check_recurring_revenue(value) -> None:
    money = _money()
    one_off = money["h1_2024_toncoin_ads_exclusivity"]
    expect_number(
        value,
        _recurring_revenue(),
        what="`recurring_revenue_2024`",
        units="the figures in `monetization` are in USD million",
        mistakes=[
            (
                money["fy2024_revenue"],
                "That is the revenue as reported; one part of it was a "
                "one-off deal that ended in October 2024. Which?",
            ),
            (
                money["fy2024_revenue_durov"] - one_off,
                "That starts from Durov's 'more than $1 bn'; use the FT's figure (fy2024_revenue).",
            ),
            (
                money["fy2024_revenue_durov"],
                "That is Durov's rounded figure, and it still includes the one-off deal.",
            ),
            (
                money["h1_2024_revenue"] - one_off,
                "That is the first half of 2024 only; the question is about the whole year.",
            ),
            (
                money["fy2024_revenue"] - 2 * one_off,
                "The one-off deal is in the 2024 figure once; subtract it once.",
            ),
        ],
    )


recurring_revenue = Question(answer=_recurring_revenue, checker=_check_recurring_revenue)


# --- Q3 revenue_per_user ------------------------------------------------------------------


def _mau_in_2024() -> pd.Series:
    users = load("users")
    mau = users[users["metric"] == "monthly_active_users"]
    return mau.loc[mau["date"].dt.year == 2024, "value"]


def _revenue_per_user() -> float:
    """Recurring 2024 revenue per user, on the milestone nearest the middle of 2024."""
    users = load("users")
    mau = users[(users["metric"] == "monthly_active_users") & (users["date"].dt.year == 2024)]
    middle = pd.Timestamp("2024-07-01")
    nearest = mau.iloc[(mau["date"] - middle).abs().argmin()]
    return _recurring_revenue() / float(nearest["value"])


def _check_revenue_per_user(value) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Nudge(f"`revenue_per_user` should be a number, not a {type(value).__name__}.")
    number = float(value)
    if not math.isfinite(number):
        raise Nudge("`revenue_per_user` is not a finite number; check for a division by zero.")
    recurring, mau = _recurring_revenue(), _mau_in_2024()
    low, high = recurring / mau.max(), recurring / mau.min()
    if low * (1 - 1e-3) <= number <= high * (1 + 1e-3):
        return
    reported = _money()["fy2024_revenue"]
    if reported / mau.max() * 0.999 <= number <= reported / mau.min() * 1.001:
        raise Nudge(
            "That uses the revenue as reported; use your recurring revenue from Q2, "
            "which leaves out the one-off deal."
        )
    if low / 12 * 0.999 <= number <= high / 12 * 1.001:
        raise Nudge("That is per month; the question asks for revenue per user per year.")
    users = load("users")
    later = users[(users["metric"] == "monthly_active_users") & (users["date"].dt.year > 2024)]
    if any(math.isclose(number, recurring / v, rel_tol=1e-3) for v in later["value"]):
        raise Nudge(
            "That audience figure is from 2025, after the revenue year; match the "
            "period: an audience milestone from within 2024."
        )
    raise Nudge(
        "`revenue_per_user` is not what recurring 2024 revenue divided by a 2024 "
        "audience milestone gives (both are in millions, so the result is in dollars)."
    )


revenue_per_user = Question(answer=_revenue_per_user, checker=_check_revenue_per_user)


# --- Q4 interest_cover --------------------------------------------------------------------


def _interest_cover() -> float:
    money, note = _money(), convertible.note_terms()
    profit = money["fy2024_net_profit"] - money["h1_2024_toncoin_ads_exclusivity"]
    return convertible.interest_cover(profit, note.size, note.coupon)


def _check_interest_cover(value) -> None:
    money, note, final = _money(), convertible.note_terms(), convertible.note_terms(final=True)
    one_off = money["h1_2024_toncoin_ads_exclusivity"]
    recurring = money["fy2024_net_profit"] - one_off
    interest = note.size * note.coupon
    expect_number(
        value,
        _interest_cover(),
        what="`interest_cover`",
        units="profit and `note.size` are both in USD million; cover is a multiple",
        mistakes=[
            (
                money["fy2024_net_profit"] / interest,
                "That profit still contains the one-off deal, which will not pay next year's "
                "interest; take it out, as in Q2.",
            ),
            (
                recurring / (final.size * final.coupon),
                "That uses the final size of the issue, which became public only a day after the "
                "committee met; use `note.size`.",
            ),
            (
                (money["fy2024_net_profit_durov"] - one_off) / interest,
                "That starts from Durov's profit figure; use the FT's (fy2024_net_profit).",
            ),
            (
                recurring / (note.size * 0.07),
                "That is the 2021 bonds' coupon; the new notes pay `note.coupon`.",
            ),
            (
                recurring / (note.size * note.coupon * 100),
                "The coupon in `note.coupon` is already a fraction (0.09 for 9 %); "
                "use it as it is, not as a percentage.",
            ),
            (interest / recurring, "Turn the ratio around: profit ÷ annual interest."),
            (
                recurring / note.size,
                "Divide by the annual interest (size × coupon), not by the size of the issue.",
            ),
        ],
    )


interest_cover = Question(answer=_interest_cover, checker=_check_interest_cover)


# --- Q5 shares_value ----------------------------------------------------------------------


_VALUE_CASES = ((100.0, 0.2), (1700.0, 0.2), (250.0, 0.1), (80.0, 0.0), (100.0, 0.5))


def _check_shares_value(function) -> None:
    function = expect_function(function, what="`shares_value`")
    for face, discount in _VALUE_CASES:
        what = f"`shares_value({face:g}, {discount:g})`"
        expect_number(
            function(face, discount),
            face / (1 - discount),
            what=what,
            rel=1e-9,
            abs_tol=1e-9,
            mistakes=[
                (
                    face * (1 + discount),
                    "That is the colleague's calculation, face × (1 + discount). At a "
                    "discount you pay less per share: how many shares does `face` buy?",
                ),
                (
                    face * (1 - discount),
                    "That is what one IPO-priced share costs you per unit, times face; "
                    "the question is what the shares you get are worth.",
                ),
                (
                    face / (1 + discount),
                    "The discount comes off the price: you pay (1 − discount) × the IPO "
                    "price per share.",
                ),
            ],
        )
    for absurd in (1.0, 1.5, -0.1):
        expect_value_error(
            lambda absurd=absurd: function(100.0, absurd),
            case=f"a discount of {absurd:g}",
            accepted=f"Your function accepts a discount of {absurd:g}; a discount must be at "
            "least 0 and below 1, so raise a ValueError otherwise.",
        )


shares_value = Question(
    answer=lambda: convertible.conversion_value,
    checker=_check_shares_value,
    explain=lambda function: (
        f"At a 20 % discount, 100 of notes become {function(100, 0.2):.0f} of shares at the IPO "
        "price: the colleague undercounted, since the discount comes off the price."
    ),
)


# --- Q6 e2e_by_default --------------------------------------------------------------------


def _e2e_by_default() -> set[str]:
    competitors = load("competitors")
    e2e = competitors[competitors["attribute"] == "default_e2e"]
    return set(e2e.loc[e2e["flag"].astype(bool), "app"])


def _check_e2e(value) -> None:
    apps = set(load("competitors")["app"])
    if isinstance(value, (set, list, tuple, frozenset)) and "telegram" in {
        str(v).strip().lower() for v in value
    }:
        raise Nudge(
            "Re-read Telegram's row: which of its chats are end-to-end encrypted "
            "without the user doing anything?"
        )
    expect_set(value, _e2e_by_default(), what="`e2e_by_default`", options=apps)


e2e_by_default = Question(answer=_e2e_by_default, checker=_check_e2e)


# --- Q7 valuation_range -------------------------------------------------------------------


def _valuation_range() -> tuple[float, float]:
    revenue = convertible.Range(_recurring_revenue(), _money()["fy2024_revenue"])
    value = convertible.value_range(load("comparables")["ps_ratio_ttm"], revenue)
    return value.low / 1000, value.high / 1000


def _pair(value) -> tuple[float, float]:
    if isinstance(value, convertible.Range):
        return value.low, value.high
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        raise Nudge(
            "`valuation_range` is one number; carry the range through: give two "
            "numbers, (low, high)."
        )
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Nudge("`valuation_range` should be a pair (low, high), for example a tuple.")
    low, high = value
    for end in (low, high):
        if isinstance(end, bool) or not isinstance(end, numbers.Real):
            raise Nudge("Both ends of `valuation_range` should be numbers.")
    return float(low), float(high)


def _check_valuation_range(value) -> None:
    low, high = _pair(value)
    want_low, want_high = _valuation_range()
    ps = load("comparables")["ps_ratio_ttm"]
    recurring, reported = _recurring_revenue() / 1000, _money()["fy2024_revenue"] / 1000

    def near(a, b):
        return math.isclose(a, b, rel_tol=1e-3)

    if near(low, want_low) and near(high, want_high):
        return
    if near(low, want_high) and near(high, want_low):
        raise Nudge("The pair is in the wrong order: (low, high).")
    if near(low, want_low * 1000) and near(high, want_high * 1000):
        raise Nudge("Those are USD million; give the range in USD billion.")
    if near(low, ps.min() * reported) and near(high, ps.max() * recurring):
        raise Nudge(
            "Pair the lows and the highs: the lowest multiple with the lowest revenue, "
            "the highest with the highest."
        )
    if near(low, ps.min() * reported):
        raise Nudge("The low end should rest on the recurring revenue (Q2), not the reported.")
    if near(high, ps.max() * recurring):
        raise Nudge("The high end may use the revenue as reported, the most generous reading.")
    if near(low, ps.mean() * recurring) or near(high, ps.mean() * reported):
        raise Nudge(
            "An average multiple hides the spread; use the lowest and the highest comparable."
        )
    raise Nudge(
        "`valuation_range` is not what the comparables' multiples and the 2024 revenue "
        "range give yet."
    )


valuation_range = Question(
    answer=_valuation_range,
    checker=_check_valuation_range,
    explain=lambda value: (
        f"From {float(value[0]):.1f} to {float(value[1]):.1f} billion dollars: the high end is "
        f"{float(value[1]) / float(value[0]):.0f} times the low one, so keep it as a range."
    ),
)


# --- Q8 scenario_payoffs ------------------------------------------------------------------


def _payoffs() -> dict[str, float]:
    note = convertible.note_terms()
    common = {"face": FACE, "coupon": note.coupon, "years": note.years, "discount": note.discount}
    return {
        "ipo": float(convertible.cash_flows("ipo", ipo_year=Q8_IPO_YEAR, **common)["amount"].sum()),
        "no_ipo": float(convertible.cash_flows("no_ipo", **common)["amount"].sum()),
        "default": float(
            convertible.cash_flows(
                "default", default_year=Q8_DEFAULT_YEAR, recovery=Q8_RECOVERY, **common
            )["amount"].sum()
        ),
    }


def _check_payoffs(value) -> None:
    keys = set(convertible.SCENARIOS)
    if not isinstance(value, dict):
        raise Nudge(
            "`scenario_payoffs` should be a dict like {'ipo': ..., 'no_ipo': ..., "
            f"'default': ...}}, not a {type(value).__name__}."
        )
    given = {str(k).strip().lower(): v for k, v in value.items()}
    if set(given) != keys:
        raise Nudge(f"`scenario_payoffs` should have exactly the keys {sorted(keys)}.")
    note, expected = convertible.note_terms(), _payoffs()
    coupon = FACE * note.coupon
    mistakes = {
        "ipo": [
            (
                Q8_IPO_YEAR * coupon + FACE * (1 + note.discount),
                "the shares are worth face ÷ (1 − discount), your Q5 function, not "
                "face × (1 + discount)",
            ),
            (
                note.years * coupon + FACE / (1 - note.discount),
                "the coupons stop when the notes convert at the IPO",
            ),
        ],
        "no_ipo": [(coupon + FACE, "a coupon is paid every year of the term, not once")],
        "default": [
            (
                Q8_DEFAULT_YEAR * coupon + Q8_RECOVERY * FACE,
                "no coupon is paid in the year of the default",
            ),
            (Q8_RECOVERY * FACE, "the coupon of the year before the default was paid"),
            (
                Q8_DEFAULT_YEAR * coupon + FACE,
                "in a default the face is not repaid, only the recovery",
            ),
        ],
    }
    for key in convertible.SCENARIOS:
        mistakes[key].append((expected[key] / FACE, "that is per USD 1 of notes, not per USD 100"))
        expect_number(
            given[key],
            expected[key],
            what=f"`scenario_payoffs['{key}']`",
            rel=1e-6,
            units="the question asks per USD 100 of notes, in US dollars",
            mistakes=[(w, f"`scenario_payoffs['{key}']`: {m}.") for w, m in mistakes[key]],
        )


scenario_payoffs = Question(answer=_payoffs, checker=_check_payoffs)


# --- written answers (read by a person; rubric and exemplar in the notebook) -----------------

w1_memo = Written()
w2_counter_memo = Written()

bind(globals(), notebook="05")
