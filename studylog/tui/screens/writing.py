"""Every writing entry, newest first."""

from __future__ import annotations

from studylog.domain.values import WritingEntry
from studylog.tui.format import user_text
from studylog.tui.screens.records import PAGE, RecordsScreen


class WritingScreen(RecordsScreen):
    MODE = "writing"
    TITLE = "Writing"
    COLUMNS = (("Date", 10), ("Words", 6), ("Title", None), ("Challenge", 16), ("Tags", 14))
    EMPTY = "No writing yet. Press a and type: write 500 words My first entry"

    def fetch(self) -> list[WritingEntry]:
        return self.studylog.store.writing(limit=PAGE)

    def cells(self, e: WritingEntry, flex: int) -> tuple:
        return (e.day.isoformat(), f"{e.words:,}", user_text(e.title or e.note, flex),
                user_text(e.challenge, 16), user_text(" ".join(f"#{t}" for t in e.tags), 14))
