"""Growth arithmetic: multiples, compound annual growth rates, doubling times."""

from __future__ import annotations

import math

import pandas as pd

from ._inputs import finite_number

__all__ = ["cagr", "doubling_time", "growth_multiple", "years_between"]

DAYS_PER_YEAR = 365.25


def years_between(start, end) -> float:
    """Years from ``start`` to ``end`` (dates or anything ``pandas.Timestamp`` reads)."""
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        raise ValueError(f"years_between needs two dates, got {start!r} and {end!r}")
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if end <= start:
        raise ValueError(f"end ({end:%Y-%m-%d}) must be after start ({start:%Y-%m-%d})")
    return (end - start).days / DAYS_PER_YEAR


def growth_multiple(start_value: float, end_value: float) -> float:
    """How many times larger ``end_value`` is than ``start_value``."""
    start_value = finite_number("start_value", start_value)
    end_value = finite_number("end_value", end_value)
    if start_value <= 0 or end_value <= 0:
        raise ValueError("growth is defined here for positive values only")
    return end_value / start_value


def cagr(start_value: float, end_value: float, years: float) -> float:
    """Compound annual growth rate, as a fraction (0.25 means 25 % a year)."""
    start_value = finite_number("start_value", start_value)
    end_value = finite_number("end_value", end_value)
    years = finite_number("years", years)
    if years <= 0:
        raise ValueError(f"years must be positive, not {years}")
    return growth_multiple(start_value, end_value) ** (1 / years) - 1


def doubling_time(rate: float) -> float:
    """Years to double at a constant annual growth ``rate`` (a fraction)."""
    rate = finite_number("rate", rate)
    if rate <= 0:
        raise ValueError(f"a doubling time needs a positive growth rate, not {rate}")
    return math.log(2) / math.log1p(rate)
