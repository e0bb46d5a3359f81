"""What a reader sees of the Markdown the app writes: escapes and word joiners keep people's text literal and are
not displayed."""

from __future__ import annotations

import re


def shown(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
