"""Learning resources by topic: the topic tree, the lists, status, and lists shared as Markdown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.domain.values import Resource, ResourceListInfo
    from studylog.io.markdown_list import ExportDoc


def topic_totals(counts: Iterable[tuple[str | None, int, int]]) -> dict[tuple[str, ...], list[int]]:
    """The topic tree: for each topic path and each of its parents ("gpus/kernels" counts under "gpus"
    too), [resources, done]; resources without a topic under "(no topic)". ``counts`` is
    (topic, resources, done) per topic, as services.resources.topic_counts gives it."""
    totals: dict[tuple[str, ...], list[int]] = {}
    for topic, total, done in counts:
        parts = tuple(topic.split("/")) if topic else ("(no topic)",)
        for depth in range(1, len(parts) + 1):
            entry = totals.setdefault(parts[:depth], [0, 0])
            entry[0] += total
            entry[1] += done
    return totals


def topic_counts(db: Database) -> list[tuple[str | None, int, int]]:
    """(topic, resources, done) for each topic."""
    from studylog.services import resources

    with db.connection() as conn:
        return resources.topic_counts(conn)


def resources(db: Database, *, topic: str | None = None, status: str | None = None,
              limit: int | None = 1000) -> list[Resource]:
    """The resources (under a topic and its subtopics, of a status, when given)."""
    from studylog.services import resources as service

    with db.connection() as conn:
        return service.list_resources(conn, topic=topic, status=status, limit=limit)


def count(db: Database, *, topic: str | None = None, status: str | None = None) -> int:
    from studylog.services import resources as service

    with db.connection() as conn:
        if topic is None and status is None:
            return service.count(conn)
        return len(service.list_resources(conn, topic=topic, status=status))


def find(db: Database, ref: str) -> Resource:
    """A resource as people name it: its id, its title (any case) or link, or a part of its title only it
    has (NotFound; Ambiguous with the matches)."""
    from studylog.services import resources as service

    with db.connection() as conn:
        return service.find(conn, ref)


def find_all(db: Database, refs: Sequence[str]) -> list[Resource]:
    """The resources several names give, each once, in the order named: all of them or, at the first name
    that finds none or several, NotFound or Ambiguous (so that nothing is changed for a list with a bad
    name in it)."""
    from studylog.services import resources as service

    found: dict[int, Resource] = {}
    with db.connection() as conn:
        for ref in refs:
            resource = service.find(conn, ref)
            found.setdefault(resource.id, resource)
    return list(found.values())


def set_status(db: Database, resource: Resource | int, status: str) -> Resource:
    """Mark a resource new, studying, done or skipped (NotFound for an id that is not there)."""
    from studylog.services import resources as service

    resource_id = resource if isinstance(resource, int) else resource.id
    with db.connection() as conn:
        return service.set_status(conn, resource_id, status, now=db.clock.now(), today=db.clock.today())


def lists(db: Database) -> list[ResourceListInfo]:
    """The resource lists imported (and each one's curator, size and file)."""
    from studylog.services import resources as service

    with db.connection() as conn:
        return service.lists(conn)


def export_doc(db: Database, *, list_names: Sequence[str] = (), topics: Sequence[str] = (),
               with_progress: bool = False) -> ExportDoc:
    """Resources (of some lists or topics, or all) as a list document (UnknownList for a list name that
    is not there)."""
    from studylog.services import resources as service

    with db.connection() as conn:
        return service.export_doc(conn, list_names=list_names, topics=topics, with_progress=with_progress,
                                  today=db.clock.today())


def export_markdown(db: Database, **what: Any) -> tuple[str, ExportDoc]:  # noqa: ANN401
    """Resources as a Markdown list others import (``what``: as export_doc takes), and the document."""
    from studylog.io.markdown_list import render_markdown_list

    doc = export_doc(db, **what)
    return render_markdown_list(doc), doc


def export_file(db: Database, path: Path, **what: Any) -> int:  # noqa: ANN401
    """Resources written to ``path`` as a Markdown list, whole or not at all; how many were written."""
    from studylog.atomic import write_atomically

    markdown, doc = export_markdown(db, **what)
    write_atomically(path, markdown)
    return items_in(doc)


def items_in(doc: ExportDoc) -> int:
    return sum(len(section.items) for section in doc.sections)
