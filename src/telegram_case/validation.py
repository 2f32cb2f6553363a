"""Validation shared by the models: a bad argument is refused by name, never computed on.

Every validator takes the argument's name first, then its value, and returns the
value as a float (or an int for :func:`whole_number`); the error names both.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["at_least_zero", "finite_number", "fraction", "positive", "rate", "whole_number"]


def finite_number(name: str, value) -> float:
    """``value`` as a finite float, or an error that names ``name`` and the value.

    Raises
    ------
    TypeError
        For anything that is not a real number (booleans, strings, None, ...).
    ValueError
        For NaN and infinities.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} should be a number, not {type(value).__name__} {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, not {number}")
    return number


def _unit(unit: str | None) -> str:
    return f" ({unit})" if unit else ""


def positive(name: str, value, *, unit: str | None = None) -> float:
    """``value`` if it is a finite number above zero."""
    number = finite_number(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be positive{_unit(unit)}, not {value!r}")
    return number


def at_least_zero(name: str, value, *, unit: str | None = None) -> float:
    """``value`` if it is a finite number of zero or more."""
    number = finite_number(name, value)
    if number < 0:
        raise ValueError(f"{name} must be zero or more{_unit(unit)}, not {value!r}")
    return number


def fraction(name: str, value, *, below_one: bool = False) -> float:
    """``value`` if it is a share from 0 to 1 (or below 1 with ``below_one``).

    A value that looks like a percentage (1 to 100) gets a hint to give a fraction.
    """
    number = finite_number(name, value)
    top_ok = number < 1 if below_one else number <= 1
    if not (number >= 0 and top_ok):
        limit = "from 0 up to (not including) 1" if below_one else "between 0 and 1"
        hint = " (give a fraction: 0.25 means 25 %)" if 1 <= number <= 100 else ""
        raise ValueError(f"{name} must be a fraction {limit}, not {value!r}{hint}")
    return number


def rate(name: str, value) -> float:
    """``value`` if it is a rate above -1 (a rate of -100 % or less makes no sense)."""
    number = finite_number(name, value)
    if number <= -1:
        raise ValueError(
            f"{name} must be above -1 (a rate of -100 % or less makes no sense), not {value!r}"
        )
    return number


def whole_number(name: str, value, *, low: int, high: int) -> int:
    """``value`` as an int if it is a whole number from ``low`` to ``high``."""
    number = finite_number(name, value)
    if not number.is_integer() or not low <= number <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return int(number)
