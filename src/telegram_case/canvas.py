"""The business model canvas: the seed's table, Osterwalder's nine blocks, 2019 against 2025.

Notebook 02 puts the seed's seven-row canvas table next to Alexander
Osterwalder's nine building blocks, fills the blocks the seed leaves out from
evidence, and compares the canvas around 2019 with the canvas in 2025.

- :func:`canvas_chart` draws the nine blocks from the ``canvas_blocks`` dataset,
  with markers for what changed since 2019 (or, for 2019, for what the seed's
  table left out).
- :func:`revenue_chart` and :func:`revenue_mix_chart` draw the revenue that the
  seed said did not exist, keeping full years and half-years apart.
- :func:`canvas_explorer` switches between the two canvases and shows the
  evidence for each change; when nobody can interact it returns the 2025
  canvas with its change markers.

The drawn canvas uses the short ``keywords_2019``/``keywords_2025`` columns
(items separated by ``"; "``); an item of 2025 that is not, word for word, an
item of 2019 is new and is marked with a "+".
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .checking import headless
from .plots import NO_MATH, PALETTE, Chart, finish_figure, new_figure, require_columns
from .widgets import StaticView, chart_view, show_chart

__all__ = [
    "BLOCKS",
    "YEARS",
    "block_evidence",
    "block_items",
    "canvas_chart",
    "canvas_explorer",
    "change_summary",
    "new_items",
    "revenue_chart",
    "revenue_mix_chart",
    "text_table",
]

YEARS = (2019, 2025)


@dataclass(frozen=True)
class _Place:
    """Where a block sits on the canvas, in canvas units (10 wide, 6 high)."""

    x: float
    y: float
    width: float
    height: float


# Osterwalder's layout: five columns above, costs and revenues below.
BLOCKS = {
    "key_partners": _Place(0, 2, 2, 4),
    "key_activities": _Place(2, 4, 2, 2),
    "key_resources": _Place(2, 2, 2, 2),
    "value_propositions": _Place(4, 2, 2, 4),
    "customer_relationships": _Place(6, 4, 2, 2),
    "channels": _Place(6, 2, 2, 2),
    "customer_segments": _Place(8, 2, 2, 4),
    "cost_structure": _Place(0, 0, 5, 2),
    "revenue_streams": _Place(5, 0, 5, 2),
}
"""The nine building blocks and where each is drawn."""

_BLOCK_COLUMNS = [
    "block_id",
    "name",
    "in_seed_table",
    "changed_since_2019",
    "change_note",
    "content_2019",
    "content_2025",
    "keywords_2019",
    "keywords_2025",
    "source_id",
]
_NOTE = "Note: "
_SEPARATOR = ";"

# Text sizes in points. The canvas is drawn 12 inches wide, so that in a notebook
# (shown at about 1,000 pixels) item text stays at least 8 points.
_FIGSIZE = (12.0, 8.4)
_TITLE_SIZE = 11.5
_TAG_SIZE = 9.0
_ITEM_SIZE = 10.0
_MIN_ITEM_SIZE = 8.5
_PAD_PT = 6.0
_TITLE_WIDTH_EM = 0.64  # bold titles are wider
_CHAR_WIDTH_EM = 0.55  # a generous average glyph width for DejaVu Sans, so lines never overflow


# --- the data behind the canvas -------------------------------------------------------------


def _check_blocks(blocks: pd.DataFrame) -> pd.DataFrame:
    require_columns(blocks, "blocks", _BLOCK_COLUMNS)
    ids = list(blocks["block_id"])
    unknown = sorted(set(ids) - set(BLOCKS))
    if unknown:
        raise ValueError(
            f"blocks has unknown block_id value(s) {unknown}; expected the nine ids {list(BLOCKS)}"
        )
    missing = [b for b in BLOCKS if b not in ids]
    if missing or len(ids) != len(BLOCKS):
        raise ValueError(
            f"blocks must have exactly one row per building block; missing {missing}"
            if missing
            else "blocks has a block_id more than once"
        )
    return blocks.set_index("block_id")


def _check_year(year) -> int:
    if isinstance(year, bool) or year not in YEARS:
        raise ValueError(f"year must be 2019 or 2025, not {year!r}")
    return int(year)


def _check_block_id(block_id) -> str:
    if block_id not in BLOCKS:
        raise ValueError(f"block_id must be one of {list(BLOCKS)}, not {block_id!r}")
    return block_id


def _split_items(text) -> list[str]:
    if not isinstance(text, str) or not text.strip():
        return []
    return [item.strip() for item in text.split(_SEPARATOR) if item.strip()]


def block_items(blocks: pd.DataFrame, block_id: str, year: int) -> list[str]:
    """The keywords of one block in one year, in order.

    Parameters
    ----------
    blocks
        The ``canvas_blocks`` dataset (:func:`telegram_case.load`).
    block_id
        One of the nine ids in :data:`BLOCKS`, e.g. ``"revenue_streams"``.
    year
        2019 or 2025.

    Returns
    -------
    list of str
        Items; an item that starts with ``"Note: "`` is a remark, not an entry.
    """
    table = _check_blocks(blocks)
    year = _check_year(year)
    return _split_items(table.loc[_check_block_id(block_id), f"keywords_{year}"])


def new_items(blocks: pd.DataFrame, block_id: str) -> list[str]:
    """Items of the 2025 canvas that were not on the 2019 canvas (remarks excluded)."""
    before = set(block_items(blocks, block_id, 2019))
    return [
        item
        for item in block_items(blocks, block_id, 2025)
        if item not in before and not item.startswith(_NOTE)
    ]


def block_evidence(blocks: pd.DataFrame, events: pd.DataFrame, block_id: str) -> pd.DataFrame:
    """The dated events behind a block's change, oldest first.

    Parameters
    ----------
    blocks
        The ``canvas_blocks`` dataset.
    events
        The ``events`` dataset.
    block_id
        One of the nine ids in :data:`BLOCKS`.

    Returns
    -------
    pandas.DataFrame
        Columns ``date``, ``description``, ``confidence``, ``source_id``.
    """
    table = _check_blocks(blocks)
    require_columns(
        events, "events", ["event_id", "date", "description", "confidence", "source_id"]
    )
    ids = _split_items(table.loc[_check_block_id(block_id)].get("evidence_event_ids"))
    unknown = sorted(set(ids) - set(events["event_id"]))
    if unknown:
        raise ValueError(
            f"canvas_blocks names event id(s) {unknown} for {block_id!r} that are not in events"
        )
    found = events[events["event_id"].isin(ids)].sort_values("date")
    return found[["date", "description", "confidence", "source_id"]].reset_index(drop=True)


def change_summary(blocks: pd.DataFrame) -> str:
    """One sentence: how many blocks changed between 2019 and 2025, and which did not."""
    table = _check_blocks(blocks)
    changed = table["changed_since_2019"].fillna(False).astype(bool)
    unchanged = [table.loc[b, "name"] for b in BLOCKS if not changed[b]]
    new = sum(len(new_items(blocks, b)) for b in BLOCKS)
    text = f"{int(changed.sum())} of {len(BLOCKS)} blocks changed between 2019 and 2025"
    text += f"; unchanged: {', '.join(unchanged)}" if unchanged else "; none is unchanged"
    return text + f". The 2025 canvas has {new} items that were not there in 2019."


# --- drawing the canvas ----------------------------------------------------------------------


def _wrap_item(item: str, prefix: str, width_chars: int) -> list[tuple[str, str]]:
    """Wrap one item; return (prefix, text) pairs, the prefix only on the first line."""
    wrapped = textwrap.wrap(item, width=max(width_chars, 8), break_on_hyphens=False) or [""]
    return [(prefix if i == 0 else "", line) for i, line in enumerate(wrapped)]


def canvas_chart(
    blocks: pd.DataFrame,
    *,
    year: int = 2025,
    mark_changes: bool = True,
    selected: str | None = None,
) -> Chart:
    """Draw Telegram's business model canvas: nine blocks with their keywords.

    Parameters
    ----------
    blocks
        The ``canvas_blocks`` dataset (:func:`telegram_case.load`).
    year
        2019 (the seed's era, with the blocks its table leaves out filled from
        evidence) or 2025.
    mark_changes
        For 2025: a "+" before every item that is new since 2019, and a
        "CHANGED since 2019" tag with a thick border on blocks that changed.
        For 2019: a "NOT IN THE SEED'S TABLE" tag with a dashed border on the
        blocks the seed's table leaves out.
    selected
        A block id to outline in black and mark with "▶" (the explorer uses this).

    Returns
    -------
    Chart
        The figure and a text alternative that names every block's state.

    Raises
    ------
    ValueError
        If ``blocks`` is not the nine-block table, ``year`` is not 2019 or 2025,
        ``selected`` is not a block id, or a block's text does not fit.
    """
    table = _check_blocks(blocks)
    year = _check_year(year)
    if selected is not None:
        _check_block_id(selected)
    if not isinstance(mark_changes, bool):
        raise TypeError(f"mark_changes must be True or False, not {mark_changes!r}")
    fig, ax = _empty_canvas(year, mark_changes)
    for block_id in BLOCKS:
        _draw_block_border(ax, block_id, table.loc[block_id], year, mark_changes, selected)
    title = f"Telegram's business model canvas {_YEAR_WORDS[year]}"
    title += _MARKED_IN_TITLE[year] if mark_changes else ""
    finish_figure(fig, ax, title=title, source_ids=list(table["source_id"]), note=_CANVAS_NOTE)
    _write_block_texts(ax, blocks, table, year, mark_changes, selected)
    return Chart(fig, _canvas_alt_text(blocks, table, year, mark_changes))


_YEAR_WORDS = {2019: "around 2019", 2025: "in 2025"}
_LEGENDS = {
    2025: "+ new since 2019     • also on the 2019 canvas     thick border and CHANGED tag: "
    "the block changed since 2019",
    2019: "Dashed border and NOT IN THE SEED'S TABLE tag: a building block the seed's table "
    "has no row for, filled here from evidence",
}
_MARKED_IN_TITLE = {
    2025: " (changes since 2019 marked)",
    2019: " (blocks missing from the seed's table marked)",
}
_CANVAS_NOTE = (
    "Keywords summarise the canvas_blocks dataset; full texts and evidence are in the "
    "notebook and the explorer."
)


def _empty_canvas(year: int, mark_changes: bool):
    """A figure of 10 by 6.45 canvas units without ticks, the markers' legend on top."""
    fig, ax = new_figure(_FIGSIZE)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 6.45)
    ax.axis("off")
    if mark_changes:
        ax.text(0, 6.42, _LEGENDS[year], fontsize=_TAG_SIZE, va="top", ha="left")
    return fig, ax


