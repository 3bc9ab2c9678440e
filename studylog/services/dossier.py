"""Gather what a topic's dossier needs (``studylog topic``), as plain values, in one consistent read.

The topics a typed topic names are found among every topic written (resources' and study sessions'),
in Python (``reports.dossier.matches_topic``: any case, not only ASCII's); the rows are then read by those
exact topics. Reading items and writing entries are looked for by a piece of the topic's last part (and
reading items by the resources' links) in SQL, and kept by the rules of ``reports.dossier`` (``related_reading``, ``tagged_writing``).
"""

from __future__ import annotations

import sqlite3
from datetime import date

from studylog.db.sqlite import snapshot, to_json_list
from studylog.domain.errors import NotFound
from studylog.reports.dossier import (
    DossierInputs,
    matches_topic,
    related_reading,
    search_stem,
    tagged_writing,
    topic_name,
)
from studylog.services import reading, resources, study, writing

# Every topic written: resources', and study sessions' (a session without one: its resource's).
SQL_TOPICS = (
    "SELECT topic FROM resource WHERE topic IS NOT NULL UNION "
    "SELECT COALESCE(s.topic, r.topic) FROM study_session AS s LEFT JOIN resource AS r ON r.id = s.resource_id "
    "WHERE COALESCE(s.topic, r.topic) IS NOT NULL"
)
# ?1: the topics, as a JSON list
SQL_RESOURCES = (
    f"SELECT {resources.COLUMNS} FROM resource WHERE topic IN (SELECT value FROM json_each(?1)) ORDER BY topic, id"
)
SQL_SESSIONS = (
    f"SELECT {study.COLUMNS}, COALESCE(s.topic, r.topic) AS topic_of FROM {study.FROM} "
    "WHERE COALESCE(s.topic, r.topic) IN (SELECT value FROM json_each(?1)) ORDER BY s.day, s.id"
)
# :like: '%piece%' (LIKE's own characters escaped), '%' when the piece is not ASCII (LIKE folds ASCII only);
# :links: the topic's resources' links, as a JSON list
SQL_READING = (
    f"SELECT {reading.COLUMNS} FROM reading_item WHERE title LIKE :like ESCAPE '\\' OR tags LIKE :like ESCAPE '\\' "
    "OR url IN (SELECT value FROM json_each(:links)) ORDER BY id"
)
SQL_WRITING = f"SELECT {writing.COLUMNS} FROM writing_entry WHERE tags LIKE :like ESCAPE '\\' ORDER BY day, id"


def _like(piece: str) -> str:
    if not piece or not piece.isascii():
        return "%"
    return "%" + piece.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def known_topics(conn: sqlite3.Connection) -> list[str]:
    return sorted(row[0] for row in conn.execute(SQL_TOPICS))


def inputs(conn: sqlite3.Connection, typed: str, today: date) -> DossierInputs:
    """Everything the dossier of ``typed`` (a cleaned topic) shows; NotFound when it names no topic."""
    with snapshot(conn):
        topics = tuple(t for t in known_topics(conn) if matches_topic(t, typed))
        if not topics:
            raise NotFound(f"no topic like '{typed}'; studylog res topics lists them")
        name = topic_name(typed, topics)
        wanted = to_json_list(list(topics))
        found = tuple(resources.from_row(row) for row in conn.execute(SQL_RESOURCES, (wanted,)))
        sessions = tuple(study.from_row(row)._replace(topic=row["topic_of"])
                         for row in conn.execute(SQL_SESSIONS, (wanted,)))
        like = _like(search_stem(name))
        links = {r.url for r in found}
        items = tuple(item for item in (reading.from_row(row) for row in
                                        conn.execute(SQL_READING, {"like": like, "links": to_json_list(sorted(links))}))
                      if related_reading(item, name, links))
        entries = tuple(entry for entry in (writing.from_row(row) for row in conn.execute(SQL_WRITING, {"like": like}))
                        if tagged_writing(entry, name))
    return DossierInputs(typed=typed, name=name, topics=topics, today=today, resources=found, sessions=sessions,
                         reading=items, writing=entries)
