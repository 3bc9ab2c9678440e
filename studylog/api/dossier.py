"""A topic's dossier (``studylog topic "Deep Learning/Transformers"``): its resources with status and notes,
the time studied, related papers and books, writing tagged with it, and a timeline; gathered (services),
built (reports) and written as Markdown (io)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.reports.dossier import Dossier


def dossier(db: Database, topic: str) -> Dossier:
    """The dossier of a topic named as ``res list --topic`` names one (its whole path or any run of its
    parts, in any case), with its subtopics; NotFound when no resource or study session is under it,
    ValueError for an empty topic."""
    from studylog.reports.dossier import dossier as build
    from studylog.services import dossier as gather
    from studylog.text import clean_topic

    typed = clean_topic(topic)
    if typed is None:
        raise ValueError("a dossier needs a topic, e.g. studylog topic transformers")
    with db.connection() as conn:
        inputs = gather.inputs(conn, typed, db.clock.today())
    return build(inputs)


def markdown(built: Dossier) -> str:
    from studylog.io.dossier_markdown import dossier_markdown

    return dossier_markdown(built)


def dossier_markdown(db: Database, topic: str) -> str:
    return markdown(dossier(db, topic))