def _block_state(row, year: int, mark_changes: bool) -> str:
    """How a block is marked: "changed", "unchanged", "not_in_seed" or "" (no marker)."""
    if not mark_changes:
        return ""
    if year == 2025:
        return "changed" if bool(row["changed_since_2019"]) else "unchanged"
    return "" if bool(row["in_seed_table"]) else "not_in_seed"


_TAGS = {
    "changed": "▲ CHANGED since 2019",
    "unchanged": "= unchanged since 2019",
    "not_in_seed": "NOT IN THE SEED'S TABLE",
    "": "",
}
_STATES_IN_WORDS = {
    "changed": " (changed since 2019)",
    "unchanged": " (unchanged)",
    "not_in_seed": " (not in the seed's table)",
    "": "",
}


def _draw_block_border(
    ax, block_id: str, row, year: int, mark_changes: bool, selected: str | None
) -> None:
    """A block's frame: thick for a change, dashed for a gap in the seed, outlined if selected."""
    place, gap = BLOCKS[block_id], 0.05
    state = _block_state(row, year, mark_changes)
    edge, width, style, fill = PALETTE["black"], 1.0, "-", "none"
    if state == "changed":
        edge, width, fill = PALETTE["vermillion"], 3.0, PALETTE["vermillion"]
    if state == "not_in_seed":
        edge, width, style, fill = PALETTE["orange"], 2.5, "--", PALETTE["orange"]
    inner = ((place.x + gap, place.y + gap), place.width - 2 * gap, place.height - 2 * gap)
    if fill != "none":  # a faint tint behind the text; the tag and border carry the meaning
        ax.add_patch(Rectangle(*inner, facecolor=fill, alpha=0.07, edgecolor="none"))
    ax.add_patch(
        Rectangle(
            *inner, facecolor="none", edgecolor=edge, linewidth=width, linestyle=style, gid=block_id
        )
    )
    if block_id == selected:
        ax.add_patch(
            Rectangle(
                (place.x + gap / 2, place.y + gap / 2),
                place.width - gap,
                place.height - gap,
                facecolor="none",
                edgecolor=PALETTE["black"],
                linewidth=4.0,
            )
        )


