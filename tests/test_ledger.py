"""Do the claim cards show claim, translation, evidence and a verdict in words?"""

import pandas as pd
import pytest

from telegram_case import load
from telegram_case.ledger import VERDICT_LABELS, ClaimCards, claim_cards


def test_cards_for_a_notebook_show_every_part():
    cards = claim_cards(notebook="01")
    html = cards._repr_html_()
    text = repr(cards)
    for part in ("Source text (German)", "Translation", "Source"):
        assert part in text
    assert 'lang="de"' in html and "What the evidence says" in html
    assert any(label in text for label in VERDICT_LABELS.values())


def test_cards_keep_the_requested_order():
    text = repr(claim_cards(ids=["eighteen_months", "fifteen_months"]))
    assert text.index("eighteen_months") < text.index("fifteen_months")


def test_unknown_ids_and_notebooks_are_named():
    with pytest.raises(ValueError, match="no_such_claim"):
        claim_cards(ids=["paul_durov", "no_such_claim"])
    with pytest.raises(ValueError, match="'99'"):
        claim_cards(notebook="99")


def test_cards_to_judge_show_evidence_items_but_no_verdict():
    claims = load("claims")
    claims = claims[claims["claim_id"] == "fifty_million_active_users"]
    evidence = pd.DataFrame(
        {
            "evidence_id": ["ev_one"],
            "claim_id": ["fifty_million_active_users"],
            "text": ["The post lists nine countries."],
            "source_id": [claims["source_id"].iloc[0]],
            "supports": ["partly"],
        }
    )
    cards = ClaimCards(claims, evidence)
    for shown in (repr(cards), cards._repr_html_()):
        assert "ev_one" in shown and "nine countries" in shown and "yours to judge" in shown
        for label in VERDICT_LABELS.values():
            assert f"[{label}]" not in shown and f"Verdict: {label}" not in shown
        assert claims["correction"].iloc[0][:40] not in shown


def test_cards_to_judge_need_evidence_items():
    with pytest.raises(ValueError, match="no evidence items"):
        claim_cards(ids=["paul_durov"], verdict=False)
