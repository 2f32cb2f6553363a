"""The xAI/Grok deal of 28 May 2025: a scenario model, a sensitivity grid, a deal simulator.

Pavel Durov announced a one-year partnership with Elon Musk's xAI: $300 M in
cash and xAI equity paid to Telegram, plus 50 % of the revenue from xAI
subscriptions sold through Telegram.
The same day Musk wrote "No deal has been signed", and the deal was never
signed or implemented (``load("xai_deal")``).

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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ._inputs import finite_number
from .checking import headless
from .datasets import load
from .plots import PALETTE, Chart, finish_figure, new_figure, require_columns
from .widgets import StaticView, chart_view, show_chart

__all__ = [
    "ANNOUNCED_FIXED_PAYMENT",
    "ANNOUNCED_SHARE",
    "SENTENCE_KINDS",
    "AnnouncedTerms",
    "announced_terms",
    "breakdown_chart",
    "breakeven_conversion",
    "deal_breakdown",
    "deal_simulator",
    "deal_value",
    "revenue_share_value",
    "scenario_assumptions",
    "scenario_chart",
    "scenario_values",
    "seed_sentences",
    "sensitivity_grid",
    "sensitivity_heatmap",
    "simulator_summary",
]

# The announced terms (xai_deal rows payment_to_telegram and revenue_share); the tests
# check that these defaults still match the data.
ANNOUNCED_FIXED_PAYMENT = 300.0  # USD million
ANNOUNCED_SHARE = 0.5  # fraction of xAI subscription revenue sold via Telegram

TERMS_SOURCE = "cnbc_nbc_2025_xai_deal"
REVENUE_SOURCE = "ideacom_ft_2025_540m"  # FY2024 revenue, about $1.4 bn (FT)
NOT_SIGNED = "Announced 28 May 2025, never signed or implemented: every value is hypothetical."


# --- the announced terms --------------------------------------------------------------------


@dataclass(frozen=True)
class AnnouncedTerms:
    """The figures of the deal as Durov announced them on 28 May 2025 (never signed).

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


def announced_terms() -> AnnouncedTerms:
    """The announced figures, read from the ``xai_deal`` dataset.

    Returns
    -------
    AnnouncedTerms
        Fixed payment (USD million), revenue share (fraction), reach (million users)
        and term (months).
    """
    terms = load("xai_deal").set_index("term_id")
    expected_units = {"payment_to_telegram": "USD million", "revenue_share": "percent",
                      "reach": "million users", "duration": "years"}
    for term_id, unit in expected_units.items():
        if term_id not in terms.index or terms.loc[term_id, "unit"] != unit:
            raise ValueError(f"xai_deal has no row {term_id!r} in {unit!r}; the data changed")
    return AnnouncedTerms(
        fixed_payment=float(terms.loc["payment_to_telegram", "value"]),
        revenue_share=float(terms.loc["revenue_share", "value"]) / 100,
        users_reached=float(terms.loc["reach", "value"]),
        months=float(terms.loc["duration", "value"]) * 12,
    )


# --- the scenario model ---------------------------------------------------------------------


def _at_least_zero(name: str, value, unit: str) -> float:
    number = finite_number(name, value)
    if number < 0:
        raise ValueError(f"{name} must be zero or more ({unit}), not {value!r}")
    return number


def _fraction(name: str, value) -> float:
    number = finite_number(name, value)
    if not 0 <= number <= 1:
        hint = " (give a fraction: 0.01 means 1 %)" if 1 < number <= 100 else ""
        raise ValueError(f"{name} must be a fraction between 0 and 1, not {value!r}{hint}")
    return number


