"""The figures of notebook 04: what-if values of the announced xAI deal, and a yardstick.

Every figure says on its face that its values are hypothetical: Durov announced the
deal on 28 May 2025 and no signing was ever reported (``load("xai_deal")``).
Each chart function returns a :class:`~telegram_case.plots.Chart` whose text
alternative is built by :func:`text_alternative`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from . import plots
from .plots import PALETTE, Chart, finish_figure, new_figure, require_columns, stacked_bars

__all__ = [
    "NOT_SIGNED",
    "REVENUE_SOURCE",
    "TERMS_SOURCE",
    "breakdown_chart",
    "percent",
    "premium_yardstick_chart",
    "scenario_chart",
    "sensitivity_heatmap",
    "text_alternative",
]

TERMS_SOURCE = "cnbc_nbc_2025_xai_deal"
REVENUE_SOURCE = "ideacom_ft_2025_540m"  # FY2024 revenue, about $1.4 bn (FT)
# "$300 M in cash and equity": the form of the payment, which the breakdown splits
FORM_SOURCE = "wion_2025_durov_musk"
NOT_SIGNED = "Announced 28 May 2025; no signing was ever reported: every value is hypothetical."
REVENUE_LABEL = "Telegram's 2024 revenue"


def percent(fraction: float) -> str:
    """A fraction as a short percentage: 0.0025 -> '0.25 %', 0.03 -> '3 %'."""
    return f"{fraction * 100:.2f}".rstrip("0").rstrip(".") + " %"


def text_alternative(
    shows: str,
    parts: str = "",
    *,
    reference: float | None = None,
    reference_label: str = REVENUE_LABEL,
) -> str:
    """The text alternative of a deal figure: what it shows, its values, its reference line."""
    text = f"{shows} {parts}".strip()
    text = text if text.endswith(".") else text + "."
    if reference is not None:
        text += f" A dashed line marks {reference_label} at {reference:,.0f} USD million."
    return text


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
    fig.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=ncol,
        fontsize=8,
        frameon=False,
    )


def _reference_line(ax, reference: float | None, label: str) -> None:
    if reference is not None:
        text = f"{label} (${reference:,.0f} M)"
        plots.reference_line(ax, reference, "vermillion", text, vertical=True, width=1.5)


# --- the sensitivity heat map -----------------------------------------------------------------


def _grid_values(grid) -> np.ndarray:
    if not isinstance(grid, pd.DataFrame):
        raise TypeError(f"grid should be a pandas DataFrame, not {type(grid).__name__}")
    if grid.empty:
        raise ValueError("grid is empty")
    values = grid.to_numpy(dtype="float64")
    if not np.isfinite(values).all():
        raise ValueError("grid has missing or infinite values")
    return values


def _label_cells(ax, values: np.ndarray, reference: float | None) -> None:
    """Write each cell's value; outline the cells at or above ``reference``."""
    low, high = values.min(), values.max()
    for (i, j), value in np.ndenumerate(values):
        level = (value - low) / (high - low) if high > low else 0.0
        above = reference is not None and value >= reference
        # cividis runs from dark blue to light yellow: dark text on the light half
        ax.text(
            j,
            i,
            f"{value:,.0f}",
            ha="center",
            va="center",
            fontsize=8,
            fontweight="bold" if above else "normal",
            color=PALETTE["black"] if level > 0.55 else "white",
        )
        if above:  # a white band under a black line shows on dark and light cells
            for colour, width in (("white", 4.0), (PALETTE["black"], 1.8)):
                ax.add_patch(
                    Rectangle(
                        (j - 0.42, i - 0.38),
                        0.84,
                        0.76,
                        fill=False,
                        edgecolor=colour,
                        linewidth=width,
                    )
                )


