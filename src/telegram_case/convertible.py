"""Telegram's 2025 convertible notes from an investor's side (notebook 05).

In late May 2025 Telegram offered at least $1.5 bn of five-year notes at 9 %,
convertible into shares at an IPO at a 20 % discount to the IPO price
(``load("bond_terms")``).
This module holds the arithmetic an investment committee needs:

- what the notes cost Telegram each year and how well profit covers it
  (:func:`annual_interest`, :func:`interest_cover`);
- what converting is worth (:func:`conversion_value`, :func:`implied_stake`);
- a value carried through as a range, never rounded into one number
  (:class:`Range`, :func:`value_range`);
- the investor's cash under three scenarios, IPO, no IPO and default
  (:func:`cash_flows`, :func:`scenario_payoffs`), with the figures and the
  payoff explorer.

Every input that is not a term of the notes (the IPO year, the share price after
the IPO, the default year, the recovery rate, a discount rate) is an
**assumption** and is named as one wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from . import plots
from .checking import headless
from .datasets import load
from .plots import PALETTE, Chart, finish_figure, new_figure, require_columns, stacked_bars
from .validation import finite_number, fraction, positive, whole_number
from .validation import rate as checked_rate
from .widgets import StaticView, live_view

__all__ = [
    "DECISION_DATE",
    "SCENARIOS",
    "SCENARIO_NAMES",
    "NoteTerms",
    "Range",
    "annual_interest",
    "cash_flows",
    "conversion_value",
    "disclosed_rows",
    "implied_stake",
    "interest_cover",
    "knowable",
    "multiples_chart",
    "note_terms",
    "payoff_chart",
    "payoff_explorer",
    "payoff_summary",
    "scenario_payoffs",
    "value_range",
]

DECISION_DATE = pd.Timestamp("2025-05-28")
"""The day of the investment committee: the WSJ reported the issue that morning."""

SCENARIO_NAMES = {"ipo": "IPO", "no_ipo": "No IPO", "default": "Default"}
"""Each scenario's key and the name a reader sees: on the explorer's buttons, on the bars of
:func:`payoff_chart` and in its text alternative."""

SCENARIOS = tuple(SCENARIO_NAMES)
"""The investor's three outcomes: conversion at an IPO, repayment, or default."""

ASSUMPTION = "Scenario assumptions, not a forecast."


# --- validation -------------------------------------------------------------------------


# --- the terms ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteTerms:
    """The 2025 notes' terms as read from ``bond_terms``.

    Attributes
    ----------
    size
        Issue size in USD million.
    coupon
        Annual coupon as a fraction (0.09 is 9 %).
    years
        Term in years.
    discount
        Conversion discount to the IPO price, as a fraction.
    """

    size: float
    coupon: float
    years: int
    discount: float


def note_terms(*, final: bool = False) -> NoteTerms:
    """The 2025 notes' terms: as first reported on 28 May 2025, or the final size.

    Parameters
    ----------
    final
        ``False`` (default): the size the WSJ reported on the day of the decision
        ("at least $1.5 bn"); ``True``: the final $1.7 bn, public a day later.
    """
    terms = load("bond_terms").set_index("term_id")
    wanted = {
        "notes_2025_coupon": "percent",
        "notes_2025_tenor": "years",
        "notes_2025_conversion_discount": "percent",
        "notes_2025_size_final": "USD million",
        "notes_2025_size_first_report": "USD million",
    }
    for term_id, unit in wanted.items():
        if term_id not in terms.index or terms.loc[term_id, "unit"] != unit:
            raise ValueError(f"bond_terms has no row {term_id!r} in {unit!r}; the data changed")
    size_row = "notes_2025_size_final" if final else "notes_2025_size_first_report"
    return NoteTerms(
        size=float(terms.loc[size_row, "value"]),
        coupon=float(terms.loc["notes_2025_coupon", "value"]) / 100,
        years=int(terms.loc["notes_2025_tenor", "value"]),
        discount=float(terms.loc["notes_2025_conversion_discount", "value"]) / 100,
    )


