"""The figures of notebook 03: the Gram sale, its budget, the SEC case and the 2020 choice.

Each function returns a :class:`~telegram_case.plots.Chart` (figure plus text
alternative) drawn with the course conventions of :mod:`telegram_case.plots`, from
the arithmetic of :mod:`telegram_case.token_sale`:

- :func:`sale_rounds_chart` — the student's Grams per round, with their range, beside
  the SEC's total; its labels give the money and the prices, not the Grams.
- :func:`budget_chart` — the TON primer's budget by year, what was spent, what was raised.
- :func:`case_timeline_chart` — from the sale to the rename, the events of
  :data:`TIMELINE_EVENTS`, with the settlement's notice duty shaded.
- :func:`choice_chart` — the loan's value today against the discount rate, and the refund.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import plots
from .plots import PALETTE, Chart, finish_figure, new_figure, require_columns
from .token_sale import InvestorOptions, break_even_rate, grams_range, loan_present_value
from .validation import fraction
from .validation import rate as checked_rate

__all__ = [
    "TIMELINE_EVENTS",
    "budget_chart",
    "case_timeline_chart",
    "choice_chart",
    "sale_rounds_chart",
]


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
        "Horizontal bar chart of the Grams sold in the 2018 sale, in billions, as your answer "
        "to Q1 has them, with whiskers for each round's range. "
        f"Round 1: {_usd_from_millions(first['amount_usd_m'])} at {_price_text(first)} per "
        f"Gram. Round 2: {_usd_from_millions(second['amount_usd_m'])} at "
        f"{_price_text(second)} per Gram. Round 1's bar is {fewest:.1f} to {most:.1f} times "
        f"as long as round 2's. Both rounds per the SEC: about {total['grams_bn']:g} billion "
        "Grams."
    )


def _students_grams(rounds: pd.DataFrame, grams) -> pd.DataFrame:
    """``rounds`` with the Grams of ``grams`` (the student's answer to Q1) in place of its own."""
    if not isinstance(grams, pd.DataFrame):
        raise TypeError(f"grams should be a DataFrame (your Q1 answer), not {type(grams).__name__}")
    require_columns(grams, "grams", ["row_id", "grams_min_bn", "grams_max_bn"])
    given = grams.assign(row_id=grams["row_id"].astype(str)).set_index("row_id")
    missing = sorted(set(rounds["row_id"]) - set(given.index))
    if missing or given.index.duplicated().any():
        raise ValueError(f"grams should have one row for each of round_1 and round_2: {missing=}")
    values = given.loc[rounds["row_id"], ["grams_min_bn", "grams_max_bn"]]
    values = values.apply(pd.to_numeric, errors="coerce")
    if not (np.isfinite(values.to_numpy()).all() and (values >= 0).all().all()):
        raise ValueError("grams has a missing, negative or non-numeric number of Grams")
    # the chart draws a range: from the smaller of the two numbers to the larger
    low, high = values.min(axis=1).to_numpy(), values.max(axis=1).to_numpy()
    return rounds.assign(grams_min_bn=low, grams_max_bn=high)


def sale_rounds_chart(token_sale: pd.DataFrame, grams: pd.DataFrame) -> Chart:
    """Horizontal bars: the student's Grams per round, with their range, beside the SEC's total.

    The Grams are the student's answer to notebook 03's Q1, so the chart draws none of
    its own: a wrong answer shows as bars that do not add up to the SEC's total. The
    labels give the money and the prices.

    Parameters
    ----------
    token_sale
        The ``token_sale`` dataset; the ``total`` row is drawn for comparison.
    grams
        One row per round (``row_id`` ``round_1`` and ``round_2``) with ``grams_min_bn``
        and ``grams_max_bn``, in billions of Grams.
    """
    rounds = _students_grams(grams_range(token_sale), grams)
    total = token_sale[token_sale["row_id"] == "total"]
    if total.empty or pd.isna(total["grams_bn"].iloc[0]):
        raise ValueError("token_sale needs a 'total' row with grams_bn")
    total = total.iloc[0]
    fig, ax = new_figure((8.5, 3.4))
    ends = _draw_grams_bars(ax, rounds, total)
    ax.set_xlim(0, max(ends) * 2.6)
    ax.set_xlabel("Grams sold (billions, your Q1 answer); whiskers: your low to your high end")
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
        The offer, from :func:`~telegram_case.token_sale.investor_options`.
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
