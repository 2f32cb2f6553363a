"""Does the choice explorer of notebook 03 state both break-even points, react to its
sliders, and fall back to a static view when nobody can click?"""

from __future__ import annotations

import pytest

from telegram_case import token_sale_explorer
from telegram_case.widgets import StaticView


def test_choice_summary_names_both_break_even_points(options):
    text = token_sale_explorer.choice_summary(options, 0.10, 0.0)
    assert "100.0 cents" in text and "72 cents" in text
    assert "52.8%" in text and "28.0%" in text
    assert "loan is worth more" in text
    impatient = token_sale_explorer.choice_summary(options, 0.60, 0.0)
    assert "refund is worth more" in impatient and "even with no default risk" in impatient


def test_explorer_is_static_when_headless(case, monkeypatch):
    monkeypatch.setenv("TELEGRAM_CASE_STATIC", "1")
    view = token_sale_explorer.choice_explorer(case, discount_rate=0.25, default_prob=0.15)
    assert isinstance(view, StaticView)
    bundle = view._repr_mimebundle_()
    assert "Static view" in bundle["text/html"] and "25%" in bundle["text/plain"]


def test_explorer_redraws_when_a_slider_moves(case, monkeypatch):
    monkeypatch.delenv("TELEGRAM_CASE_STATIC", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
    box = token_sale_explorer.choice_explorer(case)
    rate, default = box.children[0].children
    summary = box.children[1]
    assert "loan is worth more" in summary.value
    rate.value, default.value = 0.30, 0.20
    assert "refund is worth more" in summary.value


def test_explorer_rejects_bad_defaults(case):
    with pytest.raises(ValueError, match="default_prob"):
        token_sale_explorer.choice_explorer(case, default_prob=20)
