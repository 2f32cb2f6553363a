"""Telegram's revenue as the reports give it: by period, by component, and with its one-off.

Notebook 02 shows the revenue that the seed said did not exist; notebook 05 shows
the revenue an investment committee saw in May 2025. Each chart is drawn from the
``monetization`` dataset (:func:`telegram_case.load`):

- :func:`revenue_history_chart`: revenue and net profit by period, full years
  and first half-years in separate panels, the FY2025 target as a target (notebook 02);
- :func:`revenue_mix_chart`: what one period's revenue was made of, as reported,
  and how much the reports do not itemise (notebook 02);
- :func:`revenue_one_off_chart`: FY2023, H1 2024 and FY2024 revenue with the
  one-off Toncoin-ads exclusivity deal of H1 2024 drawn as its own segment, and FY2024
  split where the student's recurring revenue puts it (notebook 05).
"""

from __future__ import annotations

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from .plots import PALETTE, Chart, finish_figure, new_figure, require_columns, stacked_bars
from .validation import finite_number

__all__ = ["revenue_history_chart", "revenue_mix_chart", "revenue_one_off_chart"]


# --- revenue and profit by period, and the revenue mix (notebook 02) ---------------------------

_CONFIDENCE_RANK = {"high": 0, "medium-high": 1, "medium": 2, "medium-low": 3, "low": 4}
_FLOORS = ("over", "at_least")
_MONEY_COLUMNS = [
    "row_id",
    "period_label",
    "period_start",
    "period_end",
    "item",
    "component",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "confidence",
    "source_id",
]
_COMPONENT_LABELS = {
    "ton_exclusivity": "TON exclusivity agreements",
    "advertising": "Advertising (Sponsored Messages)",
    "premium": "Telegram Premium",
    "toncoin_ads_exclusivity": "Toncoin-ads exclusivity deal (one-off)",
    "not_itemised": "Not itemised in the reports",
}


def _period_days(row) -> int:
    return int((row["period_end"] - row["period_start"]).days) + 1


def _one_per_period(money: pd.DataFrame, item: str) -> pd.DataFrame:
    """One figure per period: the best-supported estimate, never a mere floor if there is more."""
    rows = money[money["item"] == item].copy()
    rows["_floor"] = rows["qualifier"].isin(_FLOORS)
    rows["_rank"] = rows["confidence"].map(_CONFIDENCE_RANK).fillna(9)
    rows = rows.sort_values(["_floor", "_rank"], kind="stable")
    return rows.drop_duplicates("period_label").sort_values("period_start")


def _money_label(row) -> str:
    value = row["value"]
    if row["qualifier"] == "range" and pd.notna(row.get("value_high")):
        return f"{value:,.0f}–{row['value_high']:,.0f}"
    mark = {"under": "< ", "over": "> ", "at_least": "≥ ", "about": "~"}.get(row["qualifier"], "")
    return f"{mark}{value:,.0f}".replace("-", "−")


def revenue_history_chart(monetization: pd.DataFrame) -> Chart:
    """Revenue and net profit by period, full years and first half-years in separate panels.

    A half-year is never drawn next to a full year: the left panel holds full
    years (with the FY2025 revenue *target* as an empty dashed bar, since FY2025
    actuals were not found), the right panel the first halves (January–June).

    Parameters
    ----------
    monetization
        The ``monetization`` dataset (:func:`telegram_case.load`).
    """
    require_columns(monetization, "monetization", _MONEY_COLUMNS)
    revenue = _one_per_period(monetization, "revenue")
    profit = _one_per_period(monetization, "net_profit").set_index("period_label")
    target = monetization[monetization["item"] == "revenue_target"]
    if revenue.empty:
        raise ValueError("monetization has no rows with item 'revenue'")
    days = revenue.apply(_period_days, axis=1)
    full = revenue[days >= 360]
    half = revenue[(days >= 178) & (days <= 184)]

    fig = Figure(figsize=(9.5, 5.0), dpi=matplotlib.rcParams["figure.dpi"])
    ax_full, ax_half = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2]})
    used = _draw_revenue_panel(ax_full, full, profit, target)
    used += _draw_revenue_panel(ax_half, half, profit, target.iloc[0:0])
    ax_full.set_xlabel("Full financial year (January–December)")
    ax_half.set_xlabel("First half-year only (January–June)")
    ax_full.set_ylabel("USD million")
    ax_half.tick_params(labelleft=True)
    low = min(0.0, float(profit["value"].min()) if not profit.empty else 0.0)
    high = max(float(revenue["value"].max()), float(target["value"].max()) if len(target) else 0)
    ax_full.set_ylim(low * 1.7, high * 1.18)
    ax_full.legend(loc="upper left", fontsize=8.5)
    finish_figure(
        fig,
        ax_full,
        title="Telegram's revenue and net profit: full years and first halves kept apart",
        source_ids=used,
        note="Labels under the bars give the confidence of each figure. "
        "Where sources differ, the best-supported estimate is shown, never a floor "
        "('more than').",
    )
    return Chart(fig, _revenue_alt_text(full, half, profit, target))


