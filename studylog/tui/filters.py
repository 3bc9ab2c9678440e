"""The last guard between stored text and the terminal.

Text is cleaned of control characters when it is stored, and `db check` reports any that got into the
database by other means (an edit with the sqlite3 shell, a damaged file). Should one still reach a screen,
a terminal would act on it: an escape sequence recolours the rest of the screen, sets the window's title,
or moves the cursor so that columns no longer line up (a title holding ``ESC ] 0 ; ... BEL`` did exactly
that in the Writing table). So every line the app paints passes this filter, which drops what a terminal
would act on or what reorders text (C0 and C1 controls, DEL, bidi overrides and isolates, zero-width
characters: the characters studylog.text.clean removes, tabs and line breaks too, which a painted line
never holds). They take no cells, so the columns keep their places. Textual's own control segments (cursor
moves) are left alone."""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

_ACTED_ON = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


class ControlCharacters(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(_ACTED_ON.search(segment.text) for segment in segments if not segment.control):
            return segments
        return [segment if segment.control or not _ACTED_ON.search(segment.text)
                else Segment(_ACTED_ON.sub("", segment.text), segment.style, segment.control)
                for segment in segments]
