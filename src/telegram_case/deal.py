"""The xAI/Grok deal of 28 May 2025: a scenario model, a sensitivity grid, a deal simulator.

Pavel Durov announced a one-year partnership with Elon Musk's xAI: $300 M in
cash and xAI equity paid to Telegram, plus 50 % of the revenue from xAI
subscriptions sold through Telegram.
The same day Musk wrote "No deal has been signed"; no signing was ever reported,
and the integration never came (``load("xai_deal")``; that the deal was not
realised is inferred from reporting, so the outcome's confidence is medium).

**Every value this module computes is hypothetical.**
The announced terms (the fixed payment, the revenue share, the reach, the
one-year term) come from the data; everything else a scenario needs (how many
users the offer would reach, what share of them would subscribe, the monthly
price, the months) is a *scenario assumption*, not a fact and not a forecast.

The model, in the units the course uses throughout::

    value (USD million) = fixed payment (USD million)
                          + share × users reached (million) × conversion × monthly price (USD)
                                  × months

Users are counted in millions, so millions × dollars gives USD million.
The revenue share is the **contingent** part of the value: its amount depends on
subscriptions being sold. The fixed payment is not contingent, although the part of
it paid in xAI shares would be worth what xAI turned out to be worth.

The figures are in :mod:`telegram_case.deal_charts` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .checking import headless
from .datasets import load
from .deal_charts import (
    NOT_SIGNED,
    REVENUE_SOURCE,
    TERMS_SOURCE,
    breakdown_chart,
    percent,
    premium_yardstick_chart,
    scenario_chart,
    sensitivity_heatmap,
)
from .plots import require_columns
from .validation import at_least_zero, fraction, positive
from .widgets import StaticView, live_view

__all__ = [
    "ANNOUNCED_FIXED_PAYMENT",
    "ANNOUNCED_SHARE",
    "NOT_SIGNED",
    "REVENUE_SOURCE",
    "SENTENCE_KINDS",
    "TERMS_SOURCE",
    "AnnouncedTerms",
    "announced_terms",
    "breakdown_chart",
    "breakeven_conversion",
    "deal_breakdown",
    "deal_simulator",
    "deal_value",
    "premium_since_launch",
    "premium_yardstick_chart",
    "report_sentences",
    "revenue_share_value",
    "scenario_assumptions",
    "scenario_chart",
    "scenario_values",
    "sensitivity_grid",
    "sensitivity_heatmap",
    "simulator_summary",
]

# The announced terms (xai_deal rows payment_to_telegram and revenue_share); the tests
# check that these defaults still match the data.
ANNOUNCED_FIXED_PAYMENT = 300.0  # USD million
ANNOUNCED_SHARE = 0.5  # fraction of xAI subscription revenue sold via Telegram


# --- the announced terms --------------------------------------------------------------------


@dataclass(frozen=True)
class AnnouncedTerms:
    """The figures of the deal as Durov announced them on 28 May 2025 (no signing reported).

    Attributes
    ----------
    fixed_payment
        Payment to Telegram in cash and xAI equity, in USD million.
    revenue_share
        Telegram's share of xAI subscription revenue sold via Telegram, as a fraction.
    users_reached
        The reach Durov announced ("billion+ users"), in million users.
    months
        The term of the partnership, in months.
    """

    fixed_payment: float
    revenue_share: float
    users_reached: float
    months: float


_TERM_UNITS = {
    "payment_to_telegram": "USD million",
    "revenue_share": "percent",
    "reach": "million users",
    "duration": "years",
}


def announced_terms() -> AnnouncedTerms:
    """The announced figures, read from the ``xai_deal`` dataset.

    Returns
    -------
    AnnouncedTerms
        Fixed payment (USD million), revenue share (fraction), reach (million users)
        and term (months).
    """
    terms = load("xai_deal").set_index("term_id")
    for term_id, unit in _TERM_UNITS.items():
        if term_id not in terms.index or terms.loc[term_id, "unit"] != unit:
            raise ValueError(f"xai_deal has no row {term_id!r} in {unit!r}; the data changed")
    return AnnouncedTerms(
        fixed_payment=float(terms.loc["payment_to_telegram", "value"]),
        revenue_share=float(terms.loc["revenue_share", "value"]) / 100,
        users_reached=float(terms.loc["reach", "value"]),
        months=float(terms.loc["duration", "value"]) * 12,
    )


# --- the scenario model ---------------------------------------------------------------------


def revenue_share_value(
    users_reached, conversion, monthly_price, months, *, share=ANNOUNCED_SHARE
) -> float:
    """Telegram's hypothetical part of the subscription revenue, in USD million.

    Parameters
    ----------
    users_reached
        Users the offer reaches, in millions (scenario assumption, zero or more).
    conversion
        Fraction of the users reached who subscribe (assumption, 0 to 1).
    monthly_price
        Subscription price in USD per month (assumption, zero or more).
    months
        Months of subscription revenue (positive; the announced term is 12).
    share
        Telegram's share of that revenue (0 to 1; announced: 0.5).

    Returns
    -------
    float
        share × users_reached × conversion × monthly_price × months.

    Raises
    ------
    TypeError
        If an argument is not a number.
    ValueError
        If an argument is out of range; the message names it and its value.
    """
    users = at_least_zero("users_reached", users_reached, unit="million users")
    rate = fraction("conversion", conversion)
    price = at_least_zero("monthly_price", monthly_price, unit="USD per month")
    term = positive("months", months, unit="months")
    part = fraction("share", share)
    return part * users * rate * price * term


def deal_value(
    users_reached,
    conversion,
    monthly_price,
    months,
    *,
    share=ANNOUNCED_SHARE,
    fixed_payment=ANNOUNCED_FIXED_PAYMENT,
) -> float:
    """Hypothetical value of the announced deal to Telegram, in USD million.

    The fixed payment plus Telegram's share of the subscription revenue (see
    :func:`revenue_share_value` for the parameters).
    No signing was ever reported: the result is a what-if value, not a forecast.

    Parameters
    ----------
    users_reached, conversion, monthly_price, months, share
        As in :func:`revenue_share_value`.
    fixed_payment
        The fixed payment in USD million (zero or more; announced: 300).

    Returns
    -------
    float
        fixed_payment + share × users_reached × conversion × monthly_price × months.

    Raises
    ------
    TypeError, ValueError
        On a non-number or an absurd input (negative users, a conversion or share
        outside 0–1, non-positive months); the message names the argument and value.

    Examples
    --------
    >>> deal_value(1000, 0.005, 10, 12)
    600.0
    """
    fixed = at_least_zero("fixed_payment", fixed_payment, unit="USD million")
    return fixed + revenue_share_value(
        users_reached, conversion, monthly_price, months, share=share
    )


def breakeven_conversion(
    users_reached,
    monthly_price,
    months,
    *,
    share=ANNOUNCED_SHARE,
    fixed_payment=ANNOUNCED_FIXED_PAYMENT,
) -> float:
    """The conversion at which Telegram's revenue share would equal the fixed payment.

    Solves share × users_reached × conversion × monthly_price × months = fixed_payment.

    Returns
    -------
    float
        A fraction; it can exceed 1, which means no conversion rate gets there.

    Raises
    ------
    ValueError
        If users, price, months or share is zero or negative (nothing to divide by),
        or an argument is out of range.
    """
    fixed = at_least_zero("fixed_payment", fixed_payment, unit="USD million")
    users = positive("users_reached", users_reached, unit="million users")
    price = positive("monthly_price", monthly_price, unit="USD per month")
    term = positive("months", months, unit="months")
    part = fraction("share", share)
    if part == 0:
        raise ValueError("share must be above 0 for a break-even conversion, not 0")
    return fixed / (part * users * price * term)


def deal_breakdown(
    revenue_share, *, fixed_payment=ANNOUNCED_FIXED_PAYMENT, equity_fraction=0.5
) -> dict:
    """Split a hypothetical deal value into cash, xAI equity and the contingent revenue share.

    ``revenue_share`` is Telegram's share of the subscription revenue in USD million
    (:func:`revenue_share_value`), ``fixed_payment`` as in :func:`deal_value`. The
    announcement said "cash and equity" without the split, so ``equity_fraction`` (the
    part of the fixed payment paid in xAI shares) is an assumption; shares in a private
    company are worth what xAI turns out to be worth.

    Returns
    -------
    dict
        ``cash``, ``equity``, ``revenue_share`` and ``total`` in USD million, and
        ``contingent_fraction``: the revenue share's part of the total (0 when the
        total is 0), the same quantity as in :func:`scenario_values`.
    """
    fixed = at_least_zero("fixed_payment", fixed_payment, unit="USD million")
    in_equity = fraction("equity_fraction", equity_fraction)
    revenue = at_least_zero("revenue_share", revenue_share, unit="USD million")
    total = fixed + revenue
    return {
        "cash": fixed * (1 - in_equity),
        "equity": fixed * in_equity,
        "revenue_share": revenue,
        "total": total,
        "contingent_fraction": revenue / total if total else 0.0,
    }


# --- scenarios ------------------------------------------------------------------------------


_SCENARIOS = (
    (
        "cautious",
        500.0,
        0.002,
        5.0,
        12.0,
        "Half of the announced reach ever sees the offer; 1 in 500 of them subscribes; "
        "about the price of Telegram Premium.",
    ),
    (
        "middle",
        1000.0,
        0.004,
        10.0,
        12.0,
        "The announced reach; 1 in 250 users subscribes (4 million people); $10 a month.",
    ),
    (
        "optimistic",
        1000.0,
        0.015,
        15.0,
        12.0,
        "The announced reach; as large a share as paid for Telegram Premium in May 2025 "
        "(about 1.5 %); $15 a month.",
    ),
)


def scenario_assumptions() -> pd.DataFrame:
    """Three what-if scenarios: assumptions, not facts and not forecasts.

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario``, ``users_reached`` (million), ``conversion`` (fraction),
        ``monthly_price`` (USD per month), ``months``, ``basis`` (why these numbers) and
        ``status`` (always ``"assumption"``).
    """
    frame = pd.DataFrame(
        _SCENARIOS,
        columns=["scenario", "users_reached", "conversion", "monthly_price", "months", "basis"],
    )
    frame["status"] = "assumption"
    return frame


def scenario_values(
    assumptions: pd.DataFrame, *, share=ANNOUNCED_SHARE, fixed_payment=ANNOUNCED_FIXED_PAYMENT
) -> pd.DataFrame:
    """The hypothetical value of each scenario, and how much of it is contingent.

    Parameters
    ----------
    assumptions
        Columns ``scenario``, ``users_reached``, ``conversion``, ``monthly_price``,
        ``months`` (see :func:`scenario_assumptions`).

    Returns
    -------
    pandas.DataFrame
        ``scenario``, ``fixed_payment``, ``revenue_share_value``, ``total_value`` (USD
        million) and ``contingent_fraction`` (the revenue share's part of the total).
    """
    require_columns(
        assumptions,
        "assumptions",
        ["scenario", "users_reached", "conversion", "monthly_price", "months"],
    )
    rows = []
    for row in assumptions.itertuples(index=False):
        revenue = revenue_share_value(
            row.users_reached, row.conversion, row.monthly_price, row.months, share=share
        )
        total = deal_value(
            row.users_reached,
            row.conversion,
            row.monthly_price,
            row.months,
            share=share,
            fixed_payment=fixed_payment,
        )
        rows.append(
            {
                "scenario": row.scenario,
                "fixed_payment": float(fixed_payment),
                "revenue_share_value": revenue,
                "total_value": total,
                "contingent_fraction": revenue / total if total else 0.0,
            }
        )
    return pd.DataFrame(rows)


def sensitivity_grid(
    conversions: Sequence[float],
    prices: Sequence[float],
    *,
    users_reached=1000.0,
    months=12.0,
    share=ANNOUNCED_SHARE,
    fixed_payment=ANNOUNCED_FIXED_PAYMENT,
) -> pd.DataFrame:
    """Hypothetical deal values for every pair of conversion rate and monthly price.

    Parameters
    ----------
    conversions
        Conversion rates (fractions, 0 to 1), one row each.
    prices
        Monthly prices in USD, one column each.
    users_reached, months, share, fixed_payment
        Held fixed across the grid (see :func:`deal_value`).

    Returns
    -------
    pandas.DataFrame
        Index ``conversion``, columns ``monthly_price``, values in USD million.
    """
    conversions, prices = list(conversions), list(prices)
    if not conversions or not prices:
        raise ValueError(
            f"conversions and prices must not be empty, got {len(conversions)} "
            f"conversion(s) and {len(prices)} price(s)"
        )
    values = [
        [
            deal_value(users_reached, c, p, months, share=share, fixed_payment=fixed_payment)
            for p in prices
        ]
        for c in conversions
    ]
    return pd.DataFrame(
        values,
        index=pd.Index(conversions, name="conversion", dtype="float64"),
        columns=pd.Index(prices, name="monthly_price", dtype="float64"),
    )


# --- the yardstick: Telegram Premium since its launch -----------------------------------------


def premium_since_launch() -> pd.DataFrame:
    """Telegram Premium's reported paying subscribers, by months since its launch.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``months_since_launch``, ``subscribers`` (million) and ``source_id``:
        the launch (``events`` row ``premium_launch_and_700m``, 21 June 2022, zero
        subscribers), then the ``monetization`` rows ``premium_subscribers``.
    """
    launch = load("events").set_index("event_id").loc["premium_launch_and_700m"]
    money = load("monetization")
    premium = money[money["item"] == "premium_subscribers"].sort_values("period_start")
    frame = pd.DataFrame(
        {
            "date": [launch["date"], *premium["period_start"]],
            "subscribers": [0.0, *premium["value"].astype("float64")],
            "source_id": [launch["source_id"], *premium["source_id"]],
        }
    )
    frame.insert(1, "months_since_launch", (frame["date"] - launch["date"]).dt.days / 30.4375)
    return frame


# --- source criticism: the news report's sentences -----------------------------------------

SENTENCE_KINDS = ("reported fact", "company claim", "forecast", "interpretation")
"""The kinds of statement in the news report (see :func:`report_sentences`)."""


def report_sentences(*, outcomes: bool = False) -> pd.DataFrame:
    """Clauses of a German news report of 28 May 2025 on the deal, for classifying.

    Each row quotes only the clause to classify (``clause_de``, quoted exactly), with an
    English translation (``clause_en``) and a paraphrase of the rest of its sentence
    (``context_en``); data: ``load("report_sentences")``.

    Parameters
    ----------
    outcomes
        ``False`` (default): ``sentence_id``, ``clause_de``, ``clause_en``,
        ``context_en``, to classify without seeing a kind. ``True``: ``sentence_id``,
        ``clause_en``, ``held`` (whether what the clause asserts held up by January
        2026), ``outcome``, ``outcome_confidence`` and ``source_id`` (the evidence).
        Neither shows the kinds: they are the answers of notebook 04's Q6.
    """
    frame = load("report_sentences")
    if outcomes:
        columns = ["sentence_id", "clause_en", "held", "outcome", "outcome_confidence", "source_id"]
    else:
        columns = ["sentence_id", "clause_de", "clause_en", "context_en"]
    return frame[columns].reset_index(drop=True)


# --- the deal simulator ---------------------------------------------------------------------


def _fy2024_revenue() -> float:
    money = load("monetization").set_index("row_id")
    return float(money.loc["fy2024_revenue", "value"])


def _breakdown(users_reached, conversion, monthly_price, months, *, share, **split) -> dict:
    revenue = revenue_share_value(users_reached, conversion, monthly_price, months, share=share)
    return deal_breakdown(revenue, **split)


def simulator_summary(
    users_reached,
    conversion,
    monthly_price,
    months,
    *,
    share=ANNOUNCED_SHARE,
    reference: float | None = None,
    **split,
) -> str:
    """The simulator's sentences: the value, what was fixed and what was contingent.

    ``split`` is :func:`deal_breakdown`'s (``fixed_payment``, ``equity_fraction``);
    ``reference`` is the revenue the value is compared with.
    """
    parts = _breakdown(users_reached, conversion, monthly_price, months, share=share, **split)
    fixed_payment, total = parts["cash"] + parts["equity"], parts["total"]
    text = (
        f"Hypothetical value: ${total:,.0f} M over {months:g} months "
        f"({users_reached:,.0f} M users reached × {percent(conversion)} conversion × "
        f"${monthly_price:g} a month × {percent(share)} share, "
        f"plus ${fixed_payment:,.0f} M fixed). "
        f"Fixed by the terms: ${fixed_payment:,.0f} M, of which ${parts['equity']:,.0f} M "
        "in xAI shares (an assumed split), worth what xAI turns out to be worth. "
    )
    if total:
        text += (
            f"Contingent on subscriptions being sold: ${parts['revenue_share']:,.0f} M "
            f"({parts['contingent_fraction'] * 100:.0f} % of the value). "
        )
    if reference:
        text += f"That is {total / reference * 100:.0f} % of Telegram's 2024 revenue. "
    return text + "And all of it depended on a signature: no signing was ever reported."


def _simulator_sliders(
    users_reached, conversion, monthly_price, months, share, equity_fraction
) -> dict:
    import ipywidgets as w

    style, layout = {"description_width": "220px"}, w.Layout(width="560px")

    def slider(value, low, high, step, description, **options):
        return w.FloatSlider(
            value=value,
            min=low,
            max=high,
            step=step,
            style=style,
            layout=layout,
            description=description,
            **options,
        )

    return {
        "users": slider(users_reached, 0, 1000, 50, "Users reached (million)"),
        "rate": slider(
            conversion * 100, 0, 5, 0.1, "Conversion (% who subscribe)", readout_format=".1f"
        ),
        "price": slider(monthly_price, 0, 40, 1, "Monthly price (USD)"),
        "months": slider(months, 1, 36, 1, "Months of revenue"),
        "share": slider(share * 100, 0, 100, 5, "Telegram's share (%)"),
        "equity": slider(equity_fraction * 100, 0, 100, 10, "Equity part of the $300 M (%)"),
    }


def deal_simulator(
    *,
    users_reached=800.0,
    conversion=0.012,
    monthly_price=8.0,
    months=12.0,
    share=ANNOUNCED_SHARE,
    fixed_payment=ANNOUNCED_FIXED_PAYMENT,
    equity_fraction=0.5,
):
    """Sliders for the scenario assumptions; shows the value and what was contingent.

    Returns an ipywidgets box in JupyterLab, or (when headless: grading or a batch
    run) the static default view, the chart and the summary sentences.
    The default state is none of the three scenarios (it answers no question of
    notebook 04), with an even cash/equity split (the split was not disclosed).
    """
    options = {"share": share, "fixed_payment": fixed_payment, "equity_fraction": equity_fraction}
    first = _breakdown(users_reached, conversion, monthly_price, months, **options)
    reference = _fy2024_revenue()
    if headless():
        text = simulator_summary(
            users_reached, conversion, monthly_price, months, **options, reference=reference
        )
        return StaticView(breakdown_chart(first, reference=reference), text)

    import ipywidgets as w

    sliders = _simulator_sliders(
        users_reached, conversion, monthly_price, months, share, equity_fraction
    )

    def draw():
        args = (
            sliders["users"].value,
            sliders["rate"].value / 100,
            sliders["price"].value,
            sliders["months"].value,
        )
        chosen = {
            "share": sliders["share"].value / 100,
            "fixed_payment": fixed_payment,
            "equity_fraction": sliders["equity"].value / 100,
        }
        text = (
            "<p><em>Scenario assumptions, not a forecast.</em> "
            f"{simulator_summary(*args, **chosen, reference=reference)}</p>"
        )
        return text, breakdown_chart(_breakdown(*args, **chosen), reference=reference)

    summary, out = live_view(list(sliders.values()), draw)
    return w.VBox([*sliders.values(), summary, out])
