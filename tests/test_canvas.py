"""Does the canvas module draw readable, honest figures and explain every change?"""

from __future__ import annotations

import html
import itertools

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle

from telegram_case import canvas, load
from telegram_case.plots import PALETTE, Chart
from telegram_case.widgets import StaticView


@pytest.fixture(scope="module")
def blocks():
    return load("canvas_blocks")


@pytest.fixture(scope="module")
def events():
    return load("events")


def _rendered(chart: Chart):
    """Draw the figure with Agg and return its renderer, so extents are real pixels."""
    agg = FigureCanvasAgg(chart.figure)
    agg.draw()
    return agg.get_renderer()


def _canvas_parts(chart: Chart):
    ax = chart.figure.axes[0]
    boxes = {p.get_gid(): p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid()}
    texts = [t for t in ax.texts if t.get_gid()]
    return ax, boxes, texts


def _allowed_colour(colour) -> bool:
    rgba = mcolors.to_rgba(colour)
    if rgba[3] == 0:
        return True
    allowed = {mcolors.to_rgb(c) for c in PALETTE.values()} | {(1.0, 1.0, 1.0)}
    return tuple(round(v, 3) for v in rgba[:3]) in {tuple(round(v, 3) for v in c) for c in allowed}


# --- the data behind the canvas -----------------------------------------------------------------


def test_every_block_has_keywords_for_both_years(blocks):
    for block_id in canvas.BLOCKS:
        for year in canvas.YEARS:
            assert canvas.block_items(blocks, block_id, year), (block_id, year)


def test_every_evidence_event_exists(blocks, events):
    for block_id in canvas.BLOCKS:
        evidence = canvas.block_evidence(blocks, events, block_id)
        assert evidence["date"].is_monotonic_increasing
        assert set(evidence["source_id"]) <= set(load("sources")["source_id"])


def test_every_changed_block_has_dated_evidence(blocks, events):
    changed = blocks.loc[blocks["changed_since_2019"].astype(bool), "block_id"]
    for block_id in changed:
        assert not canvas.block_evidence(blocks, events, block_id).empty, block_id


def test_new_items_are_the_2025_items_not_on_the_2019_canvas(blocks):
    assert canvas.new_items(blocks, "channels") == ["Mini Apps inside Telegram"]
    revenue = canvas.new_items(blocks, "revenue_streams")
    assert "Premium subscriptions (2022)" in revenue
    assert not any(item.startswith("Note: ") for item in revenue)


def test_change_summary_counts_from_the_data(blocks):
    text = canvas.change_summary(blocks)
    changed = int(blocks["changed_since_2019"].astype(bool).sum())
    assert text.startswith(f"{changed} of 9 blocks changed")
    assert "unchanged: Channels" in text


def test_broken_evidence_link_is_named(blocks, events):
    broken = blocks.copy()
    broken.loc[broken["block_id"] == "channels", "evidence_event_ids"] = "no_such_event"
    with pytest.raises(ValueError, match="no_such_event"):
        canvas.block_evidence(broken, events, "channels")


# --- the canvas figure ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2019, 2025])
@pytest.mark.parametrize("selected", [None, "customer_relationships"])
def test_canvas_has_nine_blocks_with_readable_text_inside_them(blocks, year, selected):
    chart = canvas.canvas_chart(blocks, year=year, selected=selected)
    renderer = _rendered(chart)
    _, boxes, texts = _canvas_parts(chart)
    assert set(boxes) == set(canvas.BLOCKS)
    for text in texts:
        assert text.get_fontsize() >= 8.5, (text.get_text(), text.get_fontsize())
        inner = text.get_window_extent(renderer)
        outer = boxes[text.get_gid()].get_window_extent(renderer)
        assert outer.x0 - 1 <= inner.x0 and inner.x1 <= outer.x1 + 1, text.get_text()
        assert outer.y0 - 1 <= inner.y0 and inner.y1 <= outer.y1 + 1, text.get_text()
    for a, b in itertools.combinations(texts, 2):
        if a.get_gid() == b.get_gid():
            overlap = a.get_window_extent(renderer).overlaps(b.get_window_extent(renderer))
            assert not overlap, (a.get_text(), b.get_text())


def test_2025_canvas_marks_changed_blocks_and_new_items(blocks):
    chart = canvas.canvas_chart(blocks, year=2025)
    _, _, texts = _canvas_parts(chart)
    by_block = {b: [t.get_text() for t in texts if t.get_gid() == b] for b in canvas.BLOCKS}
    for _, row in blocks.iterrows():
        shown = by_block[row["block_id"]]
        tag = "▲ CHANGED since 2019" if row["changed_since_2019"] else "= unchanged since 2019"
        assert tag in shown, row["block_id"]
        assert shown.count("+") == len(canvas.new_items(blocks, row["block_id"]))
    assert "changes since 2019 marked" in chart.figure.axes[0].get_title(loc="left")


def test_2019_canvas_marks_the_blocks_the_seed_leaves_out(blocks):
    chart = canvas.canvas_chart(blocks, year=2019)
    _, boxes, texts = _canvas_parts(chart)
    tagged = {t.get_gid() for t in texts if t.get_text() == "NOT IN THE SEED'S TABLE"}
    assert tagged == set(blocks.loc[~blocks["in_seed_table"].astype(bool), "block_id"])
    assert all(boxes[b].get_linestyle() == "--" for b in tagged)
    assert not any(t.get_text() == "+" for t in texts)


def test_unmarked_canvas_has_no_markers(blocks):
    _, _, texts = _canvas_parts(canvas.canvas_chart(blocks, year=2025, mark_changes=False))
    shown = [t.get_text() for t in texts]
    assert "+" not in shown and not any("CHANGED" in s for s in shown)


