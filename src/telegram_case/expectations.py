"""The checks a question is built from: each raises :class:`Nudge` for a wrong answer.

A nudge is a message for the student that says what is wrong and never shows the
expected value. :mod:`telegram_case.checking` turns a nudge into the outcome
"Not yet right".
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "VERDICTS",
    "Nudge",
    "expect_choice",
    "expect_frame",
    "expect_function",
    "expect_mapping",
    "expect_number",
    "expect_set",
    "expect_value_error",
    "expect_verdicts",
]

# The verdicts of the claims ledger (data/claims.csv), in the order students read them.
VERDICTS = ("correct", "partly", "outdated", "wrong", "not_realised")


class Nudge(Exception):
    """Raised by a checker with a student-facing message; never shows the answer."""


def _kind(value: Any) -> str:
    return type(value).__name__


# The slips of scale a unit mistake makes: per cent against a fraction (100), thousands,
# millions and billions against each other (1,000 and 1,000,000), and both together.
_SCALE_SLIPS = (100, 1_000, 100_000, 1_000_000, 1_000_000_000)


def expect_number(
    value: Any,
    expected: float,
    *,
    what: str,
    rel: float = 1e-3,
    abs_tol: float = 0.0,
    mistakes: Iterable[tuple[float, str]] = (),
    integer: bool = False,
    kind: str = "number",
    units: str = "",
) -> None:
    """Nudge unless ``value`` is a real number within tolerance of ``expected``.

    ``mistakes`` lists (value a typical mistake gives, the nudge for it). A value
    off by a slip of scale (× or ÷ 100, 1,000, 1,000,000, ...) gets a unit nudge
    built in: ``kind`` says what the answer is (``"fraction"`` such as a rate,
    ``"percent"``, or any other ``"number"``), so only a fraction is told to drop the
    per cent and only a per cent to use one; ``units`` names the units to check
    ("the data is in USD million"). No nudge shows the expected value.
    """
    if kind not in ("number", "fraction", "percent"):
        raise ValueError(f"kind must be 'number', 'fraction' or 'percent', not {kind!r}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Nudge(f"{what} should be a number, not a {_kind(value)}.")
    number = float(value)
    if not math.isfinite(number):
        raise Nudge(f"{what} is {number}; check for a division by zero or a missing value.")
    if integer and not float(number).is_integer():
        raise Nudge(f"{what} should be a whole number.")
    if math.isclose(number, expected, rel_tol=rel, abs_tol=abs_tol):
        return
    for wrong, message in mistakes:
        if math.isclose(number, wrong, rel_tol=rel, abs_tol=abs_tol):
            raise Nudge(message)
    _nudge_scale_slip(number, expected, what=what, rel=rel, kind=kind, units=units)
    if expected and math.isclose(number, -expected, rel_tol=rel):
        raise Nudge(f"{what} has the wrong sign.")
    raise Nudge(f"{what} is not the value the data gives.")


def _nudge_scale_slip(
    number: float, expected: float, *, what: str, rel: float, kind: str, units: str
) -> None:
    """Nudge if ``number`` is ``expected`` times or divided by a slip of scale."""
    if not expected:
        return
    for factor in _SCALE_SLIPS:
        for scaled, larger in ((expected * factor, True), (expected / factor, False)):
            if math.isclose(number, scaled, rel_tol=rel):
                raise Nudge(_scale_message(factor, larger, what=what, kind=kind, units=units))


def _scale_message(factor: int, larger: bool, *, what: str, kind: str, units: str) -> str:
    if factor == 100 and larger and kind == "fraction":
        return f"{what} looks like a percentage; give it as a fraction (0.25, not 25)."
    if factor == 100 and not larger and kind == "percent":
        return f"{what} looks like a fraction; give it in percent (25, not 0.25)."
    if factor == 100:
        cause = (
            "a percentage where a fraction or a multiple belongs (25 for 0.25)?"
            if larger
            else "an input in per cent where the model uses a fraction (9 for 0.09)?"
        )
    else:
        cause = "thousands, millions and billions mixed up?"
    check = f"Check the units: {units}." if units else "Check the units of each input."
    size = "larger" if larger else "smaller"
    return f"{what} is {factor:,} times {size} than the value the data gives: {cause} {check}"


def _plain_str(value: str) -> str:
    """The characters of a string, without any behaviour a str subclass adds (a hostile
    ``__eq__``); ``numpy.str_`` and other honest subclasses keep their text."""
    return str.__str__(value)


def expect_choice(value: Any, expected: str, *, what: str, options: Sequence[str]) -> None:
    """Nudge unless ``value`` is the string ``expected`` (case and spaces ignored)."""
    if not isinstance(value, str):
        raise Nudge(f"{what} should be a string, one of {list(options)}, not a {_kind(value)}.")
    cleaned = _plain_str(value).strip().lower()
    allowed = [o.lower() for o in options]
    if cleaned not in allowed:
        raise Nudge(f"{what} should be one of {list(options)}; you gave {value!r}.")
    if cleaned != expected.lower():
        raise Nudge(f"{what}: {value!r} is not the option the evidence supports.")


def expect_set(
    value: Any, expected: Iterable[str], *, what: str, options: Iterable[str] | None = None
) -> None:
    """Nudge unless ``value`` holds exactly the strings in ``expected`` (any order)."""
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise Nudge(f"{what} should be a list or set of strings, not a {_kind(value)}.")
    if not all(isinstance(item, str) for item in value):
        raise Nudge(f"{what} should contain only strings.")
    given = {_plain_str(item).strip().lower() for item in value}
    wanted = {item.lower() for item in expected}
    if options is not None:
        unknown = sorted(given - {o.lower() for o in options})
        if unknown:
            raise Nudge(f"{what} contains names that are not options: {unknown}.")
    if given == wanted:
        return
    missing, extra = len(wanted - given), len(given - wanted)
    parts = []
    if missing:
        parts.append(f"{missing} missing")
    if extra:
        parts.append(f"{extra} that should not be there")
    raise Nudge(f"{what} is not right yet: {' and '.join(parts)}.")


def expect_frame(
    value: Any,
    expected: pd.DataFrame,
    *,
    what: str,
    columns: Sequence[str] | None = None,
    sort_by: Sequence[str] | None = None,
    rel: float = 1e-6,
) -> None:
    """Nudge unless ``value`` is a DataFrame with the same content as ``expected``.

    Compares by content, not by printed form: the named ``columns`` (default:
    all of ``expected``), rows in the order of ``sort_by`` if given, numbers within
    ``rel``, dates as dates, text as text; extra columns and the index are ignored.
    """
    if type(value) is not pd.DataFrame:
        raise Nudge(f"{what} should be a pandas DataFrame, not a {_kind(value)}.")
    columns = list(columns if columns is not None else expected.columns)
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise Nudge(f"{what} lacks the column(s) {missing}.")
    if len(value) != len(expected):
        raise Nudge(
            f"{what} has {len(value)} rows; that is not the number of rows the question asks for."
        )
    given, wanted = value[columns], expected[columns]
    if sort_by:
        given = given.sort_values(list(sort_by), kind="stable")
        wanted = wanted.sort_values(list(sort_by), kind="stable")
    given, wanted = given.reset_index(drop=True), wanted.reset_index(drop=True)
    for column in columns:
        if not _same_column(given[column], wanted[column], rel):
            raise Nudge(f"{what}: the values in column {column!r} are not right yet.")


def _same_column(given: pd.Series, wanted: pd.Series, rel: float) -> bool:
    if pd.api.types.is_datetime64_any_dtype(wanted):
        try:
            given = pd.to_datetime(given)
        except (TypeError, ValueError):
            return False
        return bool(
            (given.isna() == wanted.isna()).all()
            and (given[wanted.notna()] == wanted[wanted.notna()]).all()
        )
    if pd.api.types.is_numeric_dtype(wanted) and not pd.api.types.is_bool_dtype(wanted):
        if not pd.api.types.is_numeric_dtype(given) or pd.api.types.is_bool_dtype(given):
            return False
        a = given.astype("float64").to_numpy()
        b = wanted.astype("float64").to_numpy()
        return bool(np.allclose(a, b, rtol=rel, atol=0.0, equal_nan=True))
    left = given.astype("string").fillna("<NA>").tolist()
    right = wanted.astype("string").fillna("<NA>").tolist()
    return left == right


def expect_function(value: Any, *, what: str) -> Callable:
    """Nudge unless ``value`` is a plain function (not a class or another object)."""
    if not callable(value) or isinstance(value, type):
        raise Nudge(f"{what} should be a function defined with `def`, not a {_kind(value)}.")
    return value


def expect_value_error(call: Callable[[], Any], *, case: str, accepted: str) -> None:
    """Nudge unless ``call()`` refuses an absurd input with a ``ValueError``.

    ``case`` names the input in the nudge ("a conversion of 1.5"); ``accepted`` is the
    nudge when the function returns instead (``{result!r}`` shows what it returned). A
    stub's ``NotImplementedError`` passes through, so it still reads as "Not attempted".
    """
    try:
        result = call()
    except ValueError:
        return
    except NotImplementedError:
        raise
    except Exception as exc:
        raise Nudge(
            f"For {case} your function raised {type(exc).__name__}; raise a ValueError instead."
        ) from None
    raise Nudge(accepted.format(result=result))


def _entries(value: Any, keys: Sequence[str], what: str) -> dict[str, Any]:
    """``value`` as a dict with exactly ``keys`` (plain ``str`` keys), or a nudge."""
    if not isinstance(value, Mapping):
        raise Nudge(f"{what} should be a dict, not a {_kind(value)}.")
    if not all(isinstance(key, str) for key in value):
        raise Nudge(f"{what} should have strings as keys.")
    given = {_plain_str(key).strip(): item for key, item in value.items()}
    unknown = sorted(set(given) - set(keys))
    if unknown:
        raise Nudge(f"{what} has entries that are not asked for: {unknown}.")
    missing = [key for key in keys if key not in given]
    if missing:
        raise Nudge(f"{what} has no entry yet for {missing[0]!r}.")
    return given


def expect_mapping(
    value: Any,
    accepted: Mapping[str, Iterable[str]],
    *,
    what: str,
    reasons: Mapping[str, str],
    options: Sequence[str],
) -> None:
    """Nudge unless ``value`` maps every item of ``accepted`` to one of its accepted options.

    ``accepted`` gives, per item, every option the evidence supports (two
    readings can both be defensible). A wrong item gets a nudge that names that
    one item and why to reread it (``reasons``), never how many are wrong.
    """
    given = _entries(value, list(accepted), what)
    allowed = {option.lower() for option in options}
    for item, option in given.items():
        if not isinstance(option, str) or _plain_str(option).strip().lower() not in allowed:
            raise Nudge(f"{what}[{item!r}] should be one of {list(options)}, not {option!r}.")
    for item, choices in accepted.items():
        if _plain_str(given[item]).strip().lower() not in {c.lower() for c in choices}:
            raise Nudge(f"Reread {item!r}: {reasons[item]}")


def _verdict_entry(claim: str, entry: Any, what: str) -> tuple[str, list[str]]:
    form = f"{what}[{claim!r}] should be a pair: (verdict, [evidence ids])"
    if not isinstance(entry, (tuple, list)) or len(entry) != 2:
        raise Nudge(f"{form}, not {entry!r}.")
    verdict, cited = entry
    if not isinstance(verdict, str):
        raise Nudge(f"{form}; the verdict is a string, not a {_kind(verdict)}.")
    verdict = _plain_str(verdict).strip().lower()
    if verdict not in VERDICTS:
        raise Nudge(
            f"{what}[{claim!r}]: the verdict should be one of {list(VERDICTS)}, not {verdict!r}."
        )
    if isinstance(cited, str) or not isinstance(cited, (list, tuple, set, frozenset)):
        raise Nudge(f"{form}; the evidence is a list of ids, not a {_kind(cited)}.")
    if not cited or not all(isinstance(item, str) for item in cited):
        raise Nudge(f"{what}[{claim!r}]: cite at least one evidence id (strings).")
    return verdict, [_plain_str(item).strip() for item in cited]


def expect_verdicts(
    value: Any, claims: Sequence[str], evidence: pd.DataFrame, *, what: str
) -> None:
    """Nudge unless ``value`` judges every claim with a verdict its evidence supports.

    ``value`` maps each claim id to ``(verdict, [evidence ids])``. ``evidence``
    has the columns ``evidence_id``, ``claim_id`` and ``supports`` (the verdicts
    an item supports, ``;``-separated). A verdict is accepted when at least one
    evidence item of the claim supports it (so every defensible verdict is), and
    the cited items must belong to that claim and include such an item; an item
    that supports only other verdicts must not be cited for it.
    """
    given = _entries(value, list(claims), what)
    items = {
        row.evidence_id: (row.claim_id, set(str(row.supports).split(";")))
        for row in evidence.itertuples()
    }
    for claim in claims:
        verdict, cited = _verdict_entry(claim, given[claim], what)
        for item in cited:
            if item not in items:
                raise Nudge(f"{what}[{claim!r}] cites {item!r}, which is not an evidence id.")
            if items[item][0] != claim:
                raise Nudge(
                    f"{what}[{claim!r}] cites {item!r}, which is evidence about another claim."
                )
        defensible = set().union(*(s for c, s in items.values() if c == claim))
        if verdict not in defensible:
            raise Nudge(
                f"Reread the evidence on {claim!r}: none of it supports calling the "
                f"claim {verdict!r}."
            )
        against = [item for item in cited if verdict not in items[item][1]]
        if against:
            raise Nudge(
                f"{what}[{claim!r}]: {against[0]!r} does not support {verdict!r}; "
                "cite only the evidence your verdict rests on."
            )