def knowable(
    monetization: pd.DataFrame, disclosures: pd.DataFrame, as_of=DECISION_DATE
) -> pd.DataFrame:
    """The rows of ``monetization`` that were public on ``as_of`` (disclosed on or before it).

    Raises
    ------
    ValueError
        If a row of ``monetization`` has no disclosure date: the question "was it
        knowable?" then has no answer, and the row is named.
    """
    require_columns(monetization, "monetization", ["row_id"])
    require_columns(disclosures, "disclosures", ["row_id", "disclosed_on"])
    dated = monetization.merge(disclosures[["row_id", "disclosed_on"]], on="row_id", how="left")
    undated = sorted(dated.loc[dated["disclosed_on"].isna(), "row_id"])
    if undated:
        raise ValueError(
            f"no disclosure date for monetization row(s) {undated}; "
            "add them to data/disclosures.csv"
        )
    return dated[dated["disclosed_on"] <= pd.Timestamp(as_of)].reset_index(drop=True)


def disclosed_rows(
    monetization: pd.DataFrame, disclosures: pd.DataFrame, row_ids: Iterable[str]
) -> pd.DataFrame:
    """The rows of ``monetization`` named in ``row_ids``, each with the day it became public.

    Notebook 05 shows the student's own answer to Q1 this way, never the reference.

    Raises
    ------
    ValueError
        If ``row_ids`` is a single string, or names a row that ``monetization`` does not have.
    """
    if isinstance(row_ids, str):
        raise ValueError(f"row_ids should be a set of row ids, not the string {row_ids!r}")
    wanted = {str(row_id) for row_id in row_ids}
    require_columns(monetization, "monetization", ["row_id"])
    require_columns(disclosures, "disclosures", ["row_id", "disclosed_on"])
    unknown = sorted(wanted - set(monetization["row_id"]))
    if unknown:
        raise ValueError(f"{unknown} are not row ids of monetization")
    dated = monetization.merge(disclosures[["row_id", "disclosed_on"]], on="row_id", how="left")
    return dated[dated["row_id"].isin(wanted)].reset_index(drop=True)


# --- cost and cover -----------------------------------------------------------------------


def annual_interest(face, coupon) -> float:
    """The coupon paid each year on ``face`` (same unit as ``face``)."""
    return positive("face", face) * fraction("coupon", coupon)


def interest_cover(profit, face, coupon) -> float:
    """How many times ``profit`` pays the annual interest on ``face`` at ``coupon``.

    Below 1, the profit does not pay the interest; a negative profit gives a
    negative cover, which the caller should read as "not covered".
    """
    interest = annual_interest(face, coupon)
    if interest == 0:
        raise ValueError("coupon must be above 0 for an interest cover, not 0")
    return finite_number("profit", profit) / interest


def conversion_value(face, discount) -> float:
    """What the shares received for ``face`` are worth at the IPO price.

    Converting at a discount ``d`` buys shares at ``(1 - d)`` times the IPO
    price, so ``face`` buys ``face / (1 - d)`` worth of them: a 20 % discount is
    worth 25 % more than face, not 20 %.
    """
    return positive("face", face) / (1 - fraction("discount", discount, below_one=True))


def implied_stake(face, discount, ipo_value) -> float:
    """The fraction of a company valued at ``ipo_value`` that converting ``face`` buys.

    ``face`` and ``ipo_value`` in the same unit; dilution by other new shares is
    ignored, so this is an upper bound.
    """
    return conversion_value(face, discount) / positive("ipo_value", ipo_value)