def _write_block_texts(
    ax, blocks, table, year: int, mark_changes: bool, selected: str | None
) -> None:
    """Each block's title, tag and items, sized to fit (or a ValueError if they cannot)."""
    # Text is placed in points below each block's top edge, after the layout is final,
    # so that its size does not depend on how the axes were scaled.
    fig, box = ax.figure, ax.get_position()
    points_x = box.width * fig.get_figwidth() * 72 / 10
    points_y = box.height * fig.get_figheight() * 72 / 6.45
    # one title size for all blocks, set by the longest name, so that titles look alike
    title_size = min(
        _TITLE_SIZE,
        *(
            ((place.width - 0.1) * points_x - 2 * _PAD_PT)
            / (len(str(table.loc[b, "name"])) * _TITLE_WIDTH_EM)
            for b, place in BLOCKS.items()
        ),
    )
    for block_id, place in BLOCKS.items():
        row = table.loc[block_id]
        items = _split_items(row[f"keywords_{year}"])
        added = set(new_items(blocks, block_id)) if year == 2025 else set()
        tag = _TAGS[_block_state(row, year, mark_changes)]
        name = ("▶ " if block_id == selected else "") + str(row["name"])
        width_pt = (place.width - 0.1) * points_x - 2 * _PAD_PT
        height_pt = (place.height - 0.1) * points_y - 2 * _PAD_PT
        size = _fit_size(items, added, width_pt, height_pt, tag)
        if size is None:
            raise ValueError(
                f"the {year} keywords of block {block_id!r} do not fit on the "
                "canvas; shorten them in canvas_blocks"
            )
        _draw_block_text(ax, block_id, name, tag, items, added, size, mark_changes, title_size)


