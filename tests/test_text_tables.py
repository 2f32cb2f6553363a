"""Does a text table show long texts in full, mark German cells, and name bad columns?"""

from __future__ import annotations

from html import escape

import pandas as pd
import pytest

from telegram_case import load
from telegram_case.plots import NO_MATH
from telegram_case.text_tables import TextTable, text_table


@pytest.fixture(scope="module")
def seed_canvas():
    return load("canvas")


def test_every_text_is_shown_in_full_and_escaped(seed_canvas):
    table = text_table(seed_canvas, ["element_en", "analysis_en"])
    shown = table._repr_html_()
    longest = max(seed_canvas["analysis_en"], key=len)
    assert len(longest) > 50  # pandas itself would cut this one
    assert escape(longest) in shown
    assert shown.count("<tr>") == len(seed_canvas) + 1  # a header row and one row per text
    assert f'class="{NO_MATH}"' in shown  # "$" stays a dollar sign in JupyterLab
    assert "analysis_de" not in shown  # only the columns asked for


def test_german_columns_are_marked_for_screen_readers(seed_canvas):
    table = text_table(seed_canvas, ["element_de", "element_en"], german=["element_de"])
    shown = table._repr_html_()
    assert shown.count('lang="de"') == len(seed_canvas)
    first = seed_canvas.iloc[0]
    assert f'lang="de">{escape(first["element_de"])}</td>' in shown
    assert f'normal">{escape(first["element_en"])}</td>' in shown


def test_plain_text_lists_each_row_and_empty_cells_stay_empty():
    frame = pd.DataFrame({"name": ["A <b>", "B"], "note": ["x" * 80, None]})
    table = text_table(frame)
    assert isinstance(table, TextTable) and table.columns == ["name", "note"]
    assert repr(table) == f"name: A <b>\nnote: {'x' * 80}\n\nname: B\nnote: "
    assert "A &lt;b&gt;" in table._repr_html_() and "None" not in table._repr_html_()


def test_bad_arguments_are_named(seed_canvas):
    with pytest.raises(TypeError, match="frame should be a pandas DataFrame, not dict"):
        text_table({"a": ["b"]})
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['analysis_fr'\]"):
        text_table(seed_canvas, ["element_en", "analysis_fr"])
    with pytest.raises(ValueError, match=r"german names column\(s\) \['analysis_de'\]"):
        text_table(seed_canvas, ["element_en"], german=["analysis_de"])
