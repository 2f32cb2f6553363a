"""Do the models' shared validators refuse bad input by name, and pass good input through?"""

import math

import pytest

from telegram_case import validation as v


@pytest.mark.parametrize(
    ("check", "good"),
    [
        (lambda: v.finite_number("x", 3), 3.0),
        (lambda: v.positive("x", 0.5), 0.5),
        (lambda: v.at_least_zero("x", 0), 0.0),
        (lambda: v.fraction("x", 1), 1.0),
        (lambda: v.fraction("x", 0.99, below_one=True), 0.99),
        (lambda: v.rate("x", -0.5), -0.5),
        (lambda: v.whole_number("x", 3.0, low=1, high=5), 3),
    ],
)
def test_good_values_pass_through_as_numbers(check, good):
    assert check() == good


@pytest.mark.parametrize(
    ("check", "error", "words"),
    [
        (lambda: v.finite_number("cost", "12"), TypeError, "cost should be a number"),
        (lambda: v.finite_number("cost", True), TypeError, "cost should be a number"),
        (lambda: v.finite_number("cost", math.nan), ValueError, "cost must be a finite number"),
        (
            lambda: v.positive("months", 0, unit="months"),
            ValueError,
            "months must be positive (months)",
        ),
        (lambda: v.at_least_zero("price", -1), ValueError, "price must be zero or more, not -1"),
        (lambda: v.fraction("share", 25), ValueError, "give a fraction: 0.25 means 25 %"),
        (lambda: v.fraction("share", -0.1), ValueError, "share must be a fraction between 0 and 1"),
        (
            lambda: v.fraction("discount", 1.0, below_one=True),
            ValueError,
            "up to (not including) 1",
        ),
        (lambda: v.rate("rate", -1), ValueError, "rate must be above -1"),
        (
            lambda: v.whole_number("year", 2.5, low=1, high=5),
            ValueError,
            "whole number from 1 to 5",
        ),
        (
            lambda: v.whole_number("year", 6, low=1, high=5),
            ValueError,
            "year must be a whole number",
        ),
    ],
)
def test_bad_values_are_refused_with_their_name(check, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        check()
