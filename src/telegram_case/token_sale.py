"""The Gram token sale of 2018 and SEC v. Telegram: Grams sold, Howey analysis, the 2020 choice.

What notebook 03 uses:

- :func:`grams_range` — Grams sold per round, from amount ÷ price, with each
  round's price range carried through (round two: reported to planned price).
- :func:`howey_evidence`, :func:`howey_conclusion` — the Howey test as a
  structured analysis: sourced evidence, and a function that turns a finding
  on each of the four prongs into a conclusion.
- :func:`investor_options`, :func:`loan_present_value`, :func:`implied_return`,
  :func:`break_even_rate`, :func:`break_even_default`, :func:`investor_choice` —
  the investors' choice of spring 2020: about 72 % back now, or 110 % a year
  later.

The figures are in :mod:`telegram_case.token_sale_charts`; the explorer of the
choice, which draws with them, is in :mod:`telegram_case.token_sale_explorer`.

The Howey function is a teaching simplification: it makes the structure of the
test visible (all four prongs must be met for an investment contract), while a
court weighs the economic reality of the whole scheme, not a checklist.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .datasets import load
from .plots import require_columns
from .validation import fraction, positive
from .validation import rate as checked_rate

__all__ = [
    "AGAINST",
    "HOWEY_PRONGS",
    "PRONG_LABELS",
    "HoweyConclusion",
    "InvestorOptions",
    "break_even_default",
    "break_even_rate",
    "grams_range",
    "howey_conclusion",
    "howey_evidence",
    "implied_return",
    "investor_choice",
    "investor_options",
    "loan_present_value",
]

# --- the sale -------------------------------------------------------------------------------


def grams_range(token_sale: pd.DataFrame) -> pd.DataFrame:
    """Grams sold in each round, as a range: amount ÷ highest price to amount ÷ lowest price.

    A round's highest price is ``price_high_usd``; where only one price is
    reported, it is the planned price (``planned_price_usd``) if there is one,
    else the reported price itself. For round two that carries the reported
    $1.33 to the planned $1.45 through the division.

    Parameters
    ----------
    token_sale
        The ``token_sale`` dataset (:func:`telegram_case.load`).

    Returns
    -------
    pandas.DataFrame
        One row per round (``round_1``, ``round_2``) with ``row_id``, ``label``,
        ``amount_usd_m``, ``price_low_usd``, ``price_high_usd`` (the highest price
        carried, as above), ``price_confidence``, ``grams_min_bn`` and
        ``grams_max_bn`` (billions of Grams).
    """
    require_columns(
        token_sale,
        "token_sale",
        [
            "row_id",
            "label",
            "amount_usd_m",
            "price_low_usd",
            "price_high_usd",
            "planned_price_usd",
            "price_confidence",
        ],
    )
    rounds = token_sale[token_sale["row_id"].isin(["round_1", "round_2"])].copy()
    if len(rounds) != 2:
        raise ValueError("token_sale needs the rows 'round_1' and 'round_2'")
    if rounds["price_low_usd"].isna().any() or (rounds["price_low_usd"] <= 0).any():
        raise ValueError("token_sale: every round needs a positive price_low_usd")
    rounds["price_high_usd"] = (
        rounds["price_high_usd"].fillna(rounds["planned_price_usd"]).fillna(rounds["price_low_usd"])
    )
    # USD million ÷ USD per Gram = million Grams; ÷ 1000 = billion Grams.
    rounds["grams_min_bn"] = rounds["amount_usd_m"] / rounds["price_high_usd"] / 1000
    rounds["grams_max_bn"] = rounds["amount_usd_m"] / rounds["price_low_usd"] / 1000
    columns = [
        "row_id",
        "label",
        "amount_usd_m",
        "price_low_usd",
        "price_high_usd",
        "price_confidence",
        "grams_min_bn",
        "grams_max_bn",
    ]
    return rounds[columns].sort_values("row_id").reset_index(drop=True)


# --- the Howey test -------------------------------------------------------------------------

HOWEY_PRONGS = (
    "investment_of_money",
    "common_enterprise",
    "expectation_of_profit",
    "efforts_of_others",
)
"""The four prongs of the Howey test, in the order courts usually discuss them."""

PRONG_LABELS = {
    "investment_of_money": "an investment of money",
    "common_enterprise": "in a common enterprise",
    "expectation_of_profit": "with an expectation of profit",
    "efforts_of_others": "from the efforts of others",
}

AGAINST = "against"
"""Label for evidence that speaks against an investment contract."""


def howey_evidence() -> pd.DataFrame:
    """Statements from the case, each with its source id, for students to assign to a prong.

    The statements are data (``data/howey_evidence.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns ``evidence_id``, ``statement`` and ``source_id``; which prong a
        statement supports (or whether it speaks against an investment contract)
        is the student's judgement, so it is not in the table.
    """
    return load("howey_evidence")[["evidence_id", "statement", "source_id"]]


@dataclass(frozen=True)
class HoweyConclusion:
    """The outcome of :func:`howey_conclusion`.

    Attributes
    ----------
    investment_contract
        True when every prong is met.
    met, unmet
        The prongs found met and not met, in the order of :data:`HOWEY_PRONGS`.
    text
        The conclusion in words, with the caveat that this is a simplification.
    """

    investment_contract: bool
    met: tuple[str, ...]
    unmet: tuple[str, ...]
    text: str

    def __repr__(self) -> str:
        return self.text


def howey_conclusion(findings: Mapping[str, bool]) -> HoweyConclusion:
    """Turn a finding on each Howey prong into a conclusion.

    An investment contract (and so a security under US law) is an investment of
    money in a common enterprise with an expectation of profit from the efforts
    of others: all four prongs must be met.

    Parameters
    ----------
    findings
        A mapping with exactly the four names of :data:`HOWEY_PRONGS` as keys and
        ``True`` (met) or ``False`` (not met) as values.

    Returns
    -------
    HoweyConclusion

    Raises
    ------
    TypeError
        If ``findings`` is not a mapping, or a finding is not a boolean.
    ValueError
        If a prong name is unknown or a prong has no finding.

    Notes
    -----
    A teaching simplification: courts weigh the economic reality of the whole
    scheme, and a finding on one prong draws on the same facts as another.
    """
    _check_findings(findings)
    met = tuple(name for name in HOWEY_PRONGS if findings[name])
    unmet = tuple(name for name in HOWEY_PRONGS if not findings[name])
    caveat = (
        "(A simplification: a court weighs the economic reality of the whole scheme, "
        "not a checklist.)"
    )
    if not unmet:
        text = (
            "All four prongs are met: an investment of money, in a common enterprise, with "
            "an expectation of profit, from the efforts of others. On this test the "
            f"offering is an investment contract, that is, a security. {caveat}"
        )
    else:
        names = ", ".join(f"'{PRONG_LABELS[name]}'" for name in unmet)
        text = (
            f"Not an investment contract on this test: {len(unmet)} of 4 prongs not met "
            f"({names}). All four must be met. {caveat}"
        )
    return HoweyConclusion(investment_contract=not unmet, met=met, unmet=unmet, text=text)


def _check_findings(findings) -> None:
    """Raise a TypeError or ValueError that names what is wrong with ``findings``."""
    if not isinstance(findings, Mapping):
        raise TypeError(
            f"findings should be a dict of prong name -> True/False, not {type(findings).__name__}"
        )
    unknown = [name for name in findings if name not in HOWEY_PRONGS]
    if unknown:
        raise ValueError(
            f"findings has unknown prong name(s) {unknown!r}; the prongs are {list(HOWEY_PRONGS)}"
        )
    missing = [name for name in HOWEY_PRONGS if name not in findings]
    if missing:
        raise ValueError(
            f"findings has no finding for {missing!r}; every prong needs True "
            "or False before the test can conclude"
        )
    for name in HOWEY_PRONGS:
        value = findings[name]
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(
                f"findings[{name!r}] should be True or False, not {value!r} "
                f"({type(value).__name__})"
            )


# --- the investors' choice in 2020 --------------------------------------------------------


@dataclass(frozen=True)
class InvestorOptions:
    """Telegram's offer to the purchasers in spring 2020, per dollar they had paid.

    Attributes
    ----------
    refund_now
        Share of the purchase price paid back at once (0.72 for 72 %).
    repayment
        Share repaid if the money is treated as a loan instead (1.10 for 110 %).
    years
        Years until the loan is repaid.
    source_id
        Where the offer is documented.
    """

    refund_now: float
    repayment: float
    years: float
    source_id: str


def investor_options(sec_case: pd.DataFrame) -> InvestorOptions:
    """Read the two options of spring 2020 from the ``sec_case`` dataset.

    The rows ``investor_option_refund_now`` and ``investor_option_loan_110`` hold
    the percentages; the loan runs one year, as its description says.
    """
    require_columns(sec_case, "sec_case", ["entry_id", "value", "unit", "source_id"])
    rows = sec_case.set_index("entry_id")
    needed = ["investor_option_refund_now", "investor_option_loan_110"]
    missing = [entry for entry in needed if entry not in rows.index]
    if missing:
        raise ValueError(f"sec_case lacks the row(s) {missing}")
    for entry in needed:
        if rows.loc[entry, "unit"] != "percent" or pd.isna(rows.loc[entry, "value"]):
            raise ValueError(f"sec_case row {entry!r} should hold a value in percent")
    return InvestorOptions(
        refund_now=float(rows.loc[needed[0], "value"]) / 100,
        repayment=float(rows.loc[needed[1], "value"]) / 100,
        years=1.0,
        source_id=str(rows.loc[needed[1], "source_id"]),
    )


def loan_present_value(
    discount_rate, default_prob=0.0, *, repayment, years=1.0, recovery=0.0
) -> float:
    """Today's value of a promise to repay ``repayment`` per dollar in ``years`` years.

    Expected payoff = (1 − p) × repayment + p × recovery × repayment, discounted
    at ``discount_rate`` a year.

    Parameters
    ----------
    discount_rate
        The investor's yearly discount rate, as a fraction (0.10 for 10 %).
    default_prob
        Probability that the promise is not kept, between 0 and 1.
    repayment
        Amount promised per dollar (1.10 for 110 %).
    years
        Years until repayment.
    recovery
        Share of the promise recovered if it is not kept (0 by default).
    """
    rate = checked_rate("discount_rate", discount_rate)
    expected = _expected_repayment(default_prob, repayment, recovery)
    return expected / (1 + rate) ** positive("years", years)


def _expected_repayment(default_prob, repayment, recovery) -> float:
    """What the promise pays on average: (1 − p) × repayment + p × recovery × repayment."""
    p = fraction("default_prob", default_prob)
    rec = fraction("recovery", recovery)
    return positive("repayment", repayment) * ((1 - p) + p * rec)


def implied_return(refund_now, repayment, years=1.0) -> float:
    """The yearly return of waiting: giving up ``refund_now`` today for ``repayment`` later."""
    refund = positive("refund_now", refund_now)
    repay = positive("repayment", repayment)
    t = positive("years", years)
    return (repay / refund) ** (1 / t) - 1


def break_even_rate(default_prob=0.0, *, refund_now, repayment, years=1.0, recovery=0.0) -> float:
    """The discount rate at which the loan and the refund are worth the same.

    Below this rate the loan is worth more; above it, the refund.
    """
    expected = _expected_repayment(default_prob, repayment, recovery)
    refund = positive("refund_now", refund_now)
    return (expected / refund) ** (1 / positive("years", years)) - 1


def break_even_default(discount_rate, *, refund_now, repayment, years=1.0, recovery=0.0) -> float:
    """The default probability at which the loan and the refund are worth the same.

    Above it the refund is worth more. Returns 0.0 when the refund is worth
    more even with no default risk, and 1.0 when the loan is worth more even
    if it is certain to default (possible only with a large ``recovery``).
    """
    rate = checked_rate("discount_rate", discount_rate)
    refund = positive("refund_now", refund_now)
    repay = positive("repayment", repayment)
    t = positive("years", years)
    rec = fraction("recovery", recovery)
    if rec == 1.0:
        return 1.0 if repay / (1 + rate) ** t >= refund else 0.0
    # refund = repay × (1 − p (1 − rec)) / (1 + r)^t, solved for p
    p = (1 - refund * (1 + rate) ** t / repay) / (1 - rec)
    return min(max(p, 0.0), 1.0)


def investor_choice(
    discount_rate, default_prob, *, refund_now, repayment, years=1.0, recovery=0.0, tolerance=1e-9
) -> str:
    """``"loan"``, ``"refund"`` or ``"indifferent"``: which option is worth more today."""
    refund = positive("refund_now", refund_now)
    value = loan_present_value(
        discount_rate, default_prob, repayment=repayment, years=years, recovery=recovery
    )
    if math.isclose(value, refund, rel_tol=tolerance, abs_tol=tolerance):
        return "indifferent"
    return "loan" if value > refund else "refund"
