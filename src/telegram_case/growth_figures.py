"""The figures of notebook 01: Telegram's audience over time, and its speed against VK's.

Each function returns a :class:`~telegram_case.plots.Chart` (figure plus text
alternative) drawn with the course conventions of :mod:`telegram_case.plots`.
"""

from __future__ import annotations

import pandas as pd

from . import plots
from .growth import WELL_SOURCED, milestones
from .plots import PALETTE, Chart, finish_figure, new_figure, require_columns

__all__ = ["growth_chart", "milestone_speed_chart"]

# Round numbers for the log axis: readable ticks instead of powers of ten.
_LOG_TICKS = (50, 100, 200, 300, 500, 700, 1000)


def growth_chart(
    users: pd.DataFrame,
    *,
    scale: str = "log",
    shocks: bool = True,
    highlight: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> Chart:
    """Monthly active users over time, with sign-up shocks marked.

    Parameters
    ----------
    users
        The ``users`` dataset (:func:`telegram_case.load`).
    scale
        ``"log"`` (equal steps are equal growth rates) or ``"linear"``.
    shocks
        Mark the sign-up shocks (outages and privacy scares at competitors).
    highlight
        Two milestone dates to join with a line (the growth explorer uses this).
    """
    if scale not in ("log", "linear"):
        raise ValueError(f"scale must be 'log' or 'linear', not {scale!r}")
    require_columns(users, "users", ["date", "metric", "value", "source_id"])
    mau = milestones(users)
    fig, ax = new_figure()
    plots.reported_series(ax, mau["date"], mau["value"], "Monthly active users (milestones)")
    used_sources = list(mau["source_id"])
    shock_rows = users[users["metric"] == "signups"].sort_values("date") if shocks else None
    if shock_rows is not None and not shock_rows.empty:
        _mark_shocks(ax, shock_rows)
        used_sources += list(shock_rows["source_id"])
    if highlight is not None:
        _mark_interval(ax, mau, highlight)
    _scale_axes(ax, mau, scale)
    ax.legend(loc="lower right", fontsize=8)
    finish_figure(
        fig,
        ax,
        title="Telegram's monthly active users, 2016–2025",
        source_ids=used_sources,
        note="Milestones are company-announced round numbers.",
    )
    return Chart(fig, _growth_alt_text(mau, shock_rows, scale))


def _mark_interval(ax, mau: pd.DataFrame, highlight) -> None:
    """Join two milestones with a thick dotted line (the explorer's selected interval)."""
    start, end = mau.set_index("date").loc[list(highlight), "value"]
    ax.plot(
        list(highlight),
        [start, end],
        color=PALETTE["orange"],
        linewidth=3,
        linestyle=":",
        marker="s",
        label="Selected interval",
    )


def _mark_shocks(ax, shock_rows: pd.DataFrame) -> None:
    """A dashed line and a label for each sign-up shock."""
    for step, (_, row) in enumerate(shock_rows.iterrows()):
        plots.reference_line(ax, row["date"], "vermillion", vertical=True, width=1)
        hours = row.get("window_hours")
        window = f" in {hours:g} h" if pd.notna(hours) else ""
        reported = "" if row.get("confidence") in WELL_SOURCED else " (reported)"
        # Staggered heights keep labels of shocks close in time apart.
        ax.annotate(
            f"{row['date']:%b %Y}: {row['value']:g} M{window}{reported}",
            xy=(row["date"], 0.97 - 0.09 * step),
            xycoords=("data", "axes fraction"),
            xytext=(-3, 0),
            textcoords="offset points",
            va="top",
            ha="right",
            fontsize=7,
            color=PALETTE["black"],
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    ax.plot(
        [],
        [],
        color=PALETTE["vermillion"],
        linestyle="--",
        label="Sign-up shock (competitor outage or privacy scare)",
    )


def _scale_axes(ax, mau: pd.DataFrame, scale: str) -> None:
    ax.set_yscale(scale)
    if scale == "log":
        low, high = mau["value"].min() / 1.5, mau["value"].max() * 1.5
        ticks = [t for t in _LOG_TICKS if low <= t <= high]
        ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax.minorticks_off()
    ax.set_xlabel("Date (milestone announced)")
    ax.set_ylabel(f"Users (millions, {scale} scale)")


def _growth_alt_text(mau: pd.DataFrame, shock_rows: pd.DataFrame | None, scale: str) -> str:
    first, last = mau.iloc[0], mau.iloc[-1]
    alt = (
        f"Line chart on a {scale} scale of Telegram's monthly active users from "
        f"{first['value']:g} million ({first['date']:%B %Y}) to over {last['value']:g} million "
        f"({last['date']:%B %Y}), {len(mau)} milestones."
    )
    if shock_rows is not None and not shock_rows.empty:
        alt += (
            " Dashed vertical lines mark sign-up shocks in "
            + ", ".join(f"{d:%B %Y}" for d in shock_rows["date"])
            + "."
        )
    return alt


def milestone_speed_chart(durations: pd.DataFrame) -> Chart:
    """Horizontal bars: how long each network took to reach a milestone.

    Parameters
    ----------
    durations
        Columns ``network`` (str), ``months`` (number), ``source_id`` (str) and
        optionally ``note`` (str, shown after the bar).
    """
    require_columns(durations, "durations", ["network", "months", "source_id"])
    if (durations["months"] <= 0).any():
        raise ValueError("durations['months'] must be positive")
    fig, ax = new_figure((8.0, 2.8))
    colours = [PALETTE["blue"], PALETTE["orange"], PALETTE["bluish_green"]]
    bars = ax.barh(
        durations["network"],
        durations["months"],
        color=colours[: len(durations)],
        hatch=["", "//", ".."][: len(durations)],
        edgecolor=PALETTE["black"],
    )
    for bar, (_, row) in zip(bars, durations.iterrows(), strict=True):
        note = f" ({row['note']})" if isinstance(row.get("note"), str) else ""
        ax.text(
            bar.get_width(),
            bar.get_y() + bar.get_height() / 2,
            f" {row['months']:g} months{note}",
            va="center",
            fontsize=8,
        )
    ax.set_xlabel("Months from launch to 1 billion messages per day")
    ax.set_ylabel("Network")
    ax.set_xlim(0, durations["months"].max() * 1.35)
    ax.invert_yaxis()
    finish_figure(
        fig,
        ax,
        title="Time to one billion messages a day",
        source_ids=durations["source_id"],
        note="Figures as stated by Pavel Durov (2014).",
    )
    alt = (
        "Horizontal bar chart of months from launch to one billion messages a day: "
        + "; ".join(f"{row['network']} {row['months']:g} months" for _, row in durations.iterrows())
        + "."
    )
    return Chart(fig, alt)
