"""Does every explorer's wiring draw at once and again on each change of a control?"""

from __future__ import annotations

import ipywidgets as w

from telegram_case.plots import Chart, new_figure
from telegram_case.widgets import live_view


def test_live_view_draws_now_and_on_every_change():
    slider, calls = w.IntSlider(value=1, min=0, max=5), []

    def draw():
        calls.append(slider.value)
        fig, ax = new_figure()
        ax.set_title(f"value {slider.value}")
        return f"<p>value {slider.value}</p>", Chart(fig, f"A chart of value {slider.value}.")

    summary, view = live_view([slider], draw)
    assert calls == [1] and summary.value == "<p>value 1</p>"
    assert "A chart of value 1." in view.value
    slider.value = 3
    assert calls == [1, 3] and summary.value == "<p>value 3</p>"
    assert "A chart of value 3." in view.value and "value 1." not in view.value
