"""A plain-text table for quick commands: what rich's Table would print, without importing rich (which
costs a third of a quick command's start-up). Wide characters (CJK, emoji) count as two columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from studylog.text import clean


def cell_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, with an ellipsis when something was cut."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap


def _cell(value: object, cap: int | None) -> str:
    """A cell as text on one line (an escape sequence or a control character in a stored title is dropped, as
    the app drops it: a database edited by hand must not reach the terminal), cut to ``cap`` columns."""
    shown = clean(str(value), multiline=False) or ""
    return fit(shown, cap) if cap else shown


def render(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[bool] = (),
           max_widths: Sequence[int | None] = (), bold_header: bool = False) -> str:
    """Columns two spaces apart, headers on top; ``right`` aligns columns right, ``max_widths`` caps them."""
    columns = len(header)
    right = list(right) + [False] * (columns - len(right))
    caps = list(max_widths) + [None] * (columns - len(max_widths))
    cells = [[_cell(c, caps[i]) for i, c in enumerate(row)] for row in rows]
    widths = [max([cell_width(header[i])] + [cell_width(r[i]) for r in cells]) for i in range(columns)]
    head = "  ".join(pad(h, widths[i], right[i]) for i, h in enumerate(header)).rstrip()
    lines = [f"\x1b[1m{head}\x1b[0m" if bold_header else head]
    lines += ["  ".join(pad(c, widths[i], right[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
