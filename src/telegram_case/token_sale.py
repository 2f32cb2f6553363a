"""The Gram token sale of 2018 and SEC v. Telegram: Howey analysis, the 2020 choice, figures.

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
- :func:`sale_rounds_chart`, :func:`budget_chart`, :func:`case_timeline_chart`,
  :func:`choice_chart` — the figures, each a :class:`~telegram_case.plots.Chart`.
- :func:`choice_explorer` — the widget (a static view when nobody can interact).

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

from . import plots
from .checking import headless
from .datasets import load
from .plots import PALETTE, Chart, finish_figure, new_figure, require_columns
from .validation import fraction, positive
from .validation import rate as checked_rate
from .widgets import StaticView, chart_view, show_chart

__all__ = [
    "AGAINST",
    "HOWEY_PRONGS",
    "PRONG_LABELS",
    "TIMELINE_EVENTS",
    "HoweyConclusion",
    "InvestorOptions",
    "break_even_default",
    "break_even_rate",
    "budget_chart",
    "case_timeline_chart",
    "choice_chart",
    "choice_explorer",
    "choice_summary",
    "grams_range",
    "howey_conclusion",
    "howey_evidence",
    "implied_return",
    "investor_choice",
    "investor_options",
    "loan_present_value",
    "sale_rounds_chart",
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


# --- figures ----------------------------------------------------------------------------------


def _usd_from_millions(value_m: float) -> str:
    """'$850 M' or '$1.7 bn' from an amount in millions of US dollars."""
    return f"${value_m / 1000:g} bn" if value_m >= 1000 else f"${value_m:g} M"


def _escape_dollars(text: str) -> str:
    """Escape dollar signs, which matplotlib would otherwise read as maths."""
    return text.replace("$", r"\$")


def _price_text(row: pd.Series) -> str:
    """A round's price as the chart labels it: a range, or reported-to-planned."""
    if row["row_id"] == "round_2" and row["price_high_usd"] > row["price_low_usd"]:
        return f"${row['price_low_usd']:.2f} (reported) to ${row['price_high_usd']:.2f} (planned)"
    if row["price_high_usd"] > row["price_low_usd"]:
        return f"${row['price_low_usd']:.2f}–{row['price_high_usd']:.2f}"
    return f"about ${row['price_low_usd']:.2f} (reported)"


def _sale_rounds_alt_text(rounds: pd.DataFrame, total: pd.Series) -> str:
    """What the sale chart shows, in words, without the Grams each round sold."""
    first, second = rounds.iloc[0], rounds.iloc[1]
    fewest = first["grams_min_bn"] / second["grams_max_bn"]
    most = first["grams_max_bn"] / second["grams_min_bn"]
    return (
        "Horizontal bar chart of the Grams sold in the 2018 sale, in billions, with whiskers "
        "for the range each round's prices imply. "
        f"Round 1: {_usd_from_millions(first['amount_usd_m'])} at {_price_text(first)} per "
        f"Gram. Round 2: {_usd_from_millions(second['amount_usd_m'])} at "
        f"{_price_text(second)} per Gram. Round 1's bar is {fewest:.1f} to {most:.1f} times "
        f"as long as round 2's. Both rounds per the SEC: about {total['grams_bn']:g} billion "
        "Grams."
    )


def sale_rounds_chart(token_sale: pd.DataFrame) -> Chart:
    """Horizontal bars: Grams sold in each round, with the range its prices imply.

    The labels give the money and the prices, not the Grams: those are what
    students compute.

    Parameters
    ----------
    token_sale
        The ``token_sale`` dataset; the ``total`` row is drawn for comparison.
    """
    rounds = grams_range(token_sale)
    total = token_sale[token_sale["row_id"] == "total"]
    if total.empty or pd.isna(total["grams_bn"].iloc[0]):
        raise ValueError("token_sale needs a 'total' row with grams_bn")
    total = total.iloc[0]
    fig, ax = new_figure((8.5, 3.4))
    ends = _draw_grams_bars(ax, rounds, total)
    ax.set_xlim(0, max(ends) * 2.6)
    ax.set_xlabel("Grams sold (billions); whiskers: range from the reported and planned prices")
    ax.set_ylabel("Part of the sale")
    ax.invert_yaxis()
    sources = token_sale.loc[
        token_sale["row_id"].isin(["round_1", "round_2", "total"]), "source_id"
    ]
    finish_figure(
        fig,
        ax,
        title="Same money, different Grams: the two rounds of 2018",
        source_ids=sources,
        note="Grams per round = amount ÷ price. The prices are Telegram's asking "
        "prices; round 2's $1.33 is a secondary-source figure (medium-low "
        "confidence), and $1.45 was the planned price.",
    )
    return Chart(fig, _sale_rounds_alt_text(rounds, total))


