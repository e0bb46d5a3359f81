"""How much room a text needs in a slide's text box, estimated from its length: the deck sizes and stacks its boxes
with it, so a title that wraps pushes the subtitle down instead of running into it, and a text too long for its box
is set smaller or shortened with an ellipsis, never cut by the box's edge.

The estimate needs no font file: a character is taken as 0.6 em wide, which is generous for Arial and for DejaVu
Sans (the font LibreOffice puts in Arial's place), Vietnamese diacritics included.
"""

from __future__ import annotations

from collections.abc import Sequence

EM = 0.6  # average advance of a character, in em
LEADING = 1.2  # line height, in em
EMU_PER_PT = 12700
SIDE_INSET_PT = 7.2  # the deck's text boxes keep 0.05 in left and right
INSET_PT = 2.88  # and 0.02 in at the top and the bottom


def _lines(paragraph: str, width_pt: float, size: float) -> int:
    """Lines a paragraph takes when wrapped at word boundaries (a word longer than a line breaks where it must)."""
    per_line = max(1, int(width_pt / (size * EM)))
    lines, used = 1, 0
    for word in paragraph.split():
        n = len(word)
        if used == 0:
            lines += (n - 1) // per_line
            used = n % per_line or per_line
        elif used + 1 + n <= per_line:
            used += 1 + n
        else:
            lines += 1 + (n - 1) // per_line
            used = n % per_line or per_line
    return lines


def height(paragraphs: Sequence[str], width: int, size: float, space_after: float = 0) -> int:
    """The height (EMU) a box of `width` EMU needs for these paragraphs at `size` points."""
    width_pt = width / EMU_PER_PT - SIDE_INSET_PT
    lines = sum(_lines(p, width_pt, size) for p in paragraphs)
    points = lines * size * LEADING + space_after * max(len(paragraphs) - 1, 0) + 2 * INSET_PT
    return int(points * EMU_PER_PT) + 1


def size(
    paragraphs: Sequence[str], width: int, room: int, largest: float, smallest: float, space_after: float = 0
) -> int:
    """The largest whole point size from `largest` down to `smallest` at which the paragraphs fit in `room` EMU."""
    s = int(largest)
    while s > smallest and height(paragraphs, width, s, space_after) > room:
        s -= 1
    return s


def shorten(text: str, width: int, room: int, size_pt: float) -> str:
    """The text, cut at a word and ended with an ellipsis where it would not fit in `room` at `size_pt`."""
    if height([text], width, size_pt) <= room:
        return text
    words = text.split()
    while len(words) > 1 and height([" ".join(words) + "…"], width, size_pt) > room:
        words.pop()
    return " ".join(words).rstrip(",;:.-–") + "…"