_BAR_WIDTH = 0.38


def _draw_revenue_panel(
    ax, rows: pd.DataFrame, profit: pd.DataFrame, targets: pd.DataFrame
) -> list[str]:
    """Revenue and net profit bars for some periods, then dashed target bars; the source ids."""
    used, labels = [], []
    for x, (_, row) in enumerate(rows.iterrows()):
        first = x == 0  # one legend entry per kind of bar
        _value_bar(ax, x - _BAR_WIDTH / 2, row, PALETTE["blue"], "", "Revenue" if first else None)
        used.append(row["source_id"])
        labels.append(f"{row['period_label']}\n({row['confidence']})")
        if row["period_label"] in profit.index:
            p = profit.loc[row["period_label"]]
            label = "Net profit (loss below zero)" if first else None
            _value_bar(ax, x + _BAR_WIDTH / 2, p, PALETTE["orange"], "//", label)
            used.append(p["source_id"])
    for _, row in targets.iterrows():
        _target_bar(ax, len(labels), row)
        used.append(row["source_id"])
        labels.append(f"{row['period_label']}\n(target, {row['confidence']})")
    ax.set_xticks(range(len(labels)), labels)
    ax.axhline(0, color=PALETTE["black"], linewidth=0.8)
    ax.set_xlim(-0.7, max(len(labels), 2) - 0.3)
    return used


def _label_bar(ax, text: str, x: float, value: float) -> None:
    """Write ``text`` at the end of a bar: above it, or below it if the bar goes down."""
    below = value < 0
    ax.annotate(
        text,
        (x, value),
        xytext=(0, -3 if below else 3),
        textcoords="offset points",
        ha="center",
        va="top" if below else "bottom",
        fontsize=9,
    )


def _value_bar(ax, x: float, row, colour: str, hatch: str, label: str | None) -> None:
    """One reported figure as a bar, labelled with its value."""
    ax.bar(
        x,
        row["value"],
        _BAR_WIDTH,
        color=colour,
        hatch=hatch,
        edgecolor=PALETTE["black"],
        label=label,
    )
    _label_bar(ax, _money_label(row), x, row["value"])


def _target_bar(ax, x: int, row) -> None:
    """A revenue target as an empty dashed bar, with a remark that no actuals were found."""
    ax.bar(
        x - _BAR_WIDTH / 2,
        row["value"],
        _BAR_WIDTH,
        facecolor="none",
        edgecolor=PALETTE["blue"],
        linestyle="--",
        linewidth=1.5,
        hatch="..",
        label="Revenue target (not an actual)",
    )
    _label_bar(ax, f"target\n{row['value']:,.0f}", x - _BAR_WIDTH / 2, row["value"])
    ax.annotate(
        "actuals\nnot found",
        (x + 0.03, 0),
        xytext=(0, 4),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=8.5,
        fontstyle="italic",
    )


def _revenue_alt_text(full, half, profit, target) -> str:
    """The revenue chart in words: each period's revenue and profit, and the targets."""

    def periods(rows):
        return "; ".join(
            f"{r['period_label']} revenue {_money_label(r)}"
            + (
                f", net profit {_money_label(profit.loc[r['period_label']])}"
                if r["period_label"] in profit.index
                else ""
            )
            for _, r in rows.iterrows()
        )

    alt = "Bar chart in two panels, in USD million. Full years: " + periods(full)
    if len(target):
        alt += "; " + "; ".join(
            f"{r['period_label']} revenue target {r['value']:,.0f} (a target; actuals not found)"
            for _, r in target.iterrows()
        )
    alt += ". First halves: " + periods(half) + "."
    return alt.replace("−", "minus ")