def _draw_grams_bars(ax, rounds: pd.DataFrame, total: pd.Series) -> list[float]:
    """Bars for the rounds (whiskers: their range of Grams) and the SEC's total, labelled.

    Returns where each bar's marks end, for the axis limit.
    """
    low, high = rounds["grams_min_bn"].to_numpy(), rounds["grams_max_bn"].to_numpy()
    centre = (low + high) / 2
    bars = ax.barh(
        ["Round 1", "Round 2", "Both rounds (SEC)"],
        [*centre, total["grams_bn"]],
        color=[PALETTE["blue"], PALETTE["orange"], PALETTE["bluish_green"]],
        hatch=["", "//", ".."],
        edgecolor=PALETTE["black"],
    )
    # The price range becomes a range of Grams: show it as a whisker.
    ax.errorbar(
        centre,
        [0, 1],
        xerr=[centre - low, high - centre],
        fmt="none",
        color=PALETTE["black"],
        ecolor=PALETTE["black"],
        capsize=4,
        linewidth=1.2,
    )
    notes = [
        f"{_usd_from_millions(row['amount_usd_m'])} at {_price_text(row)} per Gram "
        f"(price: {row['price_confidence']} confidence)"
        for _, row in rounds.iterrows()
    ]
    notes.append(
        f"{_usd_from_millions(total['amount_usd_m'])} in total → about "
        f"{total['grams_bn']:g} bn Grams"
    )
    ends = [*high, total["grams_bn"]]
    for bar, note, end in zip(bars, notes, ends, strict=True):
        ax.text(
            end + 0.1,
            bar.get_y() + bar.get_height() / 2,
            _escape_dollars(note),
            va="center",
            fontsize=8,
        )
    return ends


def _budget_alt_text(years, projected, cumulative, budget_2017, actual, raised_m) -> str:
    """What the budget chart shows, in words (it does not pair the actual with a period)."""
    plan = ", ".join(f"{y} ${v:g} M" for y, v in zip(years, projected, strict=True))
    return (
        "Bar and line chart in millions of US dollars. "
        f"The 2017 budget was about ${budget_2017:g} M. Projected spending: {plan}, a running "
        f"total of ${cumulative[-1]:g} M by {years[-1]}. A diamond marks what Telegram told the "
        f"court it spent from January 2018 to January 2020: ${actual:g} M. "
        f"A dashed line marks the {_usd_from_millions(raised_m)} raised."
    )


