"""Questions of notebook 03, "The Gram token sale and the SEC case".

Use in the notebook as ``from telegram_case.exercises import nb03 as q``; each
question is checked with ``q.<name>.check()``.
The expected values are computed here from the course data when a check runs.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import pandas as pd

from .. import token_sale
from ..checking import Question, Written, bind
from ..datasets import load
from ..expectations import Nudge, expect_frame, expect_function, expect_mapping, expect_number

# The grid of investors in Q9 (the notebook builds the same grid).
SCENARIO_RATES = (0.05, 0.20, 0.50)
SCENARIO_DEFAULTS = (0.0, 0.15, 0.30)

# The default probability the try-it cell of Q10 prints the indifference rate for.
TRY_IT_DEFAULT = 0.20

# Q2: what is wrong with the notebook's quick estimate (a plain mean of the two rounds'
# prices times the SEC's Grams). Each wrong choice gets the reason it does not break it.
ESTIMATE_FLAWS = ("unweighted_mean", "mixed_units", "wrong_total_grams", "unconfirmed_price")
_NOT_THE_FLAW = {
    "mixed_units": "The units of the estimate are consistent: dollars per Gram times billions "
    "of Grams gives billions of dollars.",
    "wrong_total_grams": "The estimate uses the SEC's own 'about 2.9 billion' Grams "
    "(`sec_pr_2019_212`); that number is not what goes wrong.",
    "unconfirmed_price": "That caveat is real, but the estimate overshoots even if round two's "
    "price were certain: try it with the planned price. Look at how it averages.",
}

# Q7: the prongs each statement of token_sale.howey_evidence() can support. Courts draw on
# the same facts for several prongs, so where a statement supports two, both are accepted:
# - gold_mine: pooling money in one venture is the common enterprise; sharing the gold it
#   yields is the expectation of profit. Both are in Durov's own words.
# - large_sophisticated_buyers: the size and the profile of the purchases were the court's
#   signs of an expectation of profit (`goodwin_2020_telegram_injunction`), but the
#   statement is also about how much money the buyers put in.
# - telegram_builds_and_delivers: who builds the network is the efforts of others; that
#   every buyer's gain hangs on the one launch is how the court read the common enterprise.
# - telegram_know_how: Telegram's know-how is the efforts of others; the pooled funds all
#   going to one network's equipment is the common enterprise.
# The first prong of each item is the most direct reading (the reference answer).
ACCEPTED_PRONGS = {
    "paid_for_future_grams": ("investment_of_money",),
    "one_company_one_project": ("common_enterprise",),
    "gold_mine": ("common_enterprise", "expectation_of_profit"),
    "discounted_rounds": ("expectation_of_profit",),
    "resale_into_us_markets": ("expectation_of_profit",),
    "large_sophisticated_buyers": ("expectation_of_profit", "investment_of_money"),
    "telegram_builds_and_delivers": ("efforts_of_others", "common_enterprise"),
    "telegram_know_how": ("efforts_of_others", "common_enterprise"),
    "currency_use": (token_sale.AGAINST,),
}
# What to ask of a statement mapped to a prong it does not support (never the answer).
REREAD = {
    "paid_for_future_grams": "it describes what the buyers handed over and what they got for "
    "it; which prong asks only that?",
    "one_company_one_project": "it is about where everyone's money ended up; which prong asks "
    "whether the buyers' money and fortunes are tied together?",
    "gold_mine": "Durov describes people who pool money and later share what it yields; "
    "which prongs are about pooling and about the yield?",
    "discounted_rounds": "why would a buyer pay a price that rose within weeks for a token "
    "that did not exist yet?",
    "resale_into_us_markets": "what would a buyer who can sell billions of Grams on a market "
    "be hoping for?",
    "large_sophisticated_buyers": "would funds and wealthy investors buy millions of Grams "
    "each to pay network fees?",
    "telegram_builds_and_delivers": "whose work decides whether the Grams are ever worth anything?",
    "telegram_know_how": "whose skills and whose spending is the statement about?",
    "currency_use": "does a token bought to pay for services look like an investment, or like "
    "the other side's argument?",
}
PRONG_OPTIONS = (*token_sale.HOWEY_PRONGS, token_sale.AGAINST)

# Q6: the shares of the sale that were American, as fractions.
US_SHARE_KEYS = ("money", "purchasers", "grams_at_least")


# --- shared by several questions ----------------------------------------------------------


def _sale() -> pd.DataFrame:
    return load("token_sale").set_index("row_id")


def _grams() -> pd.DataFrame:
    rounds = token_sale.grams_range(load("token_sale"))
    return rounds[["row_id", "grams_min_bn", "grams_max_bn"]]


def _prices() -> tuple[float, float, float, float]:
    """Round 1 low and high, round 2 reported and planned (USD per Gram)."""
    sale = _sale()
    return (
        float(sale.loc["round_1", "price_low_usd"]),
        float(sale.loc["round_1", "price_high_usd"]),
        float(sale.loc["round_2", "price_low_usd"]),
        float(sale.loc["round_2", "planned_price_usd"]),
    )


def _planned_supply_bn() -> float:
    budget = load("ton_budget").set_index("row_id")
    return float(budget.loc["planned_supply", "value"])


def _options() -> token_sale.InvestorOptions:
    return token_sale.investor_options(load("sec_case"))


def _close(given, wanted, rel: float = 1e-3) -> bool:
    try:
        return all(
            math.isclose(float(a), float(b), rel_tol=rel)
            for a, b in zip(given, wanted, strict=True)
        )
    except (TypeError, ValueError):
        return False


def _number_pair(value, what: str) -> tuple[float, float]:
    """``value`` as a pair of finite numbers (in the student's order), or a nudge that says
    what is wrong with it."""
    if isinstance(value, (str, Mapping)) or not hasattr(value, "__len__") or len(value) != 2:
        raise Nudge(f"{what} should be a pair of numbers, (lower end, upper end).")
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value):
        raise Nudge(f"{what} should hold two numbers.")
    low, high = (float(v) for v in value)
    if not (math.isfinite(low) and math.isfinite(high)):
        raise Nudge(f"{what} holds {low} and {high}; check for a division by zero.")
    return low, high


def _expect_pair(value, expected, *, what: str, mistakes) -> None:
    """Nudge unless ``value`` is the pair ``expected``, lower end first; ``mistakes`` as in
    expect_number, recognised in either order (the mistake matters more than the order)."""
    pair = _number_pair(value, what)
    if pair[0] <= pair[1] and _close(pair, expected):
        return
    for wrong, message in mistakes:
        if _close(sorted(pair), sorted(wrong)):
            raise Nudge(message)
    if pair[0] > pair[1]:
        raise Nudge(f"{what}: put the lower end first.")
    if _close(pair, [end * 100 for end in expected]):
        raise Nudge(f"{what} looks like percentages; give fractions (0.25, not 25).")
    if math.isclose(pair[0], pair[1], rel_tol=1e-9):
        raise Nudge(f"{what} has no width: carry the ranges of the prices through.")
    raise Nudge(f"{what} is not the range the data gives.")


# --- Q1 grams_per_round -------------------------------------------------------------------


def _check_grams_shape(grams) -> None:
    if isinstance(grams, pd.DataFrame) and "row_id" in grams.columns:
        extra = sorted(set(grams["row_id"].astype(str)) - {"round_1", "round_2"})
        if extra:
            raise Nudge(f"`grams` also has the row(s) {extra}; keep only the two rounds.")
    columns = {"row_id", "grams_min_bn", "grams_max_bn"}
    if isinstance(grams, pd.DataFrame) and columns <= set(grams.columns):
        if grams[["grams_min_bn", "grams_max_bn"]].isna().any().any():
            raise Nudge(
                "`grams` has a missing value: round 2 has no `price_high_usd`; its "
                "highest price is the planned one (`planned_price_usd`)."
            )


def _check_grams(grams) -> None:
    _check_grams_shape(grams)
    expected = _grams()
    columns = ["row_id", "grams_min_bn", "grams_max_bn"]
    if isinstance(grams, pd.DataFrame) and set(columns) <= set(grams.columns):
        given = grams.sort_values("row_id").reset_index(drop=True)
        wanted = expected.sort_values("row_id").reset_index(drop=True)
        low, high = given["grams_min_bn"], given["grams_max_bn"]
        if len(given) == len(wanted):
            if _close(low, wanted["grams_min_bn"] * 1000) and _close(
                high, wanted["grams_max_bn"] * 1000
            ):
                raise Nudge(
                    "Your numbers are in millions of Grams (USD million ÷ USD per Gram); "
                    "the columns ask for billions."
                )
            if _close(low, wanted["grams_max_bn"]) and _close(high, wanted["grams_min_bn"]):
                raise Nudge(
                    "Minimum and maximum are swapped: the fewest Grams come from the highest price."
                )
            round_2 = given["row_id"].astype(str) == "round_2"
            one_price = _sale().loc["round_2", ["amount_usd_m", "price_low_usd"]]
            if round_2.any() and math.isclose(
                float(low[round_2].iloc[0]),
                one_price.iloc[0] / one_price.iloc[1] / 1000,
                rel_tol=1e-3,
            ):
                raise Nudge(
                    "Round 2 has a range too: its price runs from the reported price to the "
                    "planned one, so its fewest Grams come from the planned price."
                )
    expect_frame(grams, expected, what="`grams`", sort_by=["row_id"], rel=1e-3)


grams_per_round = Question(
    answer=_grams,
    checker=_check_grams,
    graded_values=lambda: [*_grams()["grams_min_bn"], *_grams()["grams_max_bn"]],
)


# --- Q2 average_price ---------------------------------------------------------------------


def _raised_usd_m() -> float:
    return float(_sale().loc[["round_1", "round_2"], "amount_usd_m"].sum())


def _average_price_range() -> tuple[float, float]:
    grams = _grams()
    raised_m = _raised_usd_m()
    return (
        raised_m / (grams["grams_max_bn"].sum() * 1000),
        raised_m / (grams["grams_min_bn"].sum() * 1000),
    )


def _estimate() -> tuple[str, tuple[float, float]]:
    return ("unweighted_mean", _average_price_range())


def _check_estimate(flaw, price_range) -> None:
    if not isinstance(flaw, str) or flaw.strip().lower() not in ESTIMATE_FLAWS:
        raise Nudge(f"`estimate_flaw` should be one of {list(ESTIMATE_FLAWS)}, not {flaw!r}.")
    flaw = flaw.strip().lower()
    if flaw in _NOT_THE_FLAW:
        raise Nudge(_NOT_THE_FLAW[flaw])
    expected = _average_price_range()
    low, high, reported, planned = _prices()
    grams = _grams().set_index("row_id")
    round_2_at_reported = _sale().loc["round_2", "amount_usd_m"] / reported / 1000
    fewest_with_one_price = grams.loc["round_1", "grams_min_bn"] + round_2_at_reported
    one_price = _raised_usd_m() / (fewest_with_one_price * 1000)
    _expect_pair(
        price_range,
        expected,
        what="`average_price_range`",
        mistakes=[
            (
                ((low + reported) / 2, (high + planned) / 2),
                "That is the quick estimate's mistake again: a plain mean of the prices. "
                "Divide the money by the Grams instead.",
            ),
            (
                (expected[0], one_price),
                "Your range is too narrow: carry round 2's range (reported to planned) "
                "from `grams` as well.",
            ),
            (
                (1 / expected[1], 1 / expected[0]),
                "That is Grams per dollar; turn the ratio around (dollars per Gram).",
            ),
            (
                (expected[0] * 1000, expected[1] * 1000),
                "Check the units: `amount_usd_m` is in millions of dollars and `grams` in "
                "billions of Grams.",
            ),
        ],
    )


average_price = Question(
    answer=_estimate, checker=_check_estimate, graded_values=_average_price_range
)


# --- Q3 round1_discount -------------------------------------------------------------------


def _discount_range() -> tuple[float, float]:
    low, high, reported, planned = _prices()
    return (1 - high / reported, 1 - low / planned)


def _check_discount(value) -> None:
    low, high, reported, planned = _prices()
    _expect_pair(
        value,
        _discount_range(),
        what="`round1_discount`",
        mistakes=[
            (
                (1 - high / reported, 1 - low / reported),
                "Your range is too narrow: round 2's price runs from the reported to the "
                "planned price; carry that range too.",
            ),
            (
                (1 - low / reported, 1 - high / planned),
                "Pair the ends with care: the smallest gap puts round 1's highest price "
                "against round 2's lowest.",
            ),
            (
                (reported / high - 1, planned / low - 1),
                "That is how much more round 2 asked, measured against round 1's price (a "
                "premium). A discount is measured against the higher price: 1 − round 1 ÷ "
                "round 2.",
            ),
            (
                (high / reported, low / planned),
                "That is round 1's price as a share of round 2's; the discount is what is "
                "left: 1 minus that.",
            ),
            (
                (reported - high, planned - low),
                "Those are differences in dollars; the question asks for fractions of round "
                "2's price.",
            ),
        ],
    )


round1_discount = Question(answer=_discount_range, checker=_check_discount)


# --- Q4 supply_value ----------------------------------------------------------------------


def _supply_value() -> pd.DataFrame:
    labels = ["Round 1, low end", "Round 1, high end", "Round 2, reported", "Round 2, planned"]
    prices = pd.DataFrame({"price_label": labels, "price_usd": list(_prices())})
    prices["value_usd_bn"] = prices["price_usd"] * _planned_supply_bn()
    return prices


def _check_supply_value(frame) -> None:
    expected = _supply_value()
    columns = ["price_label", "value_usd_bn"]
    if (
        isinstance(frame, pd.DataFrame)
        and set(columns) <= set(frame.columns)
        and len(frame) == len(expected)
    ):
        given = frame.sort_values("price_label")["value_usd_bn"].reset_index(drop=True)
        wanted = expected.sort_values("price_label").reset_index(drop=True)
        sold = _sale().loc["total", "grams_bn"]
        if _close(given, wanted["price_usd"] * sold):
            raise Nudge(
                "You multiplied by the Grams sold; the question asks for the planned "
                "total supply (the `planned_supply` row of `budget`)."
            )
        if _close(given, wanted["value_usd_bn"] * 1000):
            raise Nudge("Those values are in millions of dollars; the column asks for billions.")
        if _close(given, wanted["value_usd_bn"] * 1e9):
            raise Nudge("Those values are in dollars; the column asks for billions of dollars.")
    expect_frame(
        frame, expected, what="`supply_value`", columns=columns, sort_by=["price_label"], rel=1e-3
    )


supply_value = Question(
    answer=_supply_value,
    checker=_check_supply_value,
    graded_values=lambda: list(_supply_value()["value_usd_bn"]),
)


# --- Q5 spend_vs_plan ---------------------------------------------------------------------


def _budget_parts() -> tuple[float, float, float, float]:
    """Actual spend, projected spend over the same years, whole budget, amount raised."""
    budget = load("ton_budget")
    rows = budget.set_index("row_id")
    actual = rows.loc["spend_2018_2020"]
    projected = budget[
        (budget["kind"] == "budget_projected")
        & (budget["period_start"] >= actual["period_start"])
        & (budget["period_end"] <= actual["period_end"])
    ]
    return (
        float(actual["value"]),
        float(projected["value"].sum()),
        float(rows.loc["budget_2018_2021_total", "value"]),
        float(_sale().loc["total", "amount_usd_m"]),
    )


def _spend_ratio() -> float:
    actual, projected, _, _ = _budget_parts()
    return actual / projected


def _check_spend_ratio(value) -> None:
    actual, projected, whole, raised = _budget_parts()
    rows = load("ton_budget").set_index("row_id")["value"]
    first_year = float(rows["budget_2018_projected"])
    three_years = projected + float(rows["budget_2020_projected"])
    # "Jan 2018 to Jan 2020" read as 25 months: one month of 2020's projection added, or the
    # spend scaled down to 24 months. Defensible, but finer than either source is.
    one_month = float(rows["budget_2020_projected"]) / 12
    to_the_month = (
        "You worked to the month (January 2020 as a twelfth of a year). The source gives "
        "the period only as 'January 2018 to January 2020' and the primer projects whole "
        "calendar years, so neither is that precise: compare with the whole projected years "
        "that match the period best, and say why in your comment."
    )
    expect_number(
        value,
        actual / projected,
        what="`spend_ratio`",
        rel=1e-2,
        mistakes=[
            (
                actual / whole,
                "You compared with the whole four-year budget; compare with the "
                "projection for the same two years the spending covers.",
            ),
            (
                actual / raised,
                "That is the share of the money raised that was spent; the question "
                "compares the spending with the primer's projection.",
            ),
            (
                projected / actual,
                "You divided the projection by the actual spend; turn the ratio around.",
            ),
            (
                actual / first_year,
                "You used the projection for 2018 only; the actual spend covers 2018 and 2019.",
            ),
            (
                actual / three_years,
                "You added 2020 too; the actual spend stops in January 2020, so "
                "use the projections for 2018 and 2019.",
            ),
            (actual / (projected + one_month), to_the_month),
            (actual * 24 / 25 / projected, to_the_month),
        ],
    )


spend_vs_plan = Question(answer=_spend_ratio, checker=_check_spend_ratio)


# --- Q6 us_share --------------------------------------------------------------------------


def _us_share() -> dict[str, float]:
    sale = _sale()
    us, total = sale.loc["us_purchasers"], sale.loc["total"]
    # The 39 US purchasers and the 171 initial purchasers are both the SEC's counts.
    return {
        "money": float(us["amount_usd_m"] / total["amount_usd_m"]),
        "purchasers": float(us["investors"] / total["investors"]),
        "grams_at_least": float(us["grams_bn"] / total["grams_bn"]),
    }


def _us_share_entries(value) -> dict:
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, Mapping):
        raise Nudge(f"`us_share` should be a dict with the keys {list(US_SHARE_KEYS)}.")
    unknown = sorted(str(key) for key in value if key not in US_SHARE_KEYS)
    if unknown:
        raise Nudge(f"`us_share` has keys that are not asked for: {unknown}.")
    missing = [key for key in US_SHARE_KEYS if key not in value]
    if missing:
        raise Nudge(f"`us_share` has no entry yet for {missing[0]!r}.")
    return dict(value)


def _check_us_share(value) -> None:
    given = _us_share_entries(value)
    expected = _us_share()
    sale = _sale()
    us, total = sale.loc["us_purchasers"], sale.loc["total"]
    court_count = sale.loc["round_1", "investors"] + sale.loc["round_2", "investors"]
    expect_number(
        given["money"],
        expected["money"],
        what="`us_share['money']`",
        mistakes=[
            (
                us["amount_usd_m"] / sale.loc["round_1", "amount_usd_m"],
                "You divided by one round's amount; the US purchasers bought in the whole sale.",
            ),
            (
                total["amount_usd_m"] / us["amount_usd_m"],
                "You divided the whole by the US part; turn the ratio around.",
            ),
        ],
    )
    expect_number(
        given["purchasers"],
        expected["purchasers"],
        what="`us_share['purchasers']`",
        mistakes=[
            (
                us["investors"] / court_count,
                "Your purchaser share divides counts made in two different ways. Which "
                "whole-sale count was made the same way as the 39, and by whom?",
            ),
            (
                us["investors"] / sale.loc["round_2", "investors"],
                "You divided by one round's investors; the 39 bought in the whole sale.",
            ),
        ],
    )
    expect_number(
        given["grams_at_least"],
        expected["grams_at_least"],
        what="`us_share['grams_at_least']`",
        mistakes=[
            (
                us["grams_bn"] / _planned_supply_bn(),
                "You divided by the planned supply; the share asked for is of the Grams sold.",
            ),
            (
                total["grams_bn"] / us["grams_bn"],
                "You divided the whole by the US part; turn the ratio around.",
            ),
        ],
    )


def _explain_us_share(value) -> str:
    return (
        f"US purchasers paid {value['money']:.0%} of the money but got at least "
        f"{value['grams_at_least']:.0%} of the Grams, so on average they paid less per Gram: "
        "they must have bought mostly in the cheaper round one. Their share of the money is "
        f"also larger than their share of the purchasers ({value['purchasers']:.0%}): the "
        "average American purchase was larger than the average purchase."
    )


us_share = Question(
    answer=_us_share,
    checker=_check_us_share,
    explain=_explain_us_share,
)


# --- Q7 evidence_prongs -------------------------------------------------------------------


def _evidence_prongs() -> dict[str, str]:
    """One accepted mapping: the most direct reading of each item."""
    return {item: accepted[0] for item, accepted in ACCEPTED_PRONGS.items()}


def _check_evidence(mapping) -> None:
    if isinstance(mapping, pd.Series):
        mapping = mapping.to_dict()
    expect_mapping(
        mapping,
        ACCEPTED_PRONGS,
        what="`evidence_prongs`",
        reasons=REREAD,
        options=PRONG_OPTIONS,
    )


evidence_prongs = Question(answer=_evidence_prongs, checker=_check_evidence)


# --- Q8 implied_return --------------------------------------------------------------------


def _implied_return() -> float:
    options = _options()
    return token_sale.implied_return(options.refund_now, options.repayment, options.years)


def _check_implied_return(value) -> None:
    options = _options()
    expect_number(
        value,
        _implied_return(),
        what="`implied_return`",
        mistakes=[
            (
                options.repayment - options.refund_now,
                "That is the difference in shares of the price; a return is the gain divided by "
                "what you give up now (the refund).",
            ),
            (
                options.repayment - 1,
                "That is the loan's 10 % on the original price; the investor "
                "gives up the refund, not the original price.",
            ),
            (
                options.repayment / options.refund_now,
                "That is the multiple; subtract 1 to get a return.",
            ),
            (
                options.refund_now / options.repayment - 1,
                "You divided the refund by the repayment; turn the ratio around.",
            ),
        ],
    )


implied_return = Question(answer=_implied_return, checker=_check_implied_return)


# --- Q9 loan_choices ----------------------------------------------------------------------


def _choices() -> pd.DataFrame:
    options = _options()
    rows = [(rate, default) for rate in SCENARIO_RATES for default in SCENARIO_DEFAULTS]
    frame = pd.DataFrame(rows, columns=["discount_rate", "default_prob"])
    frame["loan_value"] = [
        token_sale.loan_present_value(r, p, repayment=options.repayment, years=options.years)
        for r, p in rows
    ]
    frame["choice"] = [
        token_sale.investor_choice(
            r, p, refund_now=options.refund_now, repayment=options.repayment, years=options.years
        )
        for r, p in rows
    ]
    return frame


def _normalised_choices(frame):
    """``frame`` with its choice labels cleaned (case, spaces), or a nudge about them."""
    if not (isinstance(frame, pd.DataFrame) and "choice" in frame.columns):
        return frame
    values = frame["choice"]
    if not all(isinstance(v, str) for v in values):
        raise Nudge("The `choice` column should hold the strings 'loan' or 'refund'.")
    labels = {v.strip().lower() for v in values}
    if not labels <= {"loan", "refund"}:
        raise Nudge(
            f"The `choice` column should hold only 'loan' or 'refund', not "
            f"{sorted(labels - {'loan', 'refund'})}."
        )
    return frame.assign(choice=[v.strip().lower() for v in values])


def _check_choices(frame) -> None:
    expected = _choices()
    frame = _normalised_choices(frame)
    columns = ["discount_rate", "default_prob", "loan_value", "choice"]
    if (
        isinstance(frame, pd.DataFrame)
        and set(columns[:3]) <= set(frame.columns)
        and len(frame) == len(expected)
    ):
        given = frame.sort_values(columns[:2]).reset_index(drop=True)
        wanted = expected.sort_values(columns[:2]).reset_index(drop=True)
        repayment = _options().repayment
        undiscounted = (1 - wanted["default_prob"]) * repayment
        subtracted = repayment / (1 + wanted["discount_rate"]) - wanted["default_prob"]
        if _close(given["loan_value"], undiscounted):
            raise Nudge("`loan_value` is not discounted yet: divide by (1 + discount_rate).")
        if _close(given["loan_value"], subtracted):
            raise Nudge(
                "Default risk scales the payoff: multiply by (1 − default_prob) instead "
                "of subtracting it."
            )
        flipped = wanted["choice"].map({"loan": "refund", "refund": "loan"})
        if _close(given["loan_value"], wanted["loan_value"]) and "choice" in given.columns:
            if list(given["choice"]) == list(flipped):
                raise Nudge(
                    "Every choice is the wrong way round: take the loan when it is worth "
                    "*more* today than the refund."
                )
    expect_frame(
        frame, expected, what="`choices`", sort_by=["discount_rate", "default_prob"], rel=1e-4
    )


loan_choices = Question(
    answer=_choices, checker=_check_choices, graded_values=lambda: list(_choices()["loan_value"])
)


# --- Q10 indifference_rate ----------------------------------------------------------------


def _indifference_rate(default_prob: float) -> float:
    options = _options()
    return token_sale.break_even_rate(
        default_prob,
        refund_now=options.refund_now,
        repayment=options.repayment,
        years=options.years,
    )


_DEFAULT_CASES = (0.0, 0.1, 0.25, 0.5)


def _check_indifference(function) -> None:
    function = expect_function(function, what="`indifference_rate`")
    options = _options()
    results = {p: function(p) for p in _DEFAULT_CASES}
    numbers_only = [
        v for v in results.values() if isinstance(v, numbers.Real) and not isinstance(v, bool)
    ]
    if len(numbers_only) == len(results) and len({round(float(v), 9) for v in numbers_only}) == 1:
        raise Nudge(
            "Your rate does not change with the default probability; a riskier promise "
            "is worth less, so the break-even rate must fall as the risk rises."
        )
    for p, result in results.items():
        expect_number(
            result,
            _indifference_rate(p),
            what=f"`indifference_rate({p:g})`",
            abs_tol=1e-9,
            mistakes=[
                (
                    options.repayment / options.refund_now - 1 - p,
                    "Default risk scales the expected repayment, (1 − p) × repayment; "
                    "subtracting p from the rate is not the same.",
                ),
                (
                    options.repayment / (options.refund_now * (1 - p)) - 1,
                    "Your rate rises with default risk; it should fall: a riskier promise is "
                    "worth waiting for only at a lower discount rate.",
                ),
            ],
        )


indifference_rate = Question(
    answer=lambda: _indifference_rate,
    checker=_check_indifference,
    graded_values=lambda: [_indifference_rate(0.0), _indifference_rate(TRY_IT_DEFAULT)],
)


# --- written answers (read by a person; rubric and exemplar in the notebook) -----------------

w1_was_gram_a_security = Written()
w2_what_telegram_should_have_done = Written()

bind(globals(), notebook="03")
