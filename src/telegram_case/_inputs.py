"""Validation shared by the models: a bad argument is refused by name, never computed on."""

from __future__ import annotations

import math
import numbers

__all__ = ["finite_number"]


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