# --- ranges --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """A quantity known only as lying between ``low`` and ``high``.

    Multiply ranges with ``*``; a range is never collapsed into a midpoint here.
    Unpack it with ``low, high = r``.
    """

    low: float
    high: float

    def __post_init__(self):
        low, high = finite_number("low", self.low), finite_number("high", self.high)
        if low > high:
            raise ValueError(f"a range needs low <= high, got low={low!r} and high={high!r}")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    def __iter__(self) -> Iterator[float]:
        return iter((self.low, self.high))

    def __mul__(self, other) -> Range:
        other = other if isinstance(other, Range) else Range(other, other)
        products = [a * b for a in self for b in other]
        return Range(min(products), max(products))

    __rmul__ = __mul__

    def __str__(self) -> str:
        return f"{self.low:,.3g} to {self.high:,.3g}"


def value_range(multiples, revenue) -> Range:
    """A revenue-multiple valuation carried through as a range.

    Parameters
    ----------
    multiples
        Price-to-sales multiples of comparable companies (a :class:`Range` or any
        sequence of numbers; its lowest and highest are used).
    revenue
        Revenue, as a :class:`Range` (for example recurring to reported) or a number.
    """
    if not isinstance(multiples, Range):
        values = [finite_number("multiple", m) for m in multiples]
        if not values:
            raise ValueError("multiples must not be empty")
        multiples = Range(min(values), max(values))
    if min(multiples) < 0:
        raise ValueError(f"multiples must not be negative, got {multiples}")
    return multiples * revenue


# --- the investor's cash --------------------------------------------------------------------


def cash_flows(
    scenario: str,
    *,
    face=100.0,
    coupon=0.09,
    years=5,
    discount=0.2,
    ipo_year=3,
    price_change=0.0,
    default_year=3,
    recovery=0.4,
) -> pd.DataFrame:
    """The cash an investor receives on ``face`` of notes, year by year, in one scenario.

    Conventions: coupons are paid at the end of each year; at an IPO at the end
    of ``ipo_year`` the notes convert (that year's coupon is paid, later ones are
    not) and the shares are valued at the IPO price times ``1 + price_change``;
    without an IPO the face is repaid at the end of ``years``; in a default at
    the end of ``default_year`` no coupon is paid that year and the investor
    recovers ``recovery`` of face.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``amount`` (same unit as ``face``) and ``kind``
        (``coupon``, ``repayment``, ``shares`` or ``recovery``).
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {list(SCENARIOS)}, not {scenario!r}")
    face, rate = positive("face", face), fraction("coupon", coupon)
    years = whole_number("years", years, low=1, high=30)
    rows = []
    if scenario == "ipo":
        end = whole_number("ipo_year", ipo_year, low=1, high=years)
        change = finite_number("price_change", price_change)
        if change < -1:
            raise ValueError(f"price_change cannot be below -1 (a total loss), not {change!r}")
        final = ("shares", conversion_value(face, discount) * (1 + change))
    elif scenario == "no_ipo":
        end, final = years, ("repayment", face)
    else:
        end = whole_number("default_year", default_year, low=1, high=years)
        final = ("recovery", face * fraction("recovery", recovery))
    paid_years = range(1, end + 1) if scenario != "default" else range(1, end)
    rows += [(year, face * rate, "coupon") for year in paid_years]
    rows.append((end, final[1], final[0]))
    return pd.DataFrame(rows, columns=["year", "amount", "kind"])


def payoff_summary(flows: pd.DataFrame, *, face=100.0, rate=None) -> dict:
    """Total cash, the multiple of face, and (if ``rate`` is given) the present value.

    ``rate`` is a discount rate per year (an assumption, for example an investor's
    required return); cash at the end of year ``t`` is divided by ``(1 + rate)**t``.
    """
    require_columns(flows, "flows", ["year", "amount"])
    face = positive("face", face)
    total = float(flows["amount"].sum())
    summary = {"total": total, "multiple": total / face}
    if rate is not None:
        r = checked_rate("rate", rate)
        summary["present_value"] = float(
            sum(a / (1 + r) ** t for t, a in zip(flows["year"], flows["amount"], strict=True))
        )
    return summary


def scenario_payoffs(*, rate=None, **assumptions) -> pd.DataFrame:
    """One row per scenario: total cash, multiple of face and (with ``rate``) present value.

    ``assumptions`` are passed to :func:`cash_flows` (``face``, ``coupon``, ``ipo_year``, ...).
    """
    face = assumptions.get("face", 100.0)
    rows = []
    for scenario in SCENARIOS:
        flows = cash_flows(scenario, **assumptions)
        rows.append({"scenario": scenario, **payoff_summary(flows, face=face, rate=rate)})
    return pd.DataFrame(rows)


# --- figures ------------------------------------------------------------------------------