def _canvas_alt_text(blocks, table, year: int, mark_changes: bool) -> str:
    """The canvas in words: every block with its state and items, new items marked."""
    parts = []
    for block_id in BLOCKS:
        row = table.loc[block_id]
        added = set(new_items(blocks, block_id)) if year == 2025 and mark_changes else set()
        shown = [
            ("new: " if item in added else "") + item
            for item in _split_items(row[f"keywords_{year}"])
        ]
        state = _STATES_IN_WORDS[_block_state(row, year, mark_changes)]
        parts.append(f"{row['name']}{state}: " + "; ".join(shown))
    alt = (
        f"Business model canvas of Telegram {_YEAR_WORDS[year]}"
        ", nine blocks in Osterwalder's layout. " + ". ".join(parts) + "."
    )
    if mark_changes and year == 2025:
        alt += " " + change_summary(blocks)
    return alt


def _needed_height(items, added, width_pt, size, tag) -> float:
    chars = int(width_pt / (size * _CHAR_WIDTH_EM)) - 2
    lines = sum(len(_wrap_item(item, "", chars)) for item in items)
    header = _TITLE_SIZE * 1.5 + (_TAG_SIZE * 1.4 if tag else 0) + 3
    return header + lines * size * 1.3


def _fit_size(items, added, width_pt, height_pt, tag) -> float | None:
    size = _ITEM_SIZE
    while size >= _MIN_ITEM_SIZE:
        if _needed_height(items, added, width_pt, size, tag) <= height_pt:
            return size
        size -= 0.5
    return None