def _budget_rows(ton_budget: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The budget lines by ``row_id``, and the projected years in order."""
    rows = ton_budget.set_index("row_id")
    needed = ["budget_2017_total", "spend_2018_2020", "budget_2018_2021_total"]
    missing = [r for r in needed if r not in rows.index]
    if missing:
        raise ValueError(f"ton_budget lacks the row(s) {missing}")
    projected = ton_budget[ton_budget["kind"] == "budget_projected"].sort_values("period_start")
    if projected.empty:
        raise ValueError("ton_budget has no rows of kind 'budget_projected'")
    return rows, projected


def budget_chart(ton_budget: pd.DataFrame, token_sale: pd.DataFrame) -> Chart:
    """The primer's budget by year, its running total, the actual spend and the money raised.

    Parameters
    ----------
    ton_budget
        The ``ton_budget`` dataset.
    token_sale
        The ``token_sale`` dataset (for the amount raised).
    """
    require_columns(
        ton_budget, "ton_budget", ["row_id", "kind", "period_start", "value", "source_id"]
    )
    require_columns(token_sale, "token_sale", ["row_id", "amount_usd_m", "source_id"])
    rows, projected = _budget_rows(ton_budget)
    raised = token_sale.set_index("row_id").loc["total"]
    years = list(projected["period_start"].dt.year)
    cumulative = projected["value"].cumsum().to_numpy()
    actual, budget_2017 = rows.loc["spend_2018_2020"], rows.loc["budget_2017_total"]
    fig, ax = new_figure((8.5, 4.6))
    _draw_budget_plan(ax, years, projected["value"], cumulative, budget_2017["value"])
    _draw_spent_and_raised(ax, actual["value"], raised["amount_usd_m"])
    ax.set_xticks([2017, *years], ["2017\n(actual)", *[str(y) for y in years]])
    ax.set_xlabel("Year")
    ax.set_ylabel("US dollars (millions)")
    ax.set_ylim(0, raised["amount_usd_m"] * 1.12)
    ax.legend(loc="upper left", fontsize=8, bbox_to_anchor=(0.0, 0.84))
    finish_figure(
        fig,
        ax,
        title="What the primer said the money was for, and what was spent",
        source_ids=[
            *projected["source_id"],
            actual["source_id"],
            budget_2017["source_id"],
            raised["source_id"],
        ],
        note="Projections from the TON primer (2018); the actual spend covers TON and "
        "the Messenger and runs one month into 2020.",
    )
    alt = _budget_alt_text(
        years,
        projected["value"],
        cumulative,
        budget_2017["value"],
        actual["value"],
        raised["amount_usd_m"],
    )
    return Chart(fig, alt)


def _draw_budget_plan(ax, years, projected, cumulative, budget_2017: float) -> None:
    """The 2017 budget and the projected years as bars, the projection's running total as a line."""
    ax.bar(
        [2017],
        [budget_2017],
        color=PALETTE["blue"],
        edgecolor=PALETTE["black"],
        width=0.6,
        label="2017 budget (actual)",
    )
    ax.bar(
        years,
        projected,
        color=PALETTE["sky_blue"],
        hatch="//",
        edgecolor=PALETTE["black"],
        width=0.6,
        label="Projected spending per year",
    )
    ax.plot(
        years,
        cumulative,
        color=PALETTE["orange"],
        marker="o",
        linestyle="-",
        label="Projected spending, running total",
    )
    for year, value in zip(years, cumulative, strict=True):
        ax.annotate(
            _escape_dollars(f"${value:g} M"),
            (year, value),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8,
        )


def _draw_spent_and_raised(ax, spent: float, raised: float) -> None:
    """What was spent by January 2020 as a diamond, and what the sale raised as a dashed line."""
    # Drawn late in 2019: the spend runs from January 2018 to January 2020.
    label = "Actually spent, Jan 2018–Jan 2020 (told to the court)"
    _mark_point(ax, 2019.45, spent, PALETTE["vermillion"], label)
    ax.annotate(
        _escape_dollars(f"${spent:g} M spent by Jan 2020"),
        (2019.45, spent),
        textcoords="offset points",
        xytext=(-10, 12),
        fontsize=8,
        ha="right",
        va="bottom",
    )
    label = _escape_dollars(f"Raised in the 2018 sale (about {_usd_from_millions(raised)})")
    plots.reference_line(ax, raised, "bluish_green", label)


def _mark_point(ax, x, y, colour: str, label: str | None, *, marker="D", size=9) -> None:
    """A single fact as one marker outlined in black, with its legend label."""
    ax.plot(
        [x],
        [y],
        marker=marker,
        markersize=size,
        linestyle="none",
        color=colour,
        markeredgecolor=PALETTE["black"],
        label=label,
    )


# (event_id in data/events.csv, short label, phase)
TIMELINE_EVENTS = (
    ("ton_round_1_start", "Round 1 starts: $850 M from 81 investors", "sale"),
    ("ton_round_2_start", "Round 2 starts: $850 M from 94 investors", "sale"),
    ("sec_complaint_and_tro", "SEC complaint and restraining order", "court"),
    ("sec_preliminary_injunction", "Preliminary injunction (Judge Castel)", "court"),
    ("injunction_no_us_carve_out", "No carve-out for non-US buyers", "court"),
    ("free_ton_fork", "Community fork: Free TON", "afterwards"),
    ("telegram_ends_ton", "Telegram ends its involvement in TON", "telegram"),
    ("sec_settlement_approved", "Settlement: $1.224 bn back, $18.5 M penalty", "court"),
    ("ton_handover_to_community", "ton.org handed to the community: Toncoin", "afterwards"),
    ("fragment_launch", "Fragment: username auctions in Toncoin", "telegram"),
    ("ton_space_wallet", "TON Space wallet inside Telegram", "telegram"),
    ("ad_revenue_share_announced", "Channel ad revenue paid out in Toncoin", "telegram"),
    ("ton_only_mini_apps", "Mini Apps must use TON only", "telegram"),
    ("toncoin_to_gram_effective", "Toncoin renamed 'Gram' (crypto press)", "afterwards"),
)

_PHASES = {
    "sale": ("The 2018 sale", PALETTE["blue"], "o"),
    "court": ("SEC and the court", PALETTE["vermillion"], "s"),
    "telegram": ("Telegram's own steps", PALETTE["orange"], "^"),
    "afterwards": ("The TON community", PALETTE["bluish_green"], "D"),
}


def _date_label(date: pd.Timestamp, precision: str) -> str:
    if precision in ("month", "quarter", "year"):
        return f"{date:%b %Y}"
    return f"{date.day} {date:%b %Y}"


def _timeline_rows(events: pd.DataFrame, sec_case: pd.DataFrame):
    """The events of :data:`TIMELINE_EVENTS` by id, and the settlement's notice-duty row."""
    require_columns(events, "events", ["event_id", "date", "date_precision", "source_id"])
    require_columns(sec_case, "sec_case", ["entry_id", "date", "value", "source_id"])
    indexed = events.set_index("event_id")
    missing = [event_id for event_id, _, _ in TIMELINE_EVENTS if event_id not in indexed.index]
    if missing:
        raise ValueError(f"events lacks the row(s) {missing}")
    entries = sec_case.set_index("entry_id")
    if "notice_duty" not in entries.index:
        raise ValueError("sec_case lacks the row 'notice_duty'")
    return indexed, entries.loc["notice_duty"]


def _timeline_alt_text(indexed: pd.DataFrame, duty_start, duty_end) -> str:
    """What the timeline shows, in words: every event in order, and the notice duty."""
    order = "; ".join(
        f"{_date_label(indexed.loc[e, 'date'], indexed.loc[e, 'date_precision'])}: {label}"
        for e, label, _ in TIMELINE_EVENTS
    )
    return (
        f"Timeline with one row per event, from the start of the sale to the rename: "
        f"{order}. A shaded band marks the three-year duty to notify the SEC, "
        f"{duty_start:%B %Y} to {duty_end:%B %Y}."
    )


def case_timeline_chart(events: pd.DataFrame, sec_case: pd.DataFrame) -> Chart:
    """From the sale to the rename: one row per event, with the SEC notice period shaded.

    Parameters
    ----------
    events
        The ``events`` dataset; the rows named in :data:`TIMELINE_EVENTS` are drawn.
    sec_case
        The ``sec_case`` dataset (for the three-year notice duty).
    """
    indexed, duty = _timeline_rows(events, sec_case)
    duty_start = duty["date"]
    duty_end = duty_start + pd.DateOffset(years=int(duty["value"]))
    fig, ax = new_figure((9.0, 5.6))
    ax.axvspan(
        duty_start,
        duty_end,
        color=PALETTE["black"],
        alpha=0.07,
        hatch="..",
        label=f"SEC notice duty ({int(duty['value'])} years)",
    )
    _draw_timeline_events(ax, indexed)
    ax.set_ylim(len(TIMELINE_EVENTS) - 0.4, -0.8)
    ax.set_yticks([])
    ax.set_xlim(pd.Timestamp("2017-10-01"), pd.Timestamp("2026-12-31"))
    ax.set_xlabel("Date")
    ax.set_ylabel("Events in order")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right", fontsize=8)
    wanted = [event_id for event_id, _, _ in TIMELINE_EVENTS]
    finish_figure(
        fig,
        ax,
        title="The Gram sale, the SEC case and what came after, 2018–2026",
        source_ids=[*indexed.loc[wanted, "source_id"], duty["source_id"]],
        note="Shaded: the settlement's duty to notify SEC staff before taking part in "
        "any digital-asset issuance. Month-precision dates are shown as the month. "
        "The rename to 'Gram' is reported by crypto press only (medium "
        "confidence).",
    )
    return Chart(fig, _timeline_alt_text(indexed, duty_start, duty_end))


def _draw_timeline_events(ax, indexed: pd.DataFrame) -> None:
    """One row per event of :data:`TIMELINE_EVENTS`: a marker for its phase, and its label."""
    midpoint, shown = pd.Timestamp("2022-01-01"), set()
    for position, (event_id, label, phase) in enumerate(TIMELINE_EVENTS):
        row = indexed.loc[event_id]
        name, colour, marker = _PHASES[phase]
        legend = None if phase in shown else name  # one legend entry per phase
        _mark_point(ax, row["date"], position, colour, legend, marker=marker, size=8)
        shown.add(phase)
        text = _escape_dollars(f"{_date_label(row['date'], row['date_precision'])}: {label}")
        right = row["date"] < midpoint  # labels point towards the middle of the time axis
        ax.annotate(
            text,
            (row["date"], position),
            textcoords="offset points",
            xytext=(8 if right else -8, 0),
            ha="left" if right else "right",
            va="center",
            fontsize=8,
        )


def _choice_alt_text(
    options: InvestorOptions, rate: float, p: float, value: float, even: float
) -> str:
    """What the choice chart shows, in words, for the investor it marks."""
    crossing = (
        f"With {p:.0%} default risk the lines cross at a discount rate of {even:.1%}. "
        if 0 <= even <= 1
        else f"With {p:.0%} default risk the loan line stays below the refund. "
    )
    return (
        f"Line chart of the loan's value today per dollar paid, falling from "
        f"{options.repayment:.2f} at a 0 % discount rate as the rate rises, against a "
        f"horizontal line at the refund of {options.refund_now:.2f}. {crossing}"
        f"The marked investor, at {rate:.0%}, values the loan at {value:.2f}."
    )


def choice_chart(
    options: InvestorOptions, *, discount_rate: float = 0.10, default_prob: float = 0.25
) -> Chart:
    """Today's value of the loan against the discount rate, and the 72 % refund.

    Parameters
    ----------
    options
        The offer, from :func:`investor_options`.
    discount_rate, default_prob
        The investor to mark on the chart (fractions).
    """
    if not isinstance(options, InvestorOptions):
        raise TypeError(
            f"options should be an InvestorOptions (from investor_options), not "
            f"{type(options).__name__}"
        )
    rate = checked_rate("discount_rate", discount_rate)
    p = fraction("default_prob", default_prob)
    terms = {"repayment": options.repayment, "years": options.years}
    fig, ax = new_figure((8.5, 4.6))
    _draw_option_values(ax, options, p)
    value = loan_present_value(rate, p, **terms)
    _mark_point(ax, rate * 100, value, PALETTE["black"], "Your investor")
    even = break_even_rate(p, refund_now=options.refund_now, **terms)
    if 0 <= even <= 1:
        label = f"Break-even discount rate at {p:.0%} default risk: {even:.1%}"
        plots.reference_line(ax, even * 100, "reddish_purple", label, vertical=True, style=":")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, max(options.repayment, options.refund_now) * 1.1)
    ax.set_xlabel("Investor's discount rate (% a year)")
    ax.set_ylabel(_escape_dollars("Value today per $1 paid in 2018 (USD)"))
    ax.legend(loc="upper right", fontsize=8)
    wait = "a year" if options.years == 1 else f"{options.years:g} years"
    power = "" if options.years == 1 else f" ^ {options.years:g}"
    finish_figure(
        fig,
        ax,
        title=f"Take {options.refund_now:.0%} now, or wait {wait} for {options.repayment:.0%}?",
        source_ids=[options.source_id],
        note=f"Model: value = (1 − default probability) × {options.repayment:.2f} ÷ "
        f"(1 + rate){power}; nothing is recovered on default.",
    )
    return Chart(fig, _choice_alt_text(options, rate, p, value, even))


