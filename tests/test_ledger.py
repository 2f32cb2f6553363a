"""Do the claim cards show claim, translation, evidence and a verdict in words?"""

import pytest

from telegram_case.ledger import VERDICT_LABELS, claim_cards


def test_cards_for_a_notebook_show_every_part():
    cards = claim_cards(notebook="01")
    html = cards._repr_html_()
    text = repr(cards)
    for part in ("Seed (German)", "Translation", "Source"):
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
