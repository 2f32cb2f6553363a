"""What the browser and hub tests need: Chromium, and a way to say it is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def unavailable(reason: str):
    """Skip the test, except on CI (``CI=true``), where a missing browser is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"{reason} (CI=true: the browser tests must run on CI; "
            ".ci/run installs Debian's chromium)",
            pytrace=False,
        )
    pytest.skip(reason)