def test_canvas_alt_text_and_source_line(blocks):
    chart = canvas.canvas_chart(blocks, year=2025)
    for name in blocks["name"]:
        assert name in chart.alt_text
    assert "new: Premium subscriptions (2022)" in chart.alt_text
    footer = " ".join(t.get_text() for t in chart.figure.texts)
    assert "Source: course data" in footer and "telegram_faq" in footer
    assert chart.png().startswith(b"\x89PNG")


def test_canvas_uses_only_palette_colours(blocks):
    chart = canvas.canvas_chart(blocks, year=2025, selected="channels")
    ax, _, texts = _canvas_parts(chart)
    for patch in ax.patches:
        assert _allowed_colour(patch.get_edgecolor()) and _allowed_colour(patch.get_facecolor())
    for text in texts:
        assert _allowed_colour(text.get_color())


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"year": 2020}, ValueError, "year must be 2019 or 2025"),
        ({"year": True}, ValueError, "year"),
        ({"selected": "partners"}, ValueError, "block_id must be one of"),
        ({"mark_changes": "yes"}, TypeError, "mark_changes"),
    ],
)
def test_canvas_rejects_bad_arguments(blocks, kwargs, error, match):
    with pytest.raises(error, match=match):
        canvas.canvas_chart(blocks, **kwargs)


def test_canvas_rejects_bad_tables(blocks):
    with pytest.raises(TypeError, match="blocks should be a pandas DataFrame"):
        canvas.canvas_chart(blocks.to_dict())
    with pytest.raises(ValueError, match="keywords_2025"):
        canvas.canvas_chart(blocks.drop(columns=["keywords_2025"]))
    with pytest.raises(ValueError, match="missing"):
        canvas.canvas_chart(blocks.iloc[:8])
    doubled = pd.concat([blocks, blocks.iloc[[0]]])
    with pytest.raises(ValueError, match="more than once"):
        canvas.canvas_chart(doubled)
    renamed = blocks.replace({"block_id": {"channels": "distribution"}})
    with pytest.raises(ValueError, match="distribution"):
        canvas.canvas_chart(renamed)


def test_text_that_cannot_fit_is_refused_not_cut(blocks):
    crowded = blocks.copy()
    crowded.loc[crowded["block_id"] == "channels", "keywords_2025"] = "; ".join(
        f"A long keyword number {i} that needs its own line" for i in range(12)
    )
    with pytest.raises(ValueError, match="'channels' do not fit"):
        canvas.canvas_chart(crowded, year=2025)


# --- the explorer -------------------------------------------------------------------------------


def test_static_explorer_shows_the_2025_canvas_with_changes(blocks, events, monkeypatch):
    monkeypatch.setenv("TELEGRAM_CASE_STATIC", "1")
    view = canvas.canvas_explorer(blocks, events)
    assert isinstance(view, StaticView)
    assert "2025" in view.chart.figure.axes[0].get_title(loc="left")
    shown = [t.get_text() for t in view.chart.figure.axes[0].texts]
    assert "▲ CHANGED since 2019" in shown and "+" in shown
    changed = blocks[blocks["changed_since_2019"].astype(bool)]
    for _, row in changed.iterrows():
        assert row["name"] in view.text and row["source_id"] in view.text
    bundle = view._repr_mimebundle_()
    assert "Static view" in bundle["text/html"]


def test_static_explorer_shows_2025_even_if_asked_for_2019_first(blocks, events, monkeypatch):
    monkeypatch.setenv("TELEGRAM_CASE_STATIC", "1")
    view = canvas.canvas_explorer(blocks, events, year=2019)
    assert "2025" in view.chart.figure.axes[0].get_title(loc="left")


def test_interactive_explorer_switches_years_and_blocks(blocks, events, monkeypatch):
    pytest.importorskip("ipywidgets")
    for name in ("TELEGRAM_CASE_STATIC", "TELEGRAM_CASE_GRADED", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    box = canvas.canvas_explorer(blocks, events, block="cost_structure")
    controls = box.children[0].children
    which, marks = controls
    chosen, evidence = box.children[3], box.children[4]
    assert "Cost structure" in evidence.value and "quartz_2018_ton_budget" in evidence.value
    which.value = 2019
    marks.value = False
    chosen.value = "revenue_streams"
    assert "Revenue streams" in evidence.value
    assert "premium_launch" not in evidence.value  # ids are shown as source ids, not event ids
    assert "telegram_blog_700_million_premium" in evidence.value


def test_interactive_explorer_opens_on_a_canvas_that_answers_no_question(
    blocks, events, monkeypatch
):
    """Notebook 02 asks students to explore how many blocks changed: the explorer opens on the
    2019 canvas without the count, and shows the count only with the 2025 canvas's markers."""
    pytest.importorskip("ipywidgets")
    for name in ("TELEGRAM_CASE_STATIC", "TELEGRAM_CASE_GRADED", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    box = canvas.canvas_explorer(blocks, events)
    which, marks = box.children[0].children
    summary, chart = box.children[1], box.children[2]
    count = canvas.change_summary(blocks)
    assert which.value == 2019 and summary.value == ""
    assert "blocks changed" not in chart.value and "CHANGED" not in chart.value
    which.value = 2025
    assert html.escape(count) in summary.value and "blocks changed" in chart.value
    marks.value = False
    assert summary.value == ""


def test_explorer_rejects_bad_arguments(blocks, events):
    with pytest.raises(ValueError, match="year"):
        canvas.canvas_explorer(blocks, events, year=2024)
    with pytest.raises(ValueError, match="block_id"):
        canvas.canvas_explorer(blocks, events, block="marketing")