def _revenue_components(monetization: pd.DataFrame, period: str) -> tuple[pd.DataFrame, pd.Series]:
    rows = monetization[monetization["period_label"] == period]
    parts = rows[rows["item"] == "revenue_component"]
    totals = _one_per_period(rows, "revenue")
    if parts.empty or totals.empty:
        reported = sorted(
            set(monetization.loc[monetization["item"] == "revenue_component", "period_label"])
        )
        raise ValueError(
            f"period {period!r} has no reported revenue breakdown; the data "
            f"breaks revenue down only for {reported}"
        )
    total = totals.iloc[0]
    frame = parts[["component", "value", "qualifier", "source_id", "confidence"]]
    frame = frame.reset_index(drop=True)
    rest = total["value"] - frame["value"].sum()
    if rest > 0:
        frame.loc[len(frame)] = [
            "not_itemised",
            rest,
            "exact",
            total["source_id"],
            total["confidence"],
        ]
    frame["share"] = frame["value"] / total["value"]
    return frame, total


def revenue_mix_chart(monetization: pd.DataFrame, period: str = "H1-2025") -> Chart:
    """What one period's revenue was made of, as reported, and how much was not itemised.

    Parameters
    ----------
    monetization
        The ``monetization`` dataset.
    period
        A ``period_label`` with reported revenue components: ``"H1-2025"`` or ``"H1-2024"``.

    Raises
    ------
    ValueError
        If the data has no revenue breakdown for ``period`` (FY2024, for example).
    """
    require_columns(monetization, "monetization", _MONEY_COLUMNS)
    if not isinstance(period, str):
        raise TypeError(f"period must be a period label such as 'H1-2025', not {period!r}")
    frame, total = _revenue_components(monetization, period)
    frame = frame.sort_values("value", ascending=True, kind="stable").reset_index(drop=True)
    # not itemised last (at the bottom) so that the reported parts read first
    not_itemised = frame["component"] == "not_itemised"
    frame = pd.concat([frame[not_itemised], frame[~not_itemised]], ignore_index=True)
    fig, ax = new_figure((9.0, 0.75 * len(frame) + 1.9))
    _draw_component_bars(ax, frame)
    ax.set_xlim(0, frame["value"].max() * 1.45)
    ax.set_xlabel(f"USD million, {period} (total revenue {total['value']:,.0f})")
    ax.set_ylabel("Revenue component")
    ax.grid(axis="y", visible=False)
    reported_sum = frame.loc[frame["component"] != "not_itemised", "value"].sum()
    finish_figure(
        fig,
        ax,
        title=f"What Telegram's {period} revenue was made of, as reported",
        source_ids=list(frame["source_id"]),
        note=f"The reported components add up to {reported_sum:,.0f} of "
        f"{total['value']:,.0f}; the rest is not itemised. Confidence: "
        f"{', '.join(sorted(set(frame['confidence'])))}.",
    )
    return Chart(fig, _revenue_mix_alt_text(frame, total, period))


_COMPONENT_COLOURS = ("blue", "bluish_green", "reddish_purple", "sky_blue")
_COMPONENT_HATCHES = ("", "..", "\\\\", "--")


