"""Every study session, newest first: time spent on a topic or a resource."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from studylog.domain.values import NewStudy, StudySession
from studylog.formatting import format_study_time
from studylog.tui.dialogs.form import Field
from studylog.tui.fields import study_fields
from studylog.tui.format import user_text
from studylog.tui.screens.records import Column, RecordsScreen


class StudyScreen(RecordsScreen):
    MODE = "study"
    TITLE = "Study"
    NOUN = "session"
    PLURAL = "sessions"
    COLUMNS = (Column("Date", 10, lambda s: s.day), Column("Time", 6, lambda s: s.duration_s),
               Column("Topic", 26, lambda s: (s.topic or "").lower()),
               Column("Resource", None, lambda s: (s.resource_title or "").lower()),
               Column("Note", 20, lambda s: (s.note or "").lower()))
    EMPTY = ("No study sessions yet. Press a and type: study 45min transformers (or n for a form, or l on a "
             "resource)")

    def fetch_page(self, offset: int, limit: int | None) -> list[StudySession]:
        from studylog.api import study

        return study.sessions(self.studylog.db, limit=limit, offset=offset)

    def cells(self, s: StudySession, flex: int) -> tuple:
        return (s.day.isoformat(), Text(format_study_time(s.duration_s), justify="right"), user_text(s.topic, 26),
                user_text(s.resource_title, flex), user_text(s.note, 20))

    def text_of(self, s: StudySession) -> str:
        return " ".join(filter(None, (s.day.isoformat(), s.topic, s.resource_title, s.note)))

    def form_fields(self, record: StudySession | None) -> list[Field]:
        return study_fields(record, self.studylog.clock.today())

    def store_form(self, record: StudySession | None, values: dict[str, Any]) -> StudySession:
        from studylog.api import records

        db = self.studylog.db
        if record is None:
            return records.add(db, NewStudy(**values))
        return records.update(db, record, values)