def _draw_block_text(ax, block_id, name, tag, items, added, size, mark_changes, title_size) -> None:
    place = BLOCKS[block_id]
    top = (place.x + 0.05, place.y + place.height - 0.05)

    def put(text, offset_x, offset_y, **style):
        # gid ties every text to its block (the tests check that it stays inside)
        ax.annotate(
            text,
            xy=top,
            xycoords="data",
            xytext=(_PAD_PT + offset_x, -offset_y),
            textcoords="offset points",
            va="top",
            ha="left",
            gid=block_id,
            annotation_clip=False,
            **style,
        )

    fig = ax.figure
    box = ax.get_position()
    width_pt = (place.width - 0.1) * box.width * fig.get_figwidth() * 72 / 10 - 2 * _PAD_PT
    # the "▶" of a selected block makes its title smaller, never an overflow
    title_size = min(title_size, width_pt / (len(name) * _TITLE_WIDTH_EM))
    put(name, 0, _PAD_PT, fontsize=title_size, fontweight="bold")
    offset = _PAD_PT + _TITLE_SIZE * 1.5
    if tag:
        put(tag, 0, offset, fontsize=_TAG_SIZE, fontweight="bold")
        offset += _TAG_SIZE * 1.4
    offset += 3
    chars = int(width_pt / (size * _CHAR_WIDTH_EM)) - 2
    indent = size * 1.1
    for item in items:
        note = item.startswith(_NOTE)
        prefix = "" if note else ("+" if (mark_changes and item in added) else "•")
        for first, line in _wrap_item(item, prefix, chars):
            if first:
                put(
                    first,
                    0,
                    offset,
                    fontsize=size,
                    fontweight="bold" if first == "+" else "normal",
                    color=PALETTE["vermillion"] if first == "+" else PALETTE["black"],
                )
            put(
                line,
                0 if note else indent,
                offset,
                fontsize=size,
                fontstyle="italic" if note else "normal",
            )
            offset += size * 1.3


# --- revenue -----------------------------------------------------------------------------------

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


def revenue_chart(monetization: pd.DataFrame) -> Chart:
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


# --- long texts as readable tables --------------------------------------------------------------