def _positive(name: str, value, unit: str) -> float:
    number = finite_number(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be positive ({unit}), not {value!r}")
    return number


def revenue_share_value(users_reached, conversion, monthly_price, months, *,
                        share=ANNOUNCED_SHARE) -> float:
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
    users = _at_least_zero("users_reached", users_reached, "million users")
    rate = _fraction("conversion", conversion)
    price = _at_least_zero("monthly_price", monthly_price, "USD per month")
    term = _positive("months", months, "months")
    part = _fraction("share", share)
    return part * users * rate * price * term


def deal_value(users_reached, conversion, monthly_price, months, *, share=ANNOUNCED_SHARE,
               fixed_payment=ANNOUNCED_FIXED_PAYMENT) -> float:
    """Hypothetical value of the announced deal to Telegram, in USD million.

    The fixed payment plus Telegram's share of the subscription revenue (see
    :func:`revenue_share_value` for the parameters).
    The deal was never signed: the result is a what-if value, not a forecast.

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
    fixed = _at_least_zero("fixed_payment", fixed_payment, "USD million")
    return fixed + revenue_share_value(users_reached, conversion, monthly_price, months,
                                       share=share)


def breakeven_conversion(users_reached, monthly_price, months, *, share=ANNOUNCED_SHARE,
                         fixed_payment=ANNOUNCED_FIXED_PAYMENT) -> float:
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
    fixed = _at_least_zero("fixed_payment", fixed_payment, "USD million")
    users = _positive("users_reached", users_reached, "million users")
    price = _positive("monthly_price", monthly_price, "USD per month")
    term = _positive("months", months, "months")
    part = _fraction("share", share)
    if part == 0:
        raise ValueError("share must be above 0 for a break-even conversion, not 0")
    return fixed / (part * users * price * term)


def deal_breakdown(users_reached, conversion, monthly_price, months, *, share=ANNOUNCED_SHARE,
                   fixed_payment=ANNOUNCED_FIXED_PAYMENT, equity_fraction=0.5) -> dict:
    """Split the hypothetical value into what was fixed and what was contingent.

    The announcement said "cash and equity" without the split, so
    ``equity_fraction`` (the part of the fixed payment paid in xAI shares) is an
    assumption; shares in a private company are worth what xAI turns out to be worth.

    Returns
    -------
    dict
        ``cash``, ``equity``, ``revenue_share``, ``total``, ``contingent``
        (equity + revenue share) and ``contingent_fraction`` (of the total; 0 when
        the total is 0), all in USD million except the fraction.
    """
    fixed = _at_least_zero("fixed_payment", fixed_payment, "USD million")
    in_equity = _fraction("equity_fraction", equity_fraction)
    revenue = revenue_share_value(users_reached, conversion, monthly_price, months, share=share)
    equity = fixed * in_equity
    total = fixed + revenue
    contingent = equity + revenue
    return {
        "cash": fixed - equity,
        "equity": equity,
        "revenue_share": revenue,
        "total": total,
        "contingent": contingent,
        "contingent_fraction": contingent / total if total else 0.0,
    }


# --- scenarios ------------------------------------------------------------------------------


_SCENARIOS = (
    ("cautious", 500.0, 0.002, 5.0, 12.0,
     "Half of the announced reach ever sees the offer; 1 in 500 of them subscribes; "
     "about the price of Telegram Premium."),
    ("middle", 1000.0, 0.004, 10.0, 12.0,
     "The announced reach; 1 in 250 users subscribes (4 million people); $10 a month."),
    ("optimistic", 1000.0, 0.015, 15.0, 12.0,
     "The announced reach; as large a share as pays for Telegram Premium (about 1.5 %); "
     "$15 a month."),
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
    frame = pd.DataFrame(_SCENARIOS, columns=["scenario", "users_reached", "conversion",
                                              "monthly_price", "months", "basis"])
    frame["status"] = "assumption"
    return frame


def scenario_values(assumptions: pd.DataFrame, *, share=ANNOUNCED_SHARE,
                    fixed_payment=ANNOUNCED_FIXED_PAYMENT) -> pd.DataFrame:
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
    require_columns(assumptions, "assumptions",
                    ["scenario", "users_reached", "conversion", "monthly_price", "months"])
    rows = []
    for row in assumptions.itertuples(index=False):
        revenue = revenue_share_value(row.users_reached, row.conversion, row.monthly_price,
                                      row.months, share=share)
        total = deal_value(row.users_reached, row.conversion, row.monthly_price, row.months,
                           share=share, fixed_payment=fixed_payment)
        rows.append({"scenario": row.scenario, "fixed_payment": float(fixed_payment),
                     "revenue_share_value": revenue, "total_value": total,
                     "contingent_fraction": revenue / total if total else 0.0})
    return pd.DataFrame(rows)


def sensitivity_grid(conversions: Sequence[float], prices: Sequence[float], *,
                     users_reached=1000.0, months=12.0, share=ANNOUNCED_SHARE,
                     fixed_payment=ANNOUNCED_FIXED_PAYMENT) -> pd.DataFrame:
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
        raise ValueError(f"conversions and prices must not be empty, got {len(conversions)} "
                         f"conversion(s) and {len(prices)} price(s)")
    values = [[deal_value(users_reached, c, p, months, share=share, fixed_payment=fixed_payment)
               for p in prices] for c in conversions]
    return pd.DataFrame(values, index=pd.Index(conversions, name="conversion", dtype="float64"),
                        columns=pd.Index(prices, name="monthly_price", dtype="float64"))


# --- figures --------------------------------------------------------------------------------


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.2f}".rstrip("0").rstrip(".") + " %"


def sensitivity_heatmap(grid: pd.DataFrame, *, reference: float | None = None,
                        reference_label: str = "Telegram's 2024 revenue",
                        source_ids=(TERMS_SOURCE,), note: str = "") -> Chart:
    """A heat map of a :func:`sensitivity_grid`, every cell labelled with its value.

    Colour uses the colour-blind-safe sequential map *cividis*; the numbers in the
    cells and the outline of cells at or above ``reference`` carry the same
    information without colour.

    Parameters
    ----------
    grid
        Index conversion (fractions), columns monthly price (USD), values USD million.
    reference
        Optional value in USD million (e.g. Telegram's 2024 revenue); cells at or above
        it get a black outline.
    reference_label
        What ``reference`` is, for the legend.
    source_ids
        The source ids behind the grid's fixed inputs (and ``reference``).
    note
        Added to the source line.
    """
    if not isinstance(grid, pd.DataFrame):
        raise TypeError(f"grid should be a pandas DataFrame, not {type(grid).__name__}")
    if grid.empty:
        raise ValueError("grid is empty")
    values = grid.to_numpy(dtype="float64")
    if not np.isfinite(values).all():
        raise ValueError("grid has missing or infinite values")
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 5.2)
    image = ax.imshow(values, cmap="cividis", aspect="auto", origin="lower")
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    low, high = values.min(), values.max()
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            value = values[i, j]
            level = (value - low) / (high - low) if high > low else 0.0
            # cividis runs from dark blue to light yellow: dark text on the light half
            above = reference is not None and value >= reference
            ax.text(j, i, f"{value:,.0f}", ha="center", va="center", fontsize=8,
                    fontweight="bold" if above else "normal",
                    color=PALETTE["black"] if level > 0.55 else "white")
            if above:  # a white band under a black line shows on dark and light cells
                for colour, width in (("white", 4.0), (PALETTE["black"], 1.8)):
                    ax.add_patch(Rectangle((j - 0.42, i - 0.38), 0.84, 0.76, fill=False,
                                           edgecolor=colour, linewidth=width))
    ax.set_xticks(range(values.shape[1]), [f"${p:g}" for p in grid.columns])
    ax.set_yticks(range(values.shape[0]), [_percent(c) for c in grid.index])
    ax.set_xlabel("Monthly subscription price (USD per month, scenario assumption)")
    ax.set_ylabel("Conversion (% of users reached\nwho subscribe, assumption)")
    colorbar = fig.colorbar(image, ax=ax, pad=0.02)
    colorbar.set_label("Hypothetical value to Telegram (USD million)")
    finish_figure(fig, ax, title="What-if values of the announced xAI deal (never signed)",
                  source_ids=source_ids,
                  note=f"Fixed payment plus revenue share; conversion and price are "
                       f"assumptions. {NOT_SIGNED} {note}".strip())
    if reference is not None:
        outline = Patch(facecolor="none", edgecolor=PALETTE["black"], linewidth=1.8,
                        label=f"Outlined, bold: at least {reference_label} (${reference:,.0f} M)")
        _legend_below(fig, ax, ncol=1, handles=[outline])
    counted = int((values >= reference).sum()) if reference is not None else 0
    alt = (
        f"Heat map of the hypothetical value of the announced xAI deal to Telegram, "
        f"{values.shape[0]} conversion rates from {_percent(grid.index[0])} to "
        f"{_percent(grid.index[-1])} by {values.shape[1]} monthly prices from "
        f"${grid.columns[0]:g} to ${grid.columns[-1]:g}; values run from {low:,.0f} to "
        f"{high:,.0f} USD million, rising with both conversion and price."
    )
    if reference is not None:
        alt += (f" {counted} of {values.size} cells reach {reference_label} "
                f"({reference:,.0f} USD million).")
    return Chart(fig, alt)


def scenario_chart(values: pd.DataFrame, *, reference: float | None = None,
                   reference_label: str = "Telegram's 2024 revenue",
                   source_ids=(TERMS_SOURCE,)) -> Chart:
    """Stacked horizontal bars: the fixed payment and the revenue share of each scenario.

    Parameters
    ----------
    values
        The output of :func:`scenario_values` (``scenario``, ``fixed_payment``,
        ``revenue_share_value``, ``total_value``).
    reference
        Optional value in USD million drawn as a dashed line (e.g. 2024 revenue).
    """
    require_columns(values, "values",
                    ["scenario", "fixed_payment", "revenue_share_value", "total_value"])
    if values.empty:
        raise ValueError("values has no scenarios")
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 3.6)
    names = list(values["scenario"])
    ax.barh(names, values["fixed_payment"], color=PALETTE["blue"], edgecolor=PALETTE["black"],
            label="Fixed payment ($300 M in cash and xAI equity, as announced)")
    ax.barh(names, values["revenue_share_value"], left=values["fixed_payment"],
            color=PALETTE["orange"], hatch="//", edgecolor=PALETTE["black"],
            label="50 % revenue share (depends on the assumptions)")
    for name, total in zip(names, values["total_value"], strict=True):
        ax.text(total, name, f" ${total:,.0f} M", va="center", fontsize=8)
    right = float(values["total_value"].max())
    if reference is not None:
        ax.axvline(reference, color=PALETTE["vermillion"], linestyle="--", linewidth=1.5,
                   label=f"{reference_label} (${reference:,.0f} M)")
        right = max(right, reference)
    ax.set_xlim(0, right * 1.2)
    ax.invert_yaxis()
    ax.set_xlabel("Hypothetical value to Telegram over the term (USD million)")
    ax.set_ylabel("Scenario (assumptions)")
    finish_figure(fig, ax, title="Three what-if scenarios for the announced deal",
                  source_ids=source_ids, note=NOT_SIGNED)
    _legend_below(fig, ax, ncol=1)
    parts = "; ".join(
        f"{row.scenario}: {row.total_value:,.0f} USD million, of which "
        f"{row.revenue_share_value:,.0f} from the revenue share"
        for row in values.itertuples(index=False))
    alt = f"Stacked bar chart of the hypothetical value of the announced xAI deal. {parts}."
    if reference is not None:
        alt += f" A dashed line marks {reference_label} at {reference:,.0f} USD million."
    return Chart(fig, alt)


def _legend_below(fig, ax, *, ncol: int, handles=None) -> None:
    """A legend in a band under the axes (after the layout, so nothing overlaps)."""
    if handles is not None:
        pairs = [(h, h.get_label()) for h in handles]
    else:
        pairs = list(zip(*ax.get_legend_handles_labels(), strict=True))
    pairs.sort(key=lambda pair: isinstance(pair[0], Line2D))  # bars first, reference last
    handles, labels = [h for h, _ in pairs], [lab for _, lab in pairs]
    rows = -(-len(handles) // ncol)
    band = (0.19 * rows + 0.12) / fig.get_figheight()  # inches per legend row, as a fraction
    fig.subplots_adjust(bottom=fig.subplotpars.bottom + band)
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=ncol,
               fontsize=8, frameon=False)


def breakdown_chart(breakdown: dict, *, reference: float | None = None,
                    reference_label: str = "Telegram's 2024 revenue") -> Chart:
    """One stacked bar: fixed cash, xAI equity and revenue share (see :func:`deal_breakdown`)."""
    missing = [k for k in ("cash", "equity", "revenue_share", "total") if k not in breakdown]
    if missing:
        raise ValueError(f"breakdown lacks the key(s) {missing}")
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 2.6)
    parts = (
        ("cash", "Cash (fixed once signed)", PALETTE["blue"], ""),
        ("equity", "xAI equity (worth what xAI is worth)", PALETTE["sky_blue"], ".."),
        ("revenue_share", "Revenue share (depends on sales)", PALETTE["orange"], "//"),
    )
    left = 0.0
    for key, label, colour, hatch in parts:
        ax.barh(["Deal"], [breakdown[key]], left=left, color=colour, hatch=hatch,
                edgecolor=PALETTE["black"], label=f"{label}: ${breakdown[key]:,.0f} M")
        left += breakdown[key]
    right = max(breakdown["total"], reference or 0.0, 1.0)
    if reference is not None:
        ax.axvline(reference, color=PALETTE["vermillion"], linestyle="--", linewidth=1.5,
                   label=f"{reference_label} (${reference:,.0f} M)")
    ax.set_xlim(0, right * 1.1)
    ax.set_yticks([])
    ax.set_xlabel("Hypothetical value to Telegram (USD million)")
    finish_figure(fig, ax, title="Your scenario: what was fixed and what was contingent",
                  source_ids=[TERMS_SOURCE, REVENUE_SOURCE] if reference else [TERMS_SOURCE],
                  note="The cash/equity split was not disclosed (assumption). " + NOT_SIGNED)
    _legend_below(fig, ax, ncol=2)
    alt = (f"One stacked bar of a hypothetical deal value of {breakdown['total']:,.0f} USD "
           f"million: cash {breakdown['cash']:,.0f}, xAI equity {breakdown['equity']:,.0f}, "
           f"revenue share {breakdown['revenue_share']:,.0f}.")
    if reference is not None:
        alt += f" A dashed line marks {reference_label} at {reference:,.0f} USD million."
    return Chart(fig, alt)


# --- the deal simulator ---------------------------------------------------------------------


def _fy2024_revenue() -> float:
    money = load("monetization").set_index("row_id")
    return float(money.loc["fy2024_revenue", "value"])


def simulator_summary(users_reached, conversion, monthly_price, months, *,
                      share=ANNOUNCED_SHARE, fixed_payment=ANNOUNCED_FIXED_PAYMENT,
                      equity_fraction=0.5, reference: float | None = None) -> str:
    """The simulator's sentences: the value, and how much of it was contingent."""
    parts = deal_breakdown(users_reached, conversion, monthly_price, months, share=share,
                           fixed_payment=fixed_payment, equity_fraction=equity_fraction)
    total = parts["total"]
    text = (
        f"Hypothetical value: ${total:,.0f} M over {months:g} months "
        f"({users_reached:,.0f} M users reached × {_percent(conversion)} conversion × "
        f"${monthly_price:g} a month × {_percent(share)} share, "
        f"plus ${fixed_payment:,.0f} M fixed). "
    )
    if total:
        text += (
            f"Only ${parts['cash']:,.0f} M ({parts['cash'] / total * 100:.0f} %) would have "
            f"been fixed cash; ${parts['contingent']:,.0f} M "
            f"({parts['contingent_fraction'] * 100:.0f} %) "
            f"was contingent: ${parts['equity']:,.0f} M in xAI equity and "
            f"${parts['revenue_share']:,.0f} M from the revenue share. "
        )
    if reference:
        text += f"That is {total / reference * 100:.0f} % of Telegram's 2024 revenue. "
    text += "And all of it depended on a signature: the deal was never signed."
    return text


def deal_simulator(*, users_reached=1000.0, conversion=0.004, monthly_price=10.0, months=12.0,
                   share=ANNOUNCED_SHARE, fixed_payment=ANNOUNCED_FIXED_PAYMENT,
                   equity_fraction=0.5):
    """Sliders for the scenario assumptions; shows the value and what was contingent.

    Returns an ipywidgets box in JupyterLab, or (when headless: grading or a batch
    run) the static default view, the chart and the summary sentences.
    The defaults are the "middle" scenario and an even cash/equity split (the split
    was not disclosed).
    """
    deal_breakdown(users_reached, conversion, monthly_price, months, share=share,
                   fixed_payment=fixed_payment, equity_fraction=equity_fraction)  # validates
    reference = _fy2024_revenue()
    if headless():
        parts = deal_breakdown(users_reached, conversion, monthly_price, months, share=share,
                               fixed_payment=fixed_payment, equity_fraction=equity_fraction)
        return StaticView(breakdown_chart(parts, reference=reference),
                          simulator_summary(users_reached, conversion, monthly_price, months,
                                            share=share, fixed_payment=fixed_payment,
                                            equity_fraction=equity_fraction,
                                            reference=reference))

    import ipywidgets as w

    style = {"description_width": "220px"}
    layout = w.Layout(width="560px")
    users = w.FloatSlider(value=users_reached, min=0, max=1000, step=50, style=style,
                          layout=layout, description="Users reached (million)")
    rate = w.FloatSlider(value=conversion * 100, min=0, max=5, step=0.1, style=style,
                         layout=layout, readout_format=".1f",
                         description="Conversion (% who subscribe)")
    price = w.FloatSlider(value=monthly_price, min=0, max=40, step=1, style=style,
                          layout=layout, description="Monthly price (USD)")
    term = w.FloatSlider(value=months, min=1, max=36, step=1, style=style, layout=layout,
                         description="Months of revenue")
    cut = w.FloatSlider(value=share * 100, min=0, max=100, step=5, style=style, layout=layout,
                        description="Telegram's share (%)")
    equity = w.FloatSlider(value=equity_fraction * 100, min=0, max=100, step=10, style=style,
                           layout=layout, description="Equity part of the $300 M (%)")
    summary = w.HTML()
    out = chart_view()

    def redraw(*_):
        args = (users.value, rate.value / 100, price.value, term.value)
        options = {"share": cut.value / 100, "fixed_payment": fixed_payment,
                   "equity_fraction": equity.value / 100}
        summary.value = ("<p><em>Scenario assumptions, not a forecast.</em> "
                         f"{simulator_summary(*args, **options, reference=reference)}</p>")
        show_chart(out, breakdown_chart(deal_breakdown(*args, **options), reference=reference))

    controls = (users, rate, price, term, cut, equity)
    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([*controls, summary, out])


# --- source criticism: the seed's sentences -------------------------------------------------

SENTENCE_KINDS = ("reported fact", "company claim", "forecast", "interpretation")
"""The kinds of statement in seed 000 (see :func:`seed_sentences`)."""

_DURC = "durovscode_2026_grok_no_deal"

# (id, German as in seed 000, English, kind, held up by Jan 2026, what happened, source, note)
_SENTENCES = (
    ("s01",
     "Telegram-Gründer Pavel Durov hat sich schon vor längerem als Fan und Alliierter von Elon "
     "Musk geoutet, jetzt arbeiten die beiden im KI-Bereich künftig deutlich enger zusammen: In "
     "einer überraschenden Ankündigung hat Durov eine weitreichende Partnerschaft mit Elon Musks "
     "KI-Unternehmen xAI bekanntgegeben, das wie berichtet bereits X (ehemals Twitter) "
     "geschluckt hat.",
     "Telegram founder Pavel Durov came out long ago as a fan and ally of Elon Musk; now the two "
     "will work much more closely in AI: in a surprise announcement Durov has made public a "
     "far-reaching partnership with Elon Musk's AI company xAI, which, as reported, has already "
     "swallowed X (formerly Twitter).",
     "reported fact", True,
     "Durov did announce the partnership on 28 May 2025, and xAI had acquired X in March 2025.",
     TERMS_SOURCE,
     "Mixed: 'will work much more closely' is a forecast that failed; the 'fan and ally' aside "
     "is not checked in the course data."),
    ("s02",
     "Die einjährige Kooperation wird Musks fortschrittlichen Chatbot Grok zu über einer "
     "Milliarde Telegram-Nutzern bringen und bedeutet gleichzeitig eine erhebliche "
     "Finanzspritze für den Messenger-Dienst.",
     "The one-year cooperation will bring Musk's advanced chatbot Grok to over a billion "
     "Telegram users and at the same time means a considerable cash injection for the "
     "messenger.",
     "forecast", False,
     "Grok never came to Telegram, and no payment is documented.",
     _DURC, "'Over a billion users' is Telegram's own figure (a company claim)."),
    ("s03",
     "Das Herzstück der Vereinbarung ist ein 300-Millionen-Dollar-Investment von xAI in "
     "Telegram, das sich aus Bargeld und Unternehmensanteilen zusammensetzt.",
     "The heart of the agreement is a 300-million-dollar investment by xAI in Telegram, "
     "consisting of cash and company shares.",
     "company claim", False,
     "Only Durov's word stood behind the terms: Musk wrote 'No deal has been signed' the same "
     "day. The $300 M was to be a payment in cash and xAI equity, not an investment in "
     "Telegram, and no payment is documented.",
     "kyiv_independent_2025_xai", "Written as a fact; mislabelled as an investment."),
    ("s04",
     "Diese beträchtliche Summe wird Telegrams Finanzposition deutlich verbessern und dem "
     "Unternehmen zusätzliche Ressourcen für die Weiterentwicklung seiner Plattform "
     "verschaffen.",
     "This considerable sum will significantly improve Telegram's financial position and give "
     "the company additional resources to develop its platform.",
     "forecast", False,
     "No payment is documented; Telegram's new money in 2025 came from its own bond issue "
     "($1.7 bn at 9 %).",
     "enterprise_am_2025_bond", ""),
    ("s05",
     "Parallel dazu wurde bekannt, dass Telegram Unternehmensanleihen im Wert von 1,5 "
     "Milliarden Dollar herausgibt.",
     "At the same time it became known that Telegram is issuing corporate bonds worth 1.5 "
     "billion dollars.",
     "reported fact", True,
     "The WSJ reported at least $1.5 bn that day; the issue closed in June 2025 at $1.7 bn of "
     "five-year convertible notes at 9 %.",
     "enterprise_am_2025_bond", "Held up, at a larger final size; not part of the xAI deal."),
    ("s06",
     "Besonders lukrativ für Telegram: Der Messenger wird 50 Prozent der Erlöse aus "
     "xAI-Abonnements erhalten, die über die Telegram-Apps verkauft werden.",
     "Particularly lucrative for Telegram: the messenger will receive 50 percent of the revenue "
     "from xAI subscriptions sold through the Telegram apps.",
     "company claim", False,
     "A term as Durov announced it; no xAI subscriptions were ever sold through Telegram.",
     _DURC, "Future tense, but it states a term of the deal as one party gave it; "
            "'particularly lucrative' is the writer's judgement."),
    ("s07",
     "Diese Umsatzbeteiligung könnte sich als langfristig sehr profitabel erweisen, da "
     "Grok-Abonnements direkt über die bekannte Telegram-Oberfläche vermarktet werden.",
     "This revenue share could prove very profitable in the long run, because Grok "
     "subscriptions will be marketed directly through the familiar Telegram interface.",
     "forecast", False,
     "There was never a revenue share to profit from.", _DURC, ""),
    ("s08",
     "Ab diesem Sommer sollen Telegram-Nutzer Zugang zu dem erhalten, was Durov als „beste "
     "KI-Technologie auf dem Markt“ bezeichnet.",
     "From this summer Telegram users are to get access to what Durov calls the \"best AI "
     "technology on the market\".",
     "forecast", False,
     "No Grok access in summer 2025 or later.", _DURC,
     "The quoted praise is a company claim inside the forecast."),
    ("s09",
     "Grok werde in alle Telegram-Anwendungen integriert und steht damit der gesamten "
     "Nutzerbasis zur Verfügung.",
     "Grok would be integrated into all Telegram applications and so be available to the whole "
     "user base.",
     "forecast", False,
     "The integration never happened; Telegram launched its own AI network, Cocoon, on 30 Nov "
     "2025.",
     "finmire_grok_never_happened", ""),
    ("s10",
     "Musks AI-Startup kauft sich so Reichweite in der Messaging-App, um vor allem mit Metas KI "
     "Schritt zu halten, das bereits Distribution via WhatsApp, Instagram und Facebook erhält.",
     "Musk's AI start-up thus buys reach in the messaging app, above all to keep pace with "
     "Meta's AI, which already gets distribution via WhatsApp, Instagram and Facebook.",
     "interpretation", False,
     "xAI bought no reach in Telegram: the deal was never implemented.", _DURC,
     "The motive is the writer's reading; the part about Meta is a reported fact that the "
     "course data do not check."),
    ("s11",
     "Für beide Unternehmen stellt die Partnerschaft einen strategischen Gewinn dar.",
     "For both companies the partnership is a strategic gain.",
     "interpretation", False,
     "There was no partnership in practice.", _DURC, ""),
    ("s12",
     "xAI erhält Zugang zu Telegrams massiver Nutzerbasis von über einer Milliarde Menschen, "
     "während Telegram seine Position als innovativer Messenger-Dienst festigt und gleichzeitig "
     "seine Finanzen stärkt.",
     "xAI gains access to Telegram's massive user base of over a billion people, while Telegram "
     "consolidates its position as an innovative messenger and at the same time strengthens "
     "its finances.",
     "forecast", False,
     "xAI gained no access and Telegram received no payment.", _DURC,
     "Present tense, but it describes what the deal would bring; 'over a billion' is "
     "Telegram's own figure."),
    ("s13",
     "Zuletzt hat Durov immer wieder gegen WhatsApp von Mark Zuckerberg gewettert.",
     "Lately Durov has repeatedly railed against Mark Zuckerberg's WhatsApp.",
     "reported fact", True,
     "In March 2025, for example, Durov said WhatsApp was 'burning billions' to slow Telegram "
     "down.",
     "latestly_2025_1bn", ""),
)


def seed_sentences(*, with_kinds: bool = True) -> pd.DataFrame:
    """The sentences of seed 000 (German, English), each with its kind and what happened.

    Parameters
    ----------
    with_kinds
        Include the answer columns (``kind``, ``held``, ``outcome``, ``source_id``,
        ``note``); ``False`` gives only ``sentence_id``, ``german`` and ``english``,
        for classifying the sentences yourself first.

    Returns
    -------
    pandas.DataFrame
        One row per sentence of seed 000, in the seed's order (its one subheading is
        left out). ``kind`` is one of :data:`SENTENCE_KINDS` (the main kind; ``note``
        says where a sentence mixes kinds); ``held`` says whether what the sentence
        asserts held up by January 2026; ``source_id`` is the evidence.
    """
    frame = pd.DataFrame(_SENTENCES, columns=["sentence_id", "german", "english", "kind",
                                              "held", "outcome", "source_id", "note"])
    frame["held"] = frame["held"].astype(bool)
    if not with_kinds:
        return frame[["sentence_id", "german", "english"]]
    return frame