def _draw_component_bars(ax, frame: pd.DataFrame) -> None:
    """One horizontal bar per component with its value and share; the rest hatched in white."""
    for y, row in frame.iterrows():
        reported = row["component"] != "not_itemised"
        ax.barh(
            y,
            row["value"],
            color=PALETTE[_COMPONENT_COLOURS[y % len(_COMPONENT_COLOURS)]] if reported else "white",
            hatch=_COMPONENT_HATCHES[y % len(_COMPONENT_HATCHES)] if reported else "xx",
            edgecolor=PALETTE["black"],
        )
        ax.annotate(
            f"{_money_label(row)} ({row['share']:.0%} of revenue)",
            (row["value"], y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(range(len(frame)), [_component_label(c) for c in frame["component"]])


def _component_label(component) -> str:
    return _COMPONENT_LABELS.get(component, str(component))


def _revenue_mix_alt_text(frame: pd.DataFrame, total: pd.Series, period: str) -> str:
    """The revenue mix in words: each component's value and share, largest first."""
    parts = "; ".join(
        f"{_component_label(r['component'])} {r['value']:,.0f} ({r['share']:.0%})"
        for _, r in frame.iloc[::-1].iterrows()
    )
    return (
        f"Horizontal bar chart of {period} revenue components in USD million, out of a total "
        f"of {total['value']:,.0f}: {parts}."
    )


# --- revenue with its one-off deal (notebook 05) -----------------------------------------------

_REVENUE_PERIODS = (
    ("fy2023_revenue", None, "FY2023"),
    ("h1_2024_revenue", "h1_2024_toncoin_ads_exclusivity", "H1 2024"),
    ("fy2024_revenue", None, "FY2024"),
)


def _revenue_2024(money: pd.DataFrame, recurring_2024) -> tuple[list, float, float]:
    """(each period's revenue, ``recurring_2024`` checked, the one-off deal's revenue) from
    ``money``, the ``monetization`` dataset indexed by ``row_id``."""
    missing = [r for period in _REVENUE_PERIODS for r in period[:2] if r and r not in money.index]
    if missing:
        raise ValueError(f"monetization lacks the row(s) {missing}")
    totals = [float(money.loc[total_id, "value"]) for total_id, _, _ in _REVENUE_PERIODS]
    recurring = finite_number("recurring_2024", recurring_2024)
    if not 0 <= recurring <= totals[2]:
        raise ValueError(
            f"recurring_2024 is {recurring:,.1f}: part of FY2024's reported revenue "
            f"({totals[2]:,.0f} USD million) is from 0 to that figure"
        )
    return totals, recurring, float(money.loc[_REVENUE_PERIODS[1][1], "value"])


def revenue_one_off_chart(monetization: pd.DataFrame, recurring_2024) -> Chart:
    """Revenue by period as the committee saw it, with FY2024 split by the student's answer.

    The one-off Toncoin-ads exclusivity of H1 2024 is drawn as a hatched segment of the
    H1 2024 bar; the FY2024 bar is split at ``recurring_2024`` (USD million, the
    student's recurring 2024 revenue), the rest hatched. The same deal sits in both 2024
    bars, so the two hatched segments are the same size when ``recurring_2024`` is right.
    The chart draws no recurring FY2024 figure of its own: that is what students compute.

    Raises
    ------
    ValueError
        If a row is missing, or ``recurring_2024`` is not between 0 and FY2024's revenue.
    """
    require_columns(monetization, "monetization", ["row_id", "value", "source_id"])
    money = monetization.set_index("row_id")
    totals, recurring, one_off = _revenue_2024(money, recurring_2024)
    rest = [0.0, one_off, totals[2] - recurring]
    fig, ax = new_figure()
    stacked_bars(
        ax,
        [label for *_, label in _REVENUE_PERIODS],
        [
            (
                [totals[0], totals[1] - one_off, recurring],
                "Recurring revenue (FY2024: yours)",
                PALETTE["blue"],
                "",
            ),
            (rest, "One-off Toncoin-ads exclusivity (FY2024: the rest)", PALETTE["orange"], "//"),
        ],
    )
    ax.set_xlabel("Reporting period (H1 is six months, FY twelve)")
    ax.set_ylabel("Revenue (USD million)")
    ax.legend(loc="upper left", fontsize=8)
    ids = [money.loc[r, "source_id"] for period in _REVENUE_PERIODS for r in period[:2] if r]
    finish_figure(
        fig,
        ax,
        title="Telegram's revenue as reported by May 2025, with your 2024 split",
        source_ids=ids,
        note="FT figures from Telegram's unaudited accounts and investor presentation.",
    )
    alt = (
        "Bar chart of Telegram's revenue in three reporting periods: FY2023, the six months "
        "H1 2024 and FY2024. The H1 2024 bar carries a hatched segment for the one-off "
        f"Toncoin-ads exclusivity deal of {one_off:,.0f} USD million; the FY2024 bar is split "
        f"at your recurring revenue of {recurring:,.0f} USD million, leaving a hatched rest "
        f"of {rest[2]:,.0f}. Two bars are full years and one is half a year, so compare like "
        "with like."
    )
    return Chart(fig, alt)