def _heatmap_axes(fig, ax, grid: pd.DataFrame, image) -> None:
    """Ticks, axis labels and colour bar of the heat map."""
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(range(grid.shape[1]), [f"${p:g}" for p in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [percent(c) for c in grid.index])
    ax.set_xlabel("Monthly subscription price (USD per month, scenario assumption)")
    ax.set_ylabel("Conversion (% of users reached\nwho subscribe, assumption)")
    fig.colorbar(image, ax=ax, pad=0.02).set_label("Hypothetical value to Telegram (USD million)")


def _heatmap_values_text(grid: pd.DataFrame, values: np.ndarray, reference, label) -> str:
    text = (
        f"{values.shape[0]} conversion rates from {percent(grid.index[0])} to "
        f"{percent(grid.index[-1])} by {values.shape[1]} monthly prices from "
        f"${grid.columns[0]:g} to ${grid.columns[-1]:g}; values run from "
        f"{values.min():,.0f} to {values.max():,.0f} USD million, rising with both "
        "conversion and price."
    )
    if reference is not None:
        reached = int((values >= reference).sum())
        text += f" {reached} of {values.size} cells reach {label} ({reference:,.0f} USD million)."
    return text


def sensitivity_heatmap(
    grid: pd.DataFrame,
    *,
    reference: float | None = None,
    reference_label: str = REVENUE_LABEL,
    source_ids=(TERMS_SOURCE,),
    note: str = "",
) -> Chart:
    """A heat map of a :func:`~telegram_case.deal.sensitivity_grid`, every cell labelled.

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
    values = _grid_values(grid)
    fig, ax = new_figure((8.0, 5.2))
    image = ax.imshow(values, cmap="cividis", aspect="auto", origin="lower")
    _label_cells(ax, values, reference)
    _heatmap_axes(fig, ax, grid, image)
    line = f"Fixed payment plus revenue share; conversion and price are assumptions. {NOT_SIGNED}"
    finish_figure(
        fig,
        ax,
        title="What-if values of the announced xAI deal (no signing reported)",
        source_ids=source_ids,
        note=f"{line} {note}".strip(),
    )
    if reference is not None:
        label = f"Outlined, bold: at least {reference_label} (${reference:,.0f} M)"
        outline = Patch(facecolor="none", edgecolor=PALETTE["black"], linewidth=1.8, label=label)
        _legend_below(fig, ax, ncol=1, handles=[outline])
    shows = "Heat map of the hypothetical value of the announced xAI deal to Telegram,"
    return Chart(
        fig, text_alternative(shows, _heatmap_values_text(grid, values, reference, reference_label))
    )


# --- bars: the scenarios and the simulator's breakdown ---------------------------------------


def _scenario_numbers(scenarios: pd.DataFrame) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Names, totals and contingent parts of a scenario table, or a ValueError."""
    require_columns(scenarios, "scenarios", ["scenario", "total_value", "contingent_fraction"])
    if scenarios.empty:
        raise ValueError("scenarios has no rows")
    total = pd.to_numeric(scenarios["total_value"], errors="coerce").to_numpy(dtype="float64")
    share = pd.to_numeric(scenarios["contingent_fraction"], errors="coerce").to_numpy("float64")
    if not (np.isfinite(total).all() and np.isfinite(share).all()):
        raise ValueError("scenarios has missing or non-numeric total_value or contingent_fraction")
    return [str(name) for name in scenarios["scenario"]], total, total * share


def scenario_chart(
    scenarios: pd.DataFrame,
    *,
    reference: float | None = None,
    reference_label: str = REVENUE_LABEL,
    source_ids=(TERMS_SOURCE,),
) -> Chart:
    """Stacked horizontal bars: the fixed part and the contingent part of each scenario.

    Parameters
    ----------
    scenarios
        Columns ``scenario``, ``total_value`` (USD million) and ``contingent_fraction``
        (the part of the total that depends on subscriptions being sold), as in
        notebook 04's question Q3 or :func:`~telegram_case.deal.scenario_values`.
    reference
        Optional value in USD million drawn as a dashed line (e.g. 2024 revenue).
    """
    names, total, contingent = _scenario_numbers(scenarios)
    fig, ax = new_figure((8.0, 3.6))
    stacked_bars(
        ax,
        names,
        [
            (
                total - contingent,
                "Fixed payment (cash and xAI equity, as announced)",
                PALETTE["blue"],
                "",
            ),
            (contingent, "Contingent: the revenue share (assumptions)", PALETTE["orange"], "//"),
        ],
        horizontal=True,
    )
    for name, value in zip(names, total, strict=True):
        ax.text(value, name, f" ${value:,.0f} M", va="center", fontsize=8)
    _reference_line(ax, reference, reference_label)
    ax.set_xlim(0, max(total.max(), reference or 0.0, 1.0) * 1.2)
    ax.invert_yaxis()
    ax.set_xlabel("Hypothetical value to Telegram over the term (USD million)")
    ax.set_ylabel("Scenario (assumptions)")
    finish_figure(
        fig,
        ax,
        title="Your what-if scenarios for the announced deal",
        source_ids=source_ids,
        note=NOT_SIGNED,
    )
    _legend_below(fig, ax, ncol=1)
    parts = "; ".join(
        f"{name}: {value:,.0f} USD million, of which {part:,.0f} contingent on subscriptions"
        for name, value, part in zip(names, total, contingent, strict=True)
    )
    shows = "Stacked bar chart of the hypothetical value of the announced xAI deal."
    return Chart(
        fig, text_alternative(shows, parts, reference=reference, reference_label=reference_label)
    )


_BREAKDOWN_PARTS = (
    ("cash", "Cash (fixed once signed)", PALETTE["blue"], ""),
    ("equity", "xAI shares (fixed amount, worth what xAI is worth)", PALETTE["sky_blue"], ".."),
    ("revenue_share", "Revenue share (contingent on sales)", PALETTE["orange"], "//"),
)


def breakdown_chart(
    breakdown: dict, *, reference: float | None = None, reference_label: str = REVENUE_LABEL
) -> Chart:
    """One stacked bar: cash, xAI equity and the contingent revenue share.

    ``breakdown`` is the output of :func:`~telegram_case.deal.deal_breakdown`.
    """
    missing = [k for k in ("cash", "equity", "revenue_share", "total") if k not in breakdown]
    if missing:
        raise ValueError(f"breakdown lacks the key(s) {missing}")
    fig, ax = new_figure((8.0, 2.6))
    stacked_bars(
        ax,
        ["Deal"],
        [
            ([breakdown[key]], f"{label}: ${breakdown[key]:,.0f} M", colour, hatch)
            for key, label, colour, hatch in _BREAKDOWN_PARTS
        ],
        horizontal=True,
    )
    _reference_line(ax, reference, reference_label)
    ax.set_xlim(0, max(breakdown["total"], reference or 0.0, 1.0) * 1.1)
    ax.set_yticks([])
    ax.set_xlabel("Hypothetical value to Telegram (USD million)")
    finish_figure(
        fig,
        ax,
        title="Your scenario: what was fixed and what was contingent",
        source_ids=[TERMS_SOURCE, FORM_SOURCE, *([REVENUE_SOURCE] if reference else [])],
        note="The cash/equity split was not disclosed (assumption). " + NOT_SIGNED,
    )
    _legend_below(fig, ax, ncol=2)
    values = (
        f"of {breakdown['total']:,.0f} USD million: cash {breakdown['cash']:,.0f}, "
        f"xAI equity {breakdown['equity']:,.0f}, revenue share "
        f"{breakdown['revenue_share']:,.0f}"
    )
    return Chart(
        fig,
        text_alternative(
            "One stacked bar of a hypothetical deal value",
            values,
            reference=reference,
            reference_label=reference_label,
        ),
    )


# --- the yardstick: Premium since its launch ------------------------------------------------


_SCENARIO_LINES = ((":", "bluish_green"), ("-.", "orange"), ("--", "vermillion"), ("-", "black"))


def _scenario_lines(ax, assumed: pd.DataFrame, term_months: float) -> None:
    """One horizontal line per scenario over the deal's term, each in its own line style."""
    for row, (style, colour) in zip(assumed.itertuples(index=False), _SCENARIO_LINES, strict=False):
        ax.hlines(
            row.subscribers,
            0,
            term_months,
            colors=PALETTE[colour],
            linestyles=style,
            linewidth=2,
            label=f"{row.scenario} scenario assumes {row.subscribers:g} M (assumption)",
        )


def _yardstick_text(premium: pd.DataFrame, assumed: pd.DataFrame, term_months: float) -> str:
    reached = "; ".join(
        f"{s:g} M after {m:.0f} months"
        for m, s in zip(premium["months_since_launch"], premium["subscribers"], strict=True)
    )
    scenarios = "; ".join(
        f"{r.scenario} {r.subscribers:g} M" for r in assumed.itertuples(index=False)
    )
    return (
        f"{reached}. Over the deal's {term_months:g}-month term the scenarios assume: {scenarios}"
    )


def premium_yardstick_chart(
    premium: pd.DataFrame, assumed: pd.DataFrame, *, term_months: float = 12.0
) -> Chart:
    """Premium's paying subscribers by months since launch, and what the scenarios assume.

    Parameters
    ----------
    premium
        Columns ``months_since_launch``, ``subscribers`` (million) and ``source_id``
        (see :func:`~telegram_case.deal.premium_since_launch`).
    assumed
        Columns ``scenario`` and ``subscribers`` (million): the paying subscribers each
        scenario assumes during the deal's term (users reached × conversion); at most four.
    term_months
        The deal's term, shaded from month 0.
    """
    require_columns(premium, "premium", ["months_since_launch", "subscribers", "source_id"])
    require_columns(assumed, "assumed", ["scenario", "subscribers"])
    if len(assumed) > len(_SCENARIO_LINES):
        raise ValueError(
            f"assumed has {len(assumed)} scenarios; the chart draws at most {len(_SCENARIO_LINES)}"
        )
    fig, ax = new_figure((8.0, 4.2))
    ax.axvspan(
        0,
        term_months,
        color=PALETTE["sky_blue"],
        alpha=0.25,
        label=f"The deal's term ({term_months:g} months from launch)",
    )
    plots.reported_series(
        ax,
        premium["months_since_launch"],
        premium["subscribers"],
        "Telegram Premium, paying subscribers (reported)",
    )
    _scenario_lines(ax, assumed, term_months)
    ax.set_xlim(0, max(float(premium["months_since_launch"].max()), term_months) * 1.05)
    top = max(float(premium["subscribers"].max()), float(assumed["subscribers"].max()))
    ax.set_ylim(0, top * 1.15)
    ax.set_xlabel("Months since launch (Premium: June 2022)")
    ax.set_ylabel("Paying subscribers (million)")
    finish_figure(
        fig,
        ax,
        title="Premium's subscribers since launch, and what the scenarios assume",
        source_ids=list(premium["source_id"]),
        note="The scenario lines are assumptions for a deal that was not realised.",
    )
    _legend_below(fig, ax, ncol=2)
    shows = "Line chart of Telegram Premium's paying subscribers by months since its launch:"
    return Chart(fig, text_alternative(shows, _yardstick_text(premium, assumed, term_months)))