def multiples_chart(comparables: pd.DataFrame) -> Chart:
    """Price-to-sales ratios of the comparables, each labelled with the date of its price."""
    require_columns(
        comparables, "comparables", ["company", "ticker", "price_date", "ps_ratio_ttm", "source_id"]
    )
    frame = comparables.sort_values("ps_ratio_ttm")
    fig, ax = new_figure((8.0, 3.2))
    labels = [f"{row.ticker} (close of {row.price_date:%d %b %Y})" for row in frame.itertuples()]
    ax.barh(labels, frame["ps_ratio_ttm"], color=PALETTE["sky_blue"], edgecolor=PALETTE["black"])
    for y, value in enumerate(frame["ps_ratio_ttm"]):
        ax.text(value, y, f" {value:.2f}×", va="center", fontsize=8)
    ax.set_xlim(0, frame["ps_ratio_ttm"].max() * 1.2)
    ax.set_xlabel("Market value ÷ revenue of the trailing twelve months (times)")
    ax.set_ylabel("Comparable (date of the price)")
    finish_figure(
        fig,
        ax,
        title="What listed platforms were worth per dollar of revenue",
        source_ids=frame["source_id"],
        note="Prices before 28 May 2025.",
    )
    alt = (
        "Horizontal bar chart of price-to-sales ratios: "
        + "; ".join(
            f"{row.company} {row.ps_ratio_ttm:.2f} times revenue at the close of "
            f"{row.price_date:%d %B %Y}"
            for row in frame.itertuples()
        )
        + "."
    )
    return Chart(fig, alt)


_KIND_STYLE = {
    "coupon": (PALETTE["blue"], "", "Coupons"),
    "repayment": (PALETTE["bluish_green"], "..", "Face repaid"),
    "shares": (PALETTE["orange"], "//", "Shares from conversion"),
    "recovery": (PALETTE["vermillion"], "xx", "Recovery after default"),
}


def payoff_chart(flows: dict[str, pd.DataFrame], *, face=100.0, rate=None, note: str = "") -> Chart:
    """Stacked bars of the investor's cash per scenario, by kind of cash.

    ``flows`` maps scenario keys (:data:`SCENARIOS`) to :func:`cash_flows`; bars and
    text alternative name each scenario as the explorer's buttons do (:data:`SCENARIO_NAMES`).
    With ``rate`` (an assumed discount rate per year) each payment is shown at its
    present value, ``amount / (1 + rate) ** year``; without it, undiscounted.
    """
    if not flows:
        raise ValueError("flows must hold at least one scenario")
    unknown = [n for n in flows if n not in SCENARIO_NAMES]
    if unknown:
        raise ValueError(f"flows has unknown scenario(s) {unknown}; use {list(SCENARIOS)}")
    if rate is not None:
        r = checked_rate("rate", rate)
        flows = {n: f.assign(amount=f["amount"] / (1 + r) ** f["year"]) for n, f in flows.items()}
    measure = "undiscounted" if rate is None else f"present value at an assumed {rate:.0%} a year"
    fig, ax = new_figure((8.0, 3.6))
    names = [SCENARIO_NAMES[n] for n in flows]
    segments = []
    for kind, (colour, hatch, label) in _KIND_STYLE.items():
        heights = [float(f.loc[f["kind"] == kind, "amount"].sum()) for f in flows.values()]
        if any(heights):
            segments.append((heights, label, colour, hatch))
    bottoms = stacked_bars(ax, names, segments)
    plots.reference_line(ax, face, "black", f"Amount invested ({face:g})", width=1)
    ax.set_xlabel("Scenario")
    ax.set_ylabel(f"Cash per {face:g} invested\n({measure})")
    ax.set_ylim(0, max([*bottoms, face]) * 1.25)
    ax.legend(loc="upper right", fontsize=8, ncol=2)
    finish_figure(
        fig,
        ax,
        title="What a noteholder gets back, by scenario",
        source_ids=["enterprise_am_2025_bond"],
        note=f"{ASSUMPTION} {note}".strip(),
    )
    alt = (
        f"Stacked bar chart of the cash a noteholder receives per {face:g} invested, "
        f"{measure}: "
        + "; ".join(f"{n} {total:,.0f}" for n, total in zip(names, bottoms, strict=True))
        + f". A dashed line marks the {face:g} invested."
    )
    return Chart(fig, alt)


# --- the payoff explorer --------------------------------------------------------------------


