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
}


def claim_cards(*, notebook: str | None = None, ids: Iterable[str] | None = None) -> ClaimCards:
    """Cards for the claims of one notebook (``"01"``…) or for the given claim ids."""
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
    return ClaimCards(claims)


class ClaimCards:
    """Displayable cards; the verdict is a word, never a colour alone."""

    def __init__(self, claims: pd.DataFrame):
        self.claims = claims

    def _cards(self):
        for _, row in self.claims.iterrows():
            yield {
                "id": row["claim_id"],
                "german": row["quote_de"],
                "english": row["translation_en"],
                "verdict": VERDICT_LABELS[row["verdict"]],
                "evidence": row["correction"],
                "source": source(row["source_id"]),
                "source_id": row["source_id"],
            }

    def __repr__(self) -> str:
        blocks = []
        for card in self._cards():
            blocks.append(
                f"[{card['verdict']}] {card['id']}\n"
                f"  Seed (German): {card['german']}\n"
                f"  Translation:   {card['english']}\n"
                f"  Evidence:      {card['evidence']}\n"
                f"  Source:        {card['source_id']} — {card['source']}"
            )
        return "\n\n".join(blocks)

    def _repr_html_(self) -> str:
        parts = []
        for card in self._cards():
            e = {k: html.escape(str(v)) for k, v in card.items()}
            parts.append(
                f'<div class="{NO_MATH}" '
                'style="border:1px solid #888;border-radius:4px;padding:6px 10px;'
                'margin:6px 0">'
                f"<p><strong>Verdict: {e['verdict']}</strong> · <code>{e['id']}</code></p>"
                f'<p><em>Seed (German):</em> <span lang="de">„{e["german"]}“</span><br>'
                f"<em>Translation:</em> “{e['english']}”</p>"
                f"<p><em>What the evidence says:</em> {e['evidence']}<br>"
                f"<em>Source:</em> <code>{e['source_id']}</code> — {e['source']}</p></div>"
            )
        return "\n".join(parts)