def _draw_option_values(ax, options: InvestorOptions, default_prob: float) -> None:
    """The loan's value today by discount rate, without and with default risk; the refund."""
    terms = {"repayment": options.repayment, "years": options.years}
    rates = np.linspace(0.0, 1.0, 101)
    ax.plot(
        rates * 100,
        [loan_present_value(r, 0.0, **terms) for r in rates],
        color=PALETTE["orange"],
        linestyle="--",
        label="Loan, no default risk",
    )
    if default_prob > 0:
        ax.plot(
            rates * 100,
            [loan_present_value(r, default_prob, **terms) for r in rates],
            color=PALETTE["blue"],
            linestyle="-",
            marker="o",
            markevery=10,
            label=f"Loan, {default_prob:.0%} default risk",
        )
    label = f"Refund now: {options.refund_now:.0%} of the price"
    plots.reference_line(ax, options.refund_now, "vermillion", label, style="-.")


def choice_summary(options: InvestorOptions, discount_rate: float, default_prob: float) -> str:
    """One paragraph: what the loan is worth to this investor, and where the choice flips."""
    terms = {
        "refund_now": options.refund_now,
        "repayment": options.repayment,
        "years": options.years,
    }
    value = loan_present_value(
        discount_rate, default_prob, repayment=options.repayment, years=options.years
    )
    choice = investor_choice(discount_rate, default_prob, **terms)
    verdict = {
        "loan": "the loan is worth more",
        "refund": "the refund is worth more",
        "indifferent": "the two are worth the same",
    }[choice]
    even_rate = break_even_rate(default_prob, **terms)
    even_default = break_even_default(discount_rate, **terms)
    if even_default <= 0:
        flip = f"at a {discount_rate:.0%} discount rate the refund wins even with no default risk."
    else:
        flip = (
            f"at a {discount_rate:.0%} discount rate the refund wins once the default "
            f"probability exceeds {even_default:.1%}."
        )
    wait = "in a year" if options.years == 1 else f"in {options.years:g} years"
    return (
        f"At a discount rate of {discount_rate:.0%} and a default probability of "
        f"{default_prob:.0%}, the promise of {options.repayment:.0%} {wait} is worth "
        f"{value * 100:.1f} cents per dollar today, against {options.refund_now * 100:.0f} cents "
        f"now: {verdict}. "
        f"With this default risk the two are equal at a discount rate of {even_rate:.1%}; "
        f"{flip}"
    )


