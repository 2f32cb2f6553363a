"""The business model canvas: the seed's table, Osterwalder's nine blocks, 2019 against 2025.

Notebook 02 puts the seed's seven-row canvas table next to Alexander
Osterwalder's nine building blocks, fills the blocks the seed leaves out from
evidence, and compares the canvas around 2019 with the canvas in 2025.

- :func:`canvas_chart` draws the nine blocks from the ``canvas_blocks`` dataset,
  with markers for what changed since 2019 (or, for 2019, for what the seed's
  table left out).
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

import pandas as pd
from matplotlib.patches import Rectangle

from .checking import headless
from .plots import PALETTE, Chart, finish_figure, new_figure, require_columns
from .widgets import StaticView, live_view

__all__ = [
    "BLOCKS",
    "YEARS",
    "block_evidence",
    "block_items",
    "canvas_chart",
    "canvas_explorer",
    "change_summary",
    "new_items",
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
    blocks: pd.DataFrame, events: pd.DataFrame, *, year: int = 2019, block: str = "revenue_streams"
):
    """Switch between the 2019 and the 2025 canvas and read the evidence for each change.

    Parameters
    ----------
    blocks
        The ``canvas_blocks`` dataset.
    events
        The ``events`` dataset (the dated evidence).
    year
        The canvas shown first: 2019 or 2025. The default, 2019, answers no question
        about what changed: the student switches to 2025 to find out.
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
    evidence = w.HTML()

    def draw():
        # the count of changed blocks only with the canvas that shows the changes
        shows_changes = which.value == 2025 and marks.value
        evidence.value = _block_evidence_html(blocks, events, chosen.value)
        text = f"<p>{html.escape(change_summary(blocks))}</p>" if shows_changes else ""
        chart = canvas_chart(
            blocks, year=which.value, mark_changes=marks.value, selected=chosen.value
        )
        return text, chart

    summary, out = live_view([which, marks, chosen], draw)
    return w.VBox([w.HBox([which, marks]), summary, out, chosen, evidence])
