"""Figures of the course: titled, labelled with units, sourced, colour-blind safe.

Every figure function returns a :class:`Chart`: the matplotlib figure plus a
text alternative.
In JupyterLab a Chart shows as an image with that text as its ``alt`` and as a
visible caption; in a plain-text front end it shows the text alternative.
Colours come from the Okabe–Ito palette, designed to stay distinguishable
with the common colour-vision deficiencies; lines also differ by marker and
style, so no figure relies on colour alone.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

__all__ = [
    "NO_MATH",
    "PALETTE",
    "Chart",
    "finish_figure",
    "growth_chart",
    "milestone_speed_chart",
    "new_figure",
    "require_columns",
    "use_course_style",
]

# JupyterLab typesets $...$ in HTML output as LaTeX, which turns "$850 M at $0.37" into
# italic maths; HTML the course shows carries this class to opt out.
NO_MATH = "tex2jax_ignore mathjax_ignore"

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
_CYCLE = [PALETTE[k] for k in ("blue", "orange", "bluish_green", "vermillion",
                               "reddish_purple", "sky_blue", "black")]


def use_course_style() -> None:
    """Apply the course's matplotlib defaults (palette, sizes, no top/right spines)."""
    matplotlib.rcParams.update({
        "axes.prop_cycle": matplotlib.cycler(color=_CYCLE),
        "figure.figsize": (8.0, 4.5),
        "figure.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "font.size": 10,
    })


@dataclass
class Chart:
    """A figure with its text alternative.

    Attributes
    ----------
    figure
        The matplotlib figure (title, axis labels with units, source line).
    alt_text
        What the figure shows, in words, for readers who cannot see it.
    """

    figure: Figure
    alt_text: str

    def png(self) -> bytes:
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = self.png()
        encoded = base64.b64encode(png).decode("ascii")
        alt = html.escape(self.alt_text, quote=True)
        figure_html = (
            f'<figure class="{NO_MATH}">'
            f'<img src="data:image/png;base64,{encoded}" alt="{alt}" '
            'style="max-width:100%"/>'
            f"<figcaption><strong>Text alternative:</strong> {html.escape(self.alt_text)}"
            "</figcaption></figure>"
        )
        return {
            "text/html": figure_html,
            "image/png": encoded,
            "text/plain": f"[Figure] {self.alt_text}",
        }


def finish_figure(fig: Figure, ax, *, title: str, source_ids, note: str = "") -> None:
    """Give a figure its title and its source line (the source ids it was drawn from)."""
    # parse_math=False: a "$" in a title or note is a dollar sign, not mathtext.
    ax.set_title(title, loc="left", fontweight="bold", parse_math=False)
    ids = ", ".join(sorted(set(source_ids)))
    line = textwrap.fill(f"Source: course data ({ids}); see data/sources.csv. {note}".strip(),
                         width=120)
    fig.text(0.01, -0.02, line, fontsize=7, va="top", ha="left", parse_math=False)
    fig.tight_layout()


def new_figure():
    """A course-styled figure with one axes."""
    # A bare Figure, not pyplot: nothing is drawn twice and no GUI backend is needed.
    rc = matplotlib.rcParams
    fig = Figure(figsize=rc["figure.figsize"], dpi=rc["figure.dpi"])
    return fig, fig.add_subplot()


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
    mau = users[users["metric"] == "monthly_active_users"].sort_values("date")
    if mau.empty:
        raise ValueError("users has no rows with metric 'monthly_active_users'")
    fig, ax = new_figure()
    ax.plot(mau["date"], mau["value"], marker="o", color=PALETTE["blue"],
            label="Monthly active users (milestones)")
    used_sources = list(mau["source_id"])
    shock_rows = users[users["metric"] == "signups"].sort_values("date") if shocks else None
    if shock_rows is not None and not shock_rows.empty:
        for step, (_, row) in enumerate(shock_rows.iterrows()):
            ax.axvline(row["date"], color=PALETTE["vermillion"], linestyle="--", linewidth=1)
            hours = row.get("window_hours")
            window = f" in {hours:g} h" if pd.notna(hours) else ""
            reported = " (reported)" if row.get("confidence") == "low" else ""
            # Staggered heights keep labels of shocks close in time apart.
            ax.annotate(f"{row['date']:%b %Y}: {row['value']:g} M{window}{reported}",
                        xy=(row["date"], 0.97 - 0.09 * step), xycoords=("data", "axes fraction"),
                        xytext=(-3, 0), textcoords="offset points", va="top", ha="right",
                        fontsize=7, color=PALETTE["black"],
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                              "alpha": 0.8})
        ax.plot([], [], color=PALETTE["vermillion"], linestyle="--",
                label="Sign-up shock (competitor outage or privacy scare)")
        used_sources += list(shock_rows["source_id"])
    if highlight is not None:
        start, end = (mau.set_index("date").loc[list(highlight), "value"])
        ax.plot(list(highlight), [start, end], color=PALETTE["orange"], linewidth=3,
                linestyle=":", marker="s", label="Selected interval")
    ax.set_yscale(scale)
    if scale == "log":  # readable numbers instead of powers of ten
        ticks = [t for t in (50, 100, 200, 300, 500, 700, 1000) if
                 mau["value"].min() / 1.5 <= t <= mau["value"].max() * 1.5]
        ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax.minorticks_off()
    ax.set_xlabel("Date (milestone announced)")
    ax.set_ylabel("Users (millions, " + ("log scale" if scale == "log" else "linear scale") + ")")
    ax.legend(loc="lower right", fontsize=8)
    finish_figure(fig, ax, title="Telegram's monthly active users, 2016–2025",
                  source_ids=used_sources,
            note="Milestones are company-announced round numbers.")
    first, last = mau.iloc[0], mau.iloc[-1]
    alt = (
        f"Line chart on a {scale} scale of Telegram's monthly active users from "
        f"{first['value']:g} million ({first['date']:%B %Y}) to over {last['value']:g} million "
        f"({last['date']:%B %Y}), {len(mau)} milestones."
    )
    if shock_rows is not None and not shock_rows.empty:
        alt += " Dashed vertical lines mark sign-up shocks in " + ", ".join(
            f"{d:%B %Y}" for d in shock_rows["date"]) + "."
    return Chart(fig, alt)


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
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 2.8)
    colours = [PALETTE["blue"], PALETTE["orange"], PALETTE["bluish_green"]]
    bars = ax.barh(durations["network"], durations["months"],
                   color=colours[: len(durations)], hatch=["", "//", ".."][: len(durations)],
                   edgecolor=PALETTE["black"])
    for bar, (_, row) in zip(bars, durations.iterrows(), strict=True):
        note = f" ({row['note']})" if isinstance(row.get("note"), str) else ""
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                f" {row['months']:g} months{note}", va="center", fontsize=8)
    ax.set_xlabel("Months from launch to 1 billion messages per day")
    ax.set_ylabel("Network")
    ax.set_xlim(0, durations["months"].max() * 1.35)
    ax.invert_yaxis()
    finish_figure(fig, ax, title="Time to one billion messages a day",
            source_ids=durations["source_id"], note="Figures as stated by Pavel Durov (2014).")
    alt = "Horizontal bar chart of months from launch to one billion messages a day: " + "; ".join(
        f"{row['network']} {row['months']:g} months" for _, row in durations.iterrows()) + "."
    return Chart(fig, alt)


def require_columns(frame: pd.DataFrame, name: str, columns) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} should be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {missing}")