class TextTable:
    """A table of long texts: shown in full, left-aligned, German cells marked as German.

    pandas cuts text cells at 50 characters; the seed's canvas rows are paragraphs.
    """

    def __init__(self, frame: pd.DataFrame, columns: list[str], german: tuple[str, ...]):
        self.frame, self.columns, self.german = frame, columns, german

    def _repr_html_(self) -> str:
        e = html.escape
        cell = 'style="text-align:left;vertical-align:top;white-space:normal"'
        head = "".join(f"<th {cell}>{e(c)}</th>" for c in self.columns)
        rows = []
        for _, row in self.frame.iterrows():
            cells = []
            for column in self.columns:
                value = "" if pd.isna(row[column]) else str(row[column])
                lang = ' lang="de"' if column in self.german else ""
                cells.append(f"<td {cell}{lang}>{e(value)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return (
            f'<table class="{NO_MATH}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def __repr__(self) -> str:
        blocks = []
        for _, row in self.frame.iterrows():
            blocks.append(
                "\n".join(f"{c}: {'' if pd.isna(row[c]) else row[c]}" for c in self.columns)
            )
        return "\n\n".join(blocks)


def text_table(
    frame: pd.DataFrame,
    columns: list[str] | None = None,
    *,
    german: tuple[str, ...] | list[str] = (),
) -> TextTable:
    """Show the ``columns`` of ``frame`` with every text in full.

    Parameters
    ----------
    frame
        Any DataFrame, e.g. the ``canvas`` dataset.
    columns
        The columns to show, in order (default: all).
    german
        Columns whose text is German (marked ``lang="de"`` for screen readers).
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame should be a pandas DataFrame, not {type(frame).__name__}")
    columns = list(frame.columns if columns is None else columns)
    require_columns(frame, "frame", columns)
    unknown = [c for c in german if c not in columns]
    if unknown:
        raise ValueError(f"german names column(s) {unknown} that are not shown")
    return TextTable(frame, columns, tuple(german))


# --- the explorer -----------------------------------------------------------------------------


def _block_evidence_html(blocks: pd.DataFrame, events: pd.DataFrame, block_id: str) -> str:
    from .datasets import source

    row = _check_blocks(blocks).loc[block_id]
    evidence = block_evidence(blocks, events, block_id)
    e = html.escape
    changed = "changed" if bool(row["changed_since_2019"]) else "did not change"
    added = new_items(blocks, block_id)
    parts = [
        f"<p><strong>{e(str(row['name']))}: {changed} between 2019 and 2025</strong></p>",
        f"<p><strong>What changed:</strong> {e(str(row['change_note']))}</p>",
        f"<p><strong>New since 2019 ({len(added)}):</strong> "
        f"{e('; '.join(added)) if added else 'nothing'}</p>",
        f"<p><strong>Around 2019:</strong> {e(str(row['content_2019']))}</p>",
        f"<p><strong>In 2025:</strong> {e(str(row['content_2025']))}</p>",
        f"<p><strong>Main source:</strong> <code>{e(row['source_id'])}</code> — "
        f"{e(source(row['source_id']))}</p>",
    ]
    if not evidence.empty:
        items = "".join(
            f"<li>{r['date']:%d %b %Y}: {e(r['description'])} "
            f"(<code>{e(r['source_id'])}</code>, {e(r['confidence'])} confidence)</li>"
            for _, r in evidence.iterrows()
        )
        parts.append(f"<p><strong>Dated evidence:</strong></p><ul>{items}</ul>")
    return "\n".join(parts)


def _explorer_text_alternative(blocks: pd.DataFrame, events: pd.DataFrame) -> str:
    table = _check_blocks(blocks)
    lines = [
        f"The 2025 canvas with its change markers. {change_summary(blocks)}",
        "Evidence for each change:",
    ]
    for block_id in BLOCKS:
        row = table.loc[block_id]
        if not bool(row["changed_since_2019"]):
            continue
        dated = block_evidence(blocks, events, block_id)
        ids = ", ".join(dict.fromkeys([row["source_id"], *dated["source_id"]]))
        lines.append(f"{row['name']}: {row['change_note']} (sources: {ids})")
    return " ".join(lines)


def canvas_explorer(
    blocks: pd.DataFrame, events: pd.DataFrame, *, year: int = 2025, block: str = "revenue_streams"
):
    """Switch between the 2019 and the 2025 canvas and read the evidence for each change.

    Parameters
    ----------
    blocks
        The ``canvas_blocks`` dataset.
    events
        The ``events`` dataset (the dated evidence).
    year
        The canvas shown first: 2019 or 2025.
    block
        The block whose evidence is shown first.

    Returns
    -------
    ipywidgets.VBox or StaticView
        The explorer in JupyterLab; when headless (grading, batch runs) the
        2025 canvas with change markers and a text listing every change with
        its sources.
    """
    _check_blocks(blocks)
    year = _check_year(year)
    _check_block_id(block)
    for block_id in BLOCKS:  # fail early, with a clear message, on broken evidence links
        block_evidence(blocks, events, block_id)
    if headless():
        return StaticView(
            canvas_chart(blocks, year=2025, mark_changes=True),
            _explorer_text_alternative(blocks, events),
        )

    import ipywidgets as w

    names = blocks.set_index("block_id")["name"]
    which = w.ToggleButtons(
        options=[("Around 2019", 2019), ("2025", 2025)], value=year, description="Canvas"
    )
    marks = w.Checkbox(value=True, description="Mark changes")
    chosen = w.Dropdown(
        options=[(names[b], b) for b in BLOCKS], value=block, description="Evidence for"
    )
    summary = w.HTML(f"<p>{html.escape(change_summary(blocks))}</p>")
    evidence = w.HTML()
    out = chart_view()

    def redraw(*_):
        evidence.value = _block_evidence_html(blocks, events, chosen.value)
        show_chart(
            out,
            canvas_chart(blocks, year=which.value, mark_changes=marks.value, selected=chosen.value),
        )

    for control in (which, marks, chosen):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([which, marks]), summary, out, chosen, evidence])
