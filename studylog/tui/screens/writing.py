"""Every writing entry, newest first."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from studylog.domain.values import NewWriting, WritingEntry
from studylog.tui.dialogs.form import Field
from studylog.tui.fields import tags_text, writing_fields
from studylog.tui.format import user_text
from studylog.tui.screens.records import Column, RecordsScreen


class WritingScreen(RecordsScreen):
    MODE = "writing"
    TITLE = "Writing"
    NOUN = "entry"
    PLURAL = "entries"
    COLUMNS = (Column("Date", 10, lambda e: e.day), Column("Words", 6, lambda e: e.words),
               Column("Title", None, lambda e: (e.title or e.note or "").lower()),
               Column("Challenge", 16, lambda e: e.challenge), Column("Tags", 14, lambda e: tags_text(e.tags)))
    EMPTY = "No writing yet. Press a and type: write 500 words My first entry (or n for a form)"

    def fetch_page(self, offset: int, limit: int | None) -> list[WritingEntry]:
        from studylog.api import writing

        return writing.entries(self.studylog.db, limit=limit, offset=offset)

    def cells(self, e: WritingEntry, flex: int) -> tuple:
        return (e.day.isoformat(), Text(f"{e.words:,}", justify="right"), user_text(e.title or e.note, flex),
                user_text(e.challenge, 16), user_text(tags_text(e.tags), 14))

    def text_of(self, e: WritingEntry) -> str:
        return " ".join(filter(None, (e.day.isoformat(), e.title, e.note, e.challenge, tags_text(e.tags))))

    def form_fields(self, record: WritingEntry | None) -> list[Field]:
        return writing_fields(record, self.studylog.clock.today())

    def store_form(self, record: WritingEntry | None, values: dict[str, Any]) -> WritingEntry:
        from studylog.api import records

        db = self.studylog.db
        if record is None:
            return records.add(db, NewWriting(**values))
        return records.update(db, record, values)
