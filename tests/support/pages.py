"""What a student can read in an HTML page (feedback): its text without tags."""

from __future__ import annotations

import html
import re


def strip_html(page: str) -> str:
    """The text of an HTML page without its tags, scripts and styles."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", text))
