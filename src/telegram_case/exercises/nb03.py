"""Questions of notebook 03, "The Gram token sale and the SEC case".

Use in the notebook as ``from telegram_case.exercises import nb03 as q``; each
question is checked with ``q.<name>.check()``.
The expected values are computed here from the course data when a check runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from .. import token_sale
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

# Seed 003 says Telegram raised "über eine Milliarde" (over a billion dollars) "ab 2019";
# the sale raised about $1.7 bn in Q1 2018 (claims ico_by_2019, ico_from_2019).
SEED_AMOUNT_USD_M = 1000.0

# The grid of investors in Q10 (the notebook builds the same grid).
SCENARIO_RATES = (0.05, 0.25, 0.50)
SCENARIO_DEFAULTS = (0.0, 0.15, 0.30)

# The prong (or "against") each statement of token_sale.howey_evidence() supports best.
EVIDENCE_KEY = {
    "paid_for_future_grams": "investment_of_money",
    "one_company_one_project": "common_enterprise",
    "gold_mine": "common_enterprise",
    "discounted_rounds": "expectation_of_profit",
    "resale_into_us_markets": "expectation_of_profit",
    "large_sophisticated_buyers": "expectation_of_profit",
    "telegram_builds_and_delivers": "efforts_of_others",
    "telegram_know_how": "efforts_of_others",
    "currency_use": token_sale.AGAINST,
}


# --- reference answers -------------------------------------------------------------------


def _rows(name: str, key: str) -> pd.DataFrame:
    return load(name).set_index(key)


def _grams() -> pd.DataFrame:
    sale = load("token_sale")
    rounds = sale[sale["row_id"].isin(["round_1", "round_2"])].copy()
    highest = rounds["price_high_usd"].fillna(rounds["price_low_usd"])
    rounds["grams_min_bn"] = rounds["amount_usd_m"] / highest / 1000
    rounds["grams_max_bn"] = rounds["amount_usd_m"] / rounds["price_low_usd"] / 1000
    return rounds[["row_id", "grams_min_bn", "grams_max_bn"]].reset_index(drop=True)


def _prices() -> tuple[float, float, float, float]:
    """Round 1 low and high, round 2 reported and planned (USD per Gram)."""
    sale = _rows("token_sale", "row_id")
    return (
        sale.loc["round_1", "price_low_usd"],
        sale.loc["round_1", "price_high_usd"],
        sale.loc["round_2", "price_low_usd"],
        sale.loc["round_2", "planned_price_usd"],
    )


def _planned_supply_bn() -> float:
    return float(_rows("ton_budget", "row_id").loc["planned_supply", "value"])


def _supply_value() -> pd.DataFrame:
    labels = ["Round 1, low end", "Round 1, high end", "Round 2, reported", "Round 2, planned"]
    prices = pd.DataFrame({"price_label": labels, "price_usd": list(_prices())})
    prices["value_usd_bn"] = prices["price_usd"] * _planned_supply_bn()
    return prices


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
    raised = _rows("token_sale", "row_id").loc["total", "amount_usd_m"]
    return (
        float(actual["value"]),
        float(projected["value"].sum()),
        float(rows.loc["budget_2018_2021_total", "value"]),
        float(raised),
    )


def _options() -> token_sale.InvestorOptions:
    return token_sale.investor_options(load("sec_case"))


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


# --- checkers -----------------------------------------------------------------------------


def _check_grams(grams) -> None:
    expected = _grams()
    columns = ["row_id", "grams_min_bn", "grams_max_bn"]
    if isinstance(grams, pd.DataFrame) and "row_id" in grams.columns:
        extra = sorted(set(grams["row_id"].astype(str)) - {"round_1", "round_2"})
        if extra:
            raise Nudge(f"`grams` also has the row(s) {extra}; keep only the two rounds.")
    if (
        isinstance(grams, pd.DataFrame)
        and set(columns) <= set(grams.columns)
        and len(grams) == len(expected)
    ):
        given = grams.sort_values("row_id").reset_index(drop=True)
        wanted = expected.sort_values("row_id").reset_index(drop=True)
        low, high = given["grams_min_bn"], given["grams_max_bn"]
        if low.isna().any() or high.isna().any():
            raise Nudge(
                "`grams` has a missing value: round 2 has only one reported price, so "
                "fill its empty `price_high_usd` with its `price_low_usd` "
                "(`.fillna(...)`)."
            )
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
        planned = _prices()[3]
        r2 = given["row_id"].astype(str) == "round_2"
        amount_2 = _rows("token_sale", "row_id").loc["round_2", "amount_usd_m"]
        if r2.any() and math.isclose(
            float(low[r2].iloc[0]), amount_2 / planned / 1000, rel_tol=1e-3
        ):
            raise Nudge(
                "For round 2 you used the planned price; use the reported price the "
                "round sold at (`price_low_usd`), and remember it is a secondary-source "
                "figure."
            )
    expect_frame(grams, expected, what="`grams`", columns=columns, sort_by=["row_id"], rel=1e-3)


def _close(given: pd.Series, wanted: pd.Series) -> bool:
    try:
        return all(
            math.isclose(float(a), float(b), rel_tol=1e-3)
            for a, b in zip(given, wanted, strict=True)
        )
    except (TypeError, ValueError):
        return False


def _check_average_price(value) -> None:
    total = _rows("token_sale", "row_id").loc["total"]
    expected = total["amount_usd_m"] / (total["grams_bn"] * 1000)
    low, high, reported, _ = _prices()
    # rel=0.02 also accepts the Grams summed from the two rounds (about 2.88-2.94 bn).
    expect_number(
        value,
        expected,
        what="`average_price`",
        rel=0.02,
        mistakes=[
            (
                ((low + high) / 2 + reported) / 2,
                "That is the plain average of the two rounds' prices; the rounds sold very different "
                "numbers of Grams, so divide the money by the Grams instead.",
            ),
            (1 / expected, "That is Grams per dollar; turn the ratio around (dollars per Gram)."),
            (
                expected * 1000,
                "Check the units: `amount_usd_m` is in millions of dollars and "
                "`grams_bn` in billions of Grams.",
            ),
            (
                expected / 1000,
                "Check the units: `amount_usd_m` is in millions of dollars and "
                "`grams_bn` in billions of Grams.",
            ),
            (
                SEED_AMOUNT_USD_M / (total["grams_bn"] * 1000),
                "You used the seed's “über eine Milliarde”; the sale raised about $1.7 bn.",
            ),
        ],
    )


def _check_discount(value) -> None:
    low, high, reported, planned = _prices()
    round_1 = (low + high) / 2
    expected = 1 - round_1 / reported
    # rel=0.01 accepts either end of round 1's range as well as the midpoint.
    expect_number(
        value,
        expected,
        what="`round1_discount`",
        rel=0.01,
        mistakes=[
            (
                reported / round_1 - 1,
                "That is how much more round 2 paid, measured against round 1's price (a premium). "
                "A discount is measured against the higher price: 1 − round 1 ÷ round 2.",
            ),
            (
                round_1 / reported,
                "That is round 1's price as a share of round 2's; the discount is "
                "what is left: 1 minus that.",
            ),
            (
                1 - round_1 / planned,
                "You used the planned $1.45; use the price round 2 was reported to sell at, and say "
                "that it is a secondary-source figure.",
            ),
            (
                reported - round_1,
                "That is the difference in dollars; the question asks for a "
                "fraction of round 2's price.",
            ),
        ],
    )


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
        sold = _rows("token_sale", "row_id").loc["total", "grams_bn"]
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


def _check_spend_ratio(value) -> None:
    actual, projected, whole, raised = _budget_parts()
    expected = actual / projected
    first_year = float(_rows("ton_budget", "row_id").loc["budget_2018_projected", "value"])
    three_years = projected + float(
        _rows("ton_budget", "row_id").loc["budget_2020_projected", "value"]
    )
    expect_number(
        value,
        expected,
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
        ],
    )


def _check_returned_share(value) -> None:
    case = _rows("sec_case", "entry_id")
    raised_m = _rows("token_sale", "row_id").loc["total", "amount_usd_m"]
    disgorgement = case.loc["disgorgement", "value"]
    penalty = case.loc["civil_penalty", "value"]
    termination = case.loc["termination_amounts", "value"]
    expected = disgorgement / (raised_m * 1e6)
    expect_number(
        value,
        expected,
        what="`returned_share`",
        mistakes=[
            (
                (disgorgement + penalty) / (raised_m * 1e6),
                "You added the civil penalty; it is paid to the SEC, not returned to the purchasers.",
            ),
            (
                termination / (raised_m * 1e6),
                "You used the termination amounts (about $1.19 bn); the question asks for the "
                "disgorgement.",
            ),
            (
                disgorgement / raised_m,
                "Check the units: `sec_case` values are in dollars, "
                "`amount_usd_m` in millions of dollars.",
            ),
            (
                disgorgement / (raised_m * 1e9),
                "Check the units: `amount_usd_m` is in millions (× 1e6), not billions.",
            ),
            (
                disgorgement / (SEED_AMOUNT_USD_M * 1e6),
                "You used the seed's “über eine Milliarde”; the sale raised about $1.7 bn.",
            ),
        ],
    )


def _check_evidence(mapping) -> None:
    if isinstance(mapping, pd.Series):
        mapping = mapping.to_dict()
    if not isinstance(mapping, Mapping):
        raise Nudge(
            "`evidence_prongs` should be a dict: evidence_id → prong name, not a "
            f"{type(mapping).__name__}."
        )
    allowed = [*token_sale.HOWEY_PRONGS, token_sale.AGAINST]
    ids = list(EVIDENCE_KEY)
    unknown = sorted(str(k) for k in mapping if k not in EVIDENCE_KEY)
    if unknown:
        raise Nudge(f"`evidence_prongs` has keys that are not evidence ids: {unknown}.")
    missing = [k for k in ids if k not in mapping]
    if missing:
        raise Nudge(
            f"`evidence_prongs` has no entry yet for {len(missing)} statement(s): {missing}."
        )
    cleaned = {}
    for key in ids:
        value = mapping[key]
        if not isinstance(value, str) or value.strip() not in allowed:
            raise Nudge(f"`evidence_prongs[{key!r}]` should be one of {allowed}, not {value!r}.")
        cleaned[key] = value.strip()
    if token_sale.AGAINST not in cleaned.values():
        raise Nudge(
            "Every statement is on the SEC's side in your answer; read them again: one "
            "speaks against an investment contract (label it 'against')."
        )
    wrong = sum(cleaned[key] != EVIDENCE_KEY[key] for key in ids)
    if wrong:
        raise Nudge(
            f"{wrong} of the {len(ids)} statements are not yet matched with the prong "
            "they support best. Ask of each: is it about paying, pooling, hoping for a "
            "gain, or who does the work?"
        )


def _check_decisive(prongs) -> None:
    expect_set(
        prongs, token_sale.HOWEY_PRONGS, what="`decisive_prongs`", options=token_sale.HOWEY_PRONGS
    )


def _check_implied_return(value) -> None:
    options = _options()
    expected = token_sale.implied_return(options.refund_now, options.repayment, options.years)
    expect_number(
        value,
        expected,
        what="`implied_return`",
        mistakes=[
            (
                options.repayment - options.refund_now,
                "That is the difference in shares of the price; a return is the gain divided by what "
                "you give up now (the refund).",
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


def _check_choices(frame) -> None:
    expected = _choices()
    columns = ["discount_rate", "default_prob", "loan_value", "choice"]
    if isinstance(frame, pd.DataFrame) and "choice" in frame.columns:
        values = frame["choice"]
        if not all(isinstance(v, str) for v in values):
            raise Nudge("The `choice` column should hold the strings 'loan' or 'refund'.")
        labels = {v.strip().lower() for v in values}
        if not labels <= {"loan", "refund"}:
            raise Nudge(
                f"The `choice` column should hold only 'loan' or 'refund', not "
                f"{sorted(labels - {'loan', 'refund'})}."
            )
        frame = frame.assign(choice=[v.strip().lower() for v in values])
    if (
        isinstance(frame, pd.DataFrame)
        and set(columns[:3]) <= set(frame.columns)
        and len(frame) == len(expected)
    ):
        given = frame.sort_values(columns[:2]).reset_index(drop=True)
        wanted = expected.sort_values(columns[:2]).reset_index(drop=True)
        options = _options()
        undiscounted = (1 - wanted["default_prob"]) * options.repayment
        subtracted = options.repayment / (1 + wanted["discount_rate"]) - wanted["default_prob"]
        if _close(given["loan_value"], undiscounted):
            raise Nudge("`loan_value` is not discounted yet: divide by (1 + discount_rate).")
        if _close(given["loan_value"], subtracted):
            raise Nudge(
                "Default risk scales the payoff: multiply by (1 − default_prob) instead "
                "of subtracting it."
            )
        if _close(given["loan_value"], wanted["loan_value"]) and "choice" in given.columns:
            flipped = wanted["choice"].map({"loan": "refund", "refund": "loan"})
            if list(given["choice"]) == list(flipped):
                raise Nudge(
                    "Every choice is the wrong way round: take the loan when it is worth "
                    "*more* today than the refund."
                )
    expect_frame(
        frame,
        expected,
        what="`choices`",
        columns=columns,
        sort_by=["discount_rate", "default_prob"],
        rel=1e-4,
    )


_DEFAULT_CASES = (0.0, 0.1, 0.25, 0.5)


def _check_indifference(function) -> None:
    function = expect_function(function, what="`indifference_rate`")
    options = _options()
    terms = {
        "refund_now": options.refund_now,
        "repayment": options.repayment,
        "years": options.years,
    }
    results = {p: function(p) for p in _DEFAULT_CASES}
    numbers = [
        v for v in results.values() if isinstance(v, (int, float)) and not isinstance(v, bool)
    ]
    if len(numbers) == len(results) and len({round(float(v), 9) for v in numbers}) == 1:
        raise Nudge(
            "Your rate does not change with the default probability; a riskier promise "
            "is worth less, so the break-even rate must fall as the risk rises."
        )
    for p, result in results.items():
        expected = token_sale.break_even_rate(p, **terms)
        expect_number(
            result,
            expected,
            what=f"`indifference_rate({p:g})`",
            abs_tol=1e-9,
            mistakes=[
                (
                    options.repayment / options.refund_now - 1 - p,
                    "Default risk scales the expected repayment, (1 − p) × repayment; subtracting p "
                    "from the rate is not the same.",
                ),
                (
                    options.repayment / (options.refund_now * (1 - p)) - 1,
                    "Your rate rises with default risk; it should fall: a riskier promise is worth "
                    "waiting for only at a lower discount rate.",
                ),
            ],
        )


# --- the questions ---------------------------------------------------------------------------

grams_per_round = Question(
    title="Q1 Grams per round",
    variables=("grams",),
    checker=_check_grams,
    hints=(
        "Keep the rows of `sale` whose `row_id` is 'round_1' or 'round_2' (`.isin([...])`).",
        "Grams = amount ÷ price. `amount_usd_m` is in millions of dollars, so amount ÷ price "
        "is millions of Grams; divide by 1000 for billions.",
        "The fewest Grams come from the highest price. Round 2 has no `price_high_usd`: "
        "`rounds['price_high_usd'].fillna(rounds['price_low_usd'])` fills it.",
    ),
)

average_price = Question(
    title="Q2 average price per Gram",
    variables=("average_price",),
    checker=_check_average_price,
    hints=(
        "An average price is money ÷ quantity, over the whole sale.",
        "Use the `total` row of `sale`: `amount_usd_m` (millions of dollars) ÷ `grams_bn` "
        "(billions of Grams).",
        "Put both in the same scale: millions of dollars ÷ (billions × 1000) millions of Grams.",
    ),
)

round1_discount = Question(
    title="Q3 round 1's discount",
    variables=("round1_discount",),
    checker=_check_discount,
    hints=(
        "A discount is measured against the higher price: 1 − cheaper price ÷ dearer price.",
        "Round 1's price is a range: use the midpoint of `price_low_usd` and `price_high_usd`.",
        "Round 2's price is `price_low_usd` of `round_2` (reported; not the planned price).",
    ),
)

supply_value = Question(
    title="Q4 implied value of the planned supply",
    variables=("supply_value",),
    checker=_check_supply_value,
    hints=(
        "The planned supply is the `planned_supply` row of `budget`; its unit is billions of "
        "Grams.",
        "Billions of Grams × dollars per Gram = billions of dollars.",
        "`prices.assign(value_usd_bn=prices['price_usd'] * supply_bn)` adds the column.",
    ),
)

spend_vs_plan = Question(
    title="Q5 spending against the plan",
    variables=("spend_ratio",),
    checker=_check_spend_ratio,
    hints=(
        "The actual spend is the `spend_2018_2020` row of `budget`; it covers 2018 and 2019 "
        "(and one month of 2020).",
        "The projection for the same years: the `budget_projected` rows for 2018 and 2019, "
        "added up.",
        "spend_ratio = actual ÷ projected; above 1 means more was spent than planned.",
    ),
)

returned_share = Question(
    title="Q6 share of the money returned",
    variables=("returned_share",),
    checker=_check_returned_share,
    hints=(
        "The disgorgement is the `disgorgement` row of `case`, in dollars.",
        "The money raised is the `total` row of `sale`, in millions of dollars: multiply by 1e6.",
        "The civil penalty goes to the SEC, not to the purchasers: leave it out.",
    ),
)

evidence_prongs = Question(
    title="Q7 evidence for each prong",
    variables=("evidence_prongs",),
    checker=_check_evidence,
    hints=(
        "Investment of money: who paid what? Common enterprise: whose money is pooled, and do "
        "the buyers rise and fall together? Expectation of profit: why would a buyer expect a "
        "gain? Efforts of others: who does the work that creates the value?",
        "Durov's gold mine is about pooling money in one project.",
        "Prices that differ between rounds and resale into markets are about profit; building "
        "and launching the network is about whose efforts count. One statement, about using "
        "Grams to pay for services, is the other side's best argument.",
    ),
)

decisive_prongs = Question(
    title="Q8 decisive prongs",
    variables=("decisive_prongs",),
    checker=_check_decisive,
    hints=(
        "Start from `court_findings`, with True for each of `token_sale.HOWEY_PRONGS`.",
        "For each prong, copy the findings (`dict(court_findings)`), set that prong to False, "
        "and call `token_sale.howey_conclusion` on the copy.",
        "Keep the prongs whose flip changes `.investment_contract`.",
    ),
)

implied_return = Question(
    title="Q9 the return of waiting",
    variables=("implied_return",),
    checker=_check_implied_return,
    hints=(
        "Waiting means giving up `refund_now` today to get `repayment` in a year.",
        "Return = what you get ÷ what you give up − 1.",
    ),
)

loan_choices = Question(
    title="Q10 choices of nine investors",
    variables=("choices",),
    checker=_check_choices,
    hints=(
        "Start from a copy: `choices = scenarios.copy()`.",
        "loan_value = (1 − default_prob) × repayment ÷ (1 + discount_rate), column by column.",
        "`numpy.where(choices['loan_value'] > refund_now, 'loan', 'refund')` gives the choice.",
    ),
)

indifference_rate = Question(
    title="Q11 the indifference rate",
    variables=("indifference_rate",),
    checker=_check_indifference,
    hints=(
        "Indifferent means the loan's value today equals the refund: "
        "(1 − p) × repayment ÷ (1 + r) = refund_now.",
        "Solve for r: r = (1 − p) × repayment ÷ refund_now − 1.",
    ),
)

# --- written answers (read by a person; rubric and exemplar in the notebook) -----------------

w1_was_gram_a_security = Written(title="W1 · Was the Gram a security?")
w2_what_telegram_should_have_done = Written(
    title="W2 · What should Telegram have done differently in 2018?"
)

bind(globals(), notebook="03")
