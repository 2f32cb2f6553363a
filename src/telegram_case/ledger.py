"""The claims ledger as cards: the seed's claim, its translation, the evidence, the verdict.

Source criticism is part of the course: where a seed text is wrong or
outdated, a notebook shows the German claim, an English translation, what the
evidence says and the verdict, with the source of the evidence.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from .datasets import load, source
from .plots import NO_MATH

__all__ = ["ClaimCards", "claim_cards"]

VERDICT_LABELS = {
    "correct": "CORRECT",
    "partly": "PARTLY RIGHT",
    "outdated": "OUTDATED",
    "wrong": "WRONG",
    "not_realised": "NOT REALISED",
}


def claim_cards(
    *, notebook: str | None = None, ids: Iterable[str] | None = None, verdict: bool = True
) -> ClaimCards:
    """Cards for the claims of one notebook (``"01"``…) or for the given claim ids.

    With ``verdict=False`` a card shows the claim and its evidence items
    (``data/evidence.csv``, each with its id and source) but no verdict and no
    correction: the student judges the claim.
    """
    claims = load("claims")
    if ids is not None:
        ids = list(ids)
        unknown = sorted(set(ids) - set(claims["claim_id"]))
        if unknown:
            raise ValueError(f"unknown claim id(s) {unknown}: not in data/claims.csv")
        claims = claims.set_index("claim_id").loc[ids].reset_index()
    elif notebook is not None:
        claims = claims[claims["notebook"] == notebook]
        if claims.empty:
            raise ValueError(f"no claims for notebook {notebook!r} in data/claims.csv")
    if verdict:
        return ClaimCards(claims)
    evidence = load("evidence")
    bare = sorted(set(claims["claim_id"]) - set(evidence["claim_id"]))
    if bare:
        raise ValueError(
            f"claim(s) {bare} have no evidence items in data/evidence.csv to "
            "judge them by; show them with their verdict instead"
        )
    return ClaimCards(claims, evidence)


class ClaimCards:
    """Displayable cards; the verdict is a word, never a colour alone."""

    def __init__(self, claims: pd.DataFrame, evidence: pd.DataFrame | None = None):
        self.claims, self.evidence = claims, evidence

    def _cards(self):
        for _, row in self.claims.iterrows():
            if self.evidence is None:
                verdict, items = (
                    VERDICT_LABELS[row["verdict"]],
                    [(None, row["correction"], row["source_id"])],
                )
            else:
                mine = self.evidence[self.evidence["claim_id"] == row["claim_id"]]
                verdict, items = (
                    "yours to judge",
                    list(mine[["evidence_id", "text", "source_id"]].itertuples(index=False)),
                )
            yield {
                "id": row["claim_id"],
                "german": row["quote_de"],
                "english": row["translation_en"],
                "verdict": verdict,
                "items": [
                    (item_id, text, source_id, source(source_id))
                    for item_id, text, source_id in items
                ],
            }

    def __repr__(self) -> str:
        blocks = []
        for card in self._cards():
            lines = [
                f"[{card['verdict']}] {card['id']}",
                f"  Source text (German): {card['german']}",
                f"  Translation:   {card['english']}",
            ]
            for item_id, text, source_id, citation in card["items"]:
                label = f"Evidence {item_id}:" if item_id else "Evidence:"
                lines += [f"  {label} {text}", f"    Source: {source_id} — {citation}"]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def _repr_html_(self) -> str:
        parts = []
        for card in self._cards():
            e = {k: html.escape(str(card[k])) for k in ("id", "german", "english", "verdict")}
            evidence = "".join(_evidence_html(*item) for item in card["items"])
            parts.append(
                f'<div class="{NO_MATH}" '
                'style="border:1px solid #888;border-radius:4px;padding:6px 10px;'
                'margin:6px 0">'
                f"<p><strong>Verdict: {e['verdict']}</strong> · <code>{e['id']}</code></p>"
                f'<p><em>Source text (German):</em> <span lang="de">„{e["german"]}“</span><br>'
                f"<em>Translation:</em> “{e['english']}”</p>{evidence}</div>"
            )
        return "\n".join(parts)


def _evidence_html(item_id, text, source_id, citation) -> str:
    label = (
        f"Evidence <code>{html.escape(item_id)}</code>" if item_id else ("What the evidence says")
    )
    return (
        f"<p><em>{label}:</em> {html.escape(text)}<br>"
        f"<em>Source:</em> <code>{html.escape(source_id)}</code> — "
        f"{html.escape(citation)}</p>"
    )
