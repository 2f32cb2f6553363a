"""Growth arithmetic: multiples, compound annual growth rates, doubling times."""

from __future__ import annotations

import math

import pandas as pd

from .validation import finite_number

__all__ = [
    "cagr",
    "cagr_between",
    "doubling_time",
    "growth_multiple",
    "milestones",
    "rate_range",
    "years_between",
]

DAYS_PER_YEAR = 365.25
# Source confidences a figure can rest on alone; below them it is "only reported".
WELL_SOURCED = ("high", "medium-high")


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


def cagr_between(start_date, start_value: float, end_date, end_value: float) -> float:
    """Compound annual growth rate between two dated values (years measured in days)."""
    return cagr(start_value, end_value, years_between(start_date, end_date))


def rate_range(start_date, start_value: float, end_value: float, end_window) -> tuple[float, float]:
    """The lowest and highest CAGR when the end date is only known to lie in ``end_window``.

    ``end_window`` is a pair of dates (earliest, latest). With growth, a later end
    date spreads the same multiple over more years, so the latest date gives the
    lowest rate; the range is returned as ``(low, high)`` either way.
    """
    earliest, latest = (pd.Timestamp(d) for d in end_window)
    if latest < earliest:
        raise ValueError(f"end_window runs backwards: {earliest:%Y-%m-%d} to {latest:%Y-%m-%d}")
    rates = [cagr_between(start_date, start_value, d, end_value) for d in (earliest, latest)]
    return min(rates), max(rates)


def milestones(users: pd.DataFrame, metric: str = "monthly_active_users") -> pd.DataFrame:
    """The rows of the ``users`` dataset for one ``metric``, oldest first, with a fresh index."""
    if not isinstance(users, pd.DataFrame):
        raise TypeError(f"users should be a pandas DataFrame, not {type(users).__name__}")
    missing = [c for c in ("date", "metric", "value") if c not in users.columns]
    if missing:
        raise ValueError(f"users lacks the column(s) {missing}")
    rows = users[users["metric"] == metric].sort_values("date", kind="stable")
    if rows.empty:
        raise ValueError(f"users has no rows with metric {metric!r}")
    return rows.reset_index(drop=True)
