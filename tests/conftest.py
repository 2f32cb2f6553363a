"""Shared test set-up: keep every test away from the user's own caches."""

import pytest


@pytest.fixture(autouse=True)
def _private_validation_cache(tmp_path_factory, monkeypatch):
    """Validation markers go to a per-session folder, never to ~/.cache."""
    monkeypatch.setenv("TELEGRAM_CASE_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
