"""The choice explorer of notebook 03: about 72 % back now, or 110 % a year later?

Sliders for the discount rate and the default probability redraw
:func:`~telegram_case.token_sale_charts.choice_chart` and the sentences of
:func:`choice_summary`, computed with :mod:`telegram_case.token_sale`.
It opens on an investor with some default risk, whose break-even points are not
the ones the notebook's questions ask for. Under nbgrader or any batch run
(``TELEGRAM_CASE_STATIC=1``) it returns that first view as a static figure and
text, so grading never waits for a click.
"""

from __future__ import annotations

import pandas as pd

from .checking import headless
from .token_sale import (
    InvestorOptions,
    break_even_default,
    break_even_rate,
    investor_choice,
    investor_options,
    loan_present_value,
)
from .token_sale_charts import choice_chart
from .validation import fraction
from .validation import rate as checked_rate
from .widgets import StaticView, live_view

__all__ = ["choice_explorer", "choice_summary"]


def choice_summary(options: InvestorOptions, discount_rate: float, default_prob: float) -> str:
    """One paragraph: what the loan is worth to this investor, and where the choice flips."""
    terms = {
        "refund_now": options.refund_now,
        "repayment": options.repayment,
        "years": options.years,
    }
    value = loan_present_value(
        discount_rate, default_prob, repayment=options.repayment, years=options.years
    )
    choice = investor_choice(discount_rate, default_prob, **terms)
    verdict = {
        "loan": "the loan is worth more",
        "refund": "the refund is worth more",
        "indifferent": "the two are worth the same",
    }[choice]
    even_rate = break_even_rate(default_prob, **terms)
    even_default = break_even_default(discount_rate, **terms)
    if even_default <= 0:
        flip = f"at a {discount_rate:.0%} discount rate the refund wins even with no default risk."
    else:
        flip = (
            f"at a {discount_rate:.0%} discount rate the refund wins once the default "
            f"probability exceeds {even_default:.1%}."
        )
    wait = "in a year" if options.years == 1 else f"in {options.years:g} years"
    return (
        f"At a discount rate of {discount_rate:.0%} and a default probability of "
        f"{default_prob:.0%}, the promise of {options.repayment:.0%} {wait} is worth "
        f"{value * 100:.1f} cents per dollar today, against {options.refund_now * 100:.0f} cents "
        f"now: {verdict}. "
        f"With this default risk the two are equal at a discount rate of {even_rate:.1%}; "
        f"{flip}"
    )


def choice_explorer(
    sec_case: pd.DataFrame, *, discount_rate: float = 0.10, default_prob: float = 0.25
):
    """Explore the 2020 choice: sliders for the discount rate and the default probability.

    It opens on an investor with some default risk, whose break-even points are
    not the ones the notebook's questions ask for.

    Returns an ipywidgets box in JupyterLab, or (when headless) the static
    default view: the chart and the summary.
    """
    options = investor_options(sec_case)
    rate = checked_rate("discount_rate", discount_rate)
    p = fraction("default_prob", default_prob)
    if headless():
        return StaticView(
            choice_chart(options, discount_rate=rate, default_prob=p),
            choice_summary(options, rate, p),
        )

    import ipywidgets as w

    def percent_slider(description: str, value: float, high: float):
        return w.FloatSlider(
            value=value,
            min=0.0,
            max=high,
            step=0.01,
            description=description,
            readout_format=".0%",
            style={"description_width": "initial"},
        )

    rate_slider = percent_slider("Discount rate", rate, 1.0)
    default_slider = percent_slider("Default probability", p, 0.6)

    def draw():
        rate, p = rate_slider.value, default_slider.value
        text = f"<p>{choice_summary(options, rate, p)}</p>"
        return text, choice_chart(options, discount_rate=rate, default_prob=p)

    summary, out = live_view([rate_slider, default_slider], draw)
    return w.VBox([w.HBox([rate_slider, default_slider]), summary, out])
