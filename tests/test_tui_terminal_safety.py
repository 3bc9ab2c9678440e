"""Nothing the app paints holds a character a terminal would act on, even text that reached the database
without being cleaned (an edit with the sqlite3 shell): the last guard, studylog/tui/filters.py."""

from __future__ import annotations

import sqlite3

from rich.segment import Segment
from test_tui import make_app, settle
from textual.color import Color
from textual.geometry import Region
from textual.widgets import DataTable

from studylog.tui.filters import ControlCharacters

HOSTILE = "EVIL\x1b]0;PWNED\x07X\x1b[41mRED\u202eTXT.EXE\x00\x9b2J"


def test_the_filter_drops_what_a_terminal_acts_on_and_keeps_the_cells():
    segments = [Segment("ok "), Segment(HOSTILE), Segment("\x1b[2J", control=((1,),))]  # type: ignore[arg-type]
    out = ControlCharacters().apply(segments, Color(0, 0, 0))
    assert out[0] is segments[0]  # untouched text is the same segment
    assert out[1].text == "EVIL]0;PWNEDX[41mREDTXT.EXE2J"
    assert Segment.get_line_length(out[:2]) == Segment.get_line_length(segments[:2])  # the columns stay put
    assert out[2] is segments[2]  # Textual's own control segments pass


async def test_a_title_with_escape_sequences_in_the_database_reaches_the_screen_as_plain_text(tmp_path):
    app = make_app(tmp_path)
    conn = sqlite3.connect(tmp_path / "studylog.db")
    conn.execute("UPDATE writing_entry SET title = ? WHERE id = (SELECT MAX(id) FROM writing_entry)", (HOSTILE,))
    conn.commit()
    conn.close()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        painted = ["".join(s.text for s in strip)
                   for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height))]
        assert any("EVIL]0;PWNEDX[41mRED" in line for line in painted)
        assert not any(ch in line for line in painted for ch in "\x1b\x07\x00\x9b\u202e")