def _against_ipo_price(price_change: float) -> str:
    """Where the shares trade against the IPO price, in words: "10 % below the IPO price"."""
    if round(price_change, 2) == 0:
        return "at the IPO price"
    side = "above" if price_change > 0 else "below"
    return f"{abs(price_change):.0%} {side} the IPO price".replace("%", " %")


def _explorer_text(scenario: str, flows: pd.DataFrame, assumptions: dict) -> str:
    summary = payoff_summary(flows, face=assumptions["face"], rate=assumptions["rate"])
    parts = {
        "ipo": f"an IPO at the end of year {assumptions['ipo_year']}, shares "
        f"{_against_ipo_price(assumptions['price_change'])}",
        "no_ipo": f"no IPO within the {assumptions['years']} years: face repaid",
        "default": f"a default at the end of year {assumptions['default_year']}, "
        f"{assumptions['recovery']:.0%} recovered",
    }
    unused = "; ".join(text for name, text in parts.items() if name != scenario)
    return (
        f"{ASSUMPTION} With {parts[scenario]}, a noteholder receives {summary['total']:,.1f} "
        f"per {assumptions['face']:g} invested ({summary['multiple']:.2f} times), worth "
        f"{summary['present_value']:,.1f} today at an assumed {assumptions['rate']:.0%} "
        f"a year. (The other scenarios, not shown: {unused}.)"
    )


def _explorer_view(scenario: str, assumptions: dict):
    flow_args = {k: v for k, v in assumptions.items() if k != "rate"}
    flows = cash_flows(scenario, **flow_args)
    chart = payoff_chart({scenario: flows}, face=assumptions["face"])
    return chart, _explorer_text(scenario, flows, assumptions)


def payoff_explorer(
    *, scenario="ipo", ipo_year=4, price_change=-0.1, default_year=4, recovery=0.3, rate=0.12
):
    """Explore one noteholder's outcome under IPO, no IPO or default.

    Opens on an IPO in year 4 with shares 10 % below the IPO price, which no
    question of notebook 05 asks about; returns ipywidgets in JupyterLab, or the
    static opening view when headless (grading, batch runs).
    """
    terms = note_terms()
    assumptions = {
        "face": 100.0,
        "coupon": terms.coupon,
        "years": terms.years,
        "discount": terms.discount,
        "ipo_year": ipo_year,
        "price_change": price_change,
        "default_year": default_year,
        "recovery": recovery,
        "rate": rate,
    }
    chart, text = _explorer_view(scenario, assumptions)  # validates every input
    if headless():
        return StaticView(chart, text)
    return _payoff_widgets(scenario, assumptions)


def _payoff_widgets(scenario: str, assumptions: dict):
    import ipywidgets as w

    style, layout = {"description_width": "230px"}, w.Layout(width="560px")
    pick = w.ToggleButtons(
        options=[(name, key) for key, name in SCENARIO_NAMES.items()],
        value=scenario,
        description="Scenario",
    )
    years = assumptions["years"]
    # (assumption, widget, shown as per cent, min, max, step, label)
    specs = (
        ("ipo_year", w.IntSlider, False, 1, years, 1, "IPO at the end of year"),
        ("price_change", w.FloatSlider, True, -90, 200, 5, "Shares vs IPO price (%)"),
        ("default_year", w.IntSlider, False, 1, years, 1, "Default at the end of year"),
        ("recovery", w.FloatSlider, True, 0, 100, 5, "Recovered in default (%)"),
        ("rate", w.FloatSlider, True, 0, 30, 1, "Discount rate (% a year)"),
    )
    sliders = {
        key: kind(
            value=assumptions[key] * (100 if pct else 1),
            min=low,
            max=high,
            step=step,
            description=label,
        )
        for key, kind, pct, low, high, step, label in specs
    }
    for slider in sliders.values():
        slider.style, slider.layout = style, layout
    percent = {key for key, _, pct, *_ in specs if pct}

    def draw():
        current = dict(assumptions)
        current.update({k: s.value / 100 if k in percent else s.value for k, s in sliders.items()})
        chart, text = _explorer_view(pick.value, current)
        return f"<p>{text}</p>", chart

    summary, out = live_view([pick, *sliders.values()], draw)
    return w.VBox([pick, *sliders.values(), summary, out])