def choice_explorer(
    sec_case: pd.DataFrame, *, discount_rate: float = 0.10, default_prob: float = 0.25
):
    """Explore the 2020 choice: sliders for the discount rate and the default probability.

    It opens on an investor with some default risk, whose break-even points are
    not the ones the notebook's questions ask for.

    Returns an ipywidgets box in JupyterLab, or (when headless) the static
    default view: the chart and the summary.
    """
    options = investor_options(sec_case)
    rate = checked_rate("discount_rate", discount_rate)
    p = fraction("default_prob", default_prob)
    if headless():
        return StaticView(
            choice_chart(options, discount_rate=rate, default_prob=p),
            choice_summary(options, rate, p),
        )

    import ipywidgets as w

    def percent_slider(description: str, value: float, high: float):
        return w.FloatSlider(
            value=value,
            min=0.0,
            max=high,
            step=0.01,
            description=description,
            readout_format=".0%",
            style={"description_width": "initial"},
        )

    rate_slider = percent_slider("Discount rate", rate, 1.0)
    default_slider = percent_slider("Default probability", p, 0.6)
    summary = w.HTML()
    out = chart_view()

    def redraw(*_):
        summary.value = f"<p>{choice_summary(options, rate_slider.value, default_slider.value)}</p>"
        show_chart(
            out,
            choice_chart(
                options, discount_rate=rate_slider.value, default_prob=default_slider.value
            ),
        )

    for control in (rate_slider, default_slider):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([rate_slider, default_slider]), summary, out])
