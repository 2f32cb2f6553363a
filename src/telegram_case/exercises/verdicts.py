"""The question notebooks 01, 02 and 04 each ask: judge claims of a source text from evidence.

The notebook shows each claim with its evidence items (``data/evidence.csv``), without the
verdict; the student answers ``{claim_id: (verdict, [evidence ids]), ...}``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..checking import Question
from ..datasets import load
from ..expectations import expect_verdicts


def verdict_question(
    claims: Sequence[str],
    *,
    what: str,
    explain: Callable[..., str] | None = None,
    graded_values: Callable[[], list[Any]] | None = None,
) -> Question:
    """A question asking for a verdict on each of ``claims`` and the evidence it rests on.

    Every verdict some evidence item of the claim supports passes, if the items cited
    support it (:func:`~telegram_case.expectations.expect_verdicts`); the reference answer
    is the ledger's verdict (``data/claims.csv``) with every item that supports it.
    ``what`` names the answer variable in nudges (``"`verdicts`"``).
    """
    claims = tuple(claims)

    def answer() -> dict[str, tuple[str, list[str]]]:
        return _supported_verdicts(claims)

    def checker(value) -> None:
        expect_verdicts(value, claims, load("evidence"), what=what)

    return Question(answer=answer, checker=checker, explain=explain, graded_values=graded_values)


def _supported_verdicts(claims: Sequence[str]) -> dict[str, tuple[str, list[str]]]:
    """The ledger's verdict on each claim, with the evidence items that support it."""
    verdicts = load("claims").set_index("claim_id")["verdict"]
    evidence = load("evidence")
    answer = {}
    for claim in claims:
        verdict = verdicts[claim]
        items = evidence[evidence["claim_id"] == claim]
        cited = [
            row.evidence_id for row in items.itertuples() if verdict in str(row.supports).split(";")
        ]
        answer[claim] = (verdict, cited)
    return answer
