"""The database as a whole: a session for a long-running front end, the demo, the check, the index."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from studylog.api import Database
    from studylog.clock import Clock
    from studylog.services.dbcheck import CheckReport

from studylog.db.errors import DatabaseError  # (what a session's calls raise: a one-line message to show)
from studylog.services.session import Session  # (what session() gives; the front ends type with it)

__all__ = ["DatabaseError", "Session", "check", "make_demo", "rebuild_runs", "session"]


def session(path: Path, clock: Clock) -> Session:
    """The database at ``path`` for a front end that stays open (the app): each call of the application
    layer on it opens a short connection of its own, from any thread."""
    return Session(path, clock)


def make_demo(path: Path, clock: Clock, *, years: int = 1, seed: int = 7) -> tuple[int, int]:
    """A demo database of ``years`` years ending today, at ``path``, whole or not at all; (writing
    entries, workouts) made."""
    from studylog.services.session import make_demo as make

    return make(path, clock, years=years, seed=seed)


COHORT = (("ada", 0.6, 0.25), ("bob", 0.4, 0.3), ("cy", 0.2, 0.4))  # (who, share done, share studying)


def write_demo_cohort(db: Path, folder: Path, clock: Clock, *, seed: int = 7) -> list[Path]:
    """A mentor's cohort to try ``studylog cohort`` on: the demo's mentor list as three people's progress
    exports (ada.md, bob.md, cy.md) in ``folder``, each further along than the next. Returns the files."""
    import random
    from datetime import timedelta

    from studylog.atomic import write_atomically
    from studylog.io.markdown_list import render_markdown_list
    from studylog.services import demo, resources

    rng = random.Random(seed + 3)
    today = clock.today()
    with session(db, clock).connection() as conn:
        doc = resources.export_doc(conn, list_names=[demo.MENTOR_LIST[0]], with_progress=True, today=today)
    from studylog.paths import make_private_dir

    make_private_dir(folder)  # (700, as every folder studylog makes: it holds a person's progress)
    written = []
    for who, done, studying in COHORT:
        sections = []
        for section in doc.sections:
            items = []
            for item in section.items:
                roll = rng.random()
                status = "done" if roll < done else "studying" if roll < done + studying else "new"
                added = today - timedelta(days=rng.randint(5, 40))
                items.append(item._replace(status=status, done=status == "done", added_on=added,
                                           done_on=added + timedelta(days=rng.randint(1, 4)) if status == "done"
                                           else None, note=None))
            sections.append(section._replace(items=tuple(items)))
        target = folder / f"{who}.md"
        write_atomically(target, render_markdown_list(doc._replace(sections=tuple(sections))))
        written.append(target)
    return written


def check(path: Path, *, today: date | None = None) -> CheckReport:
    """``studylog db check``: SQLite's own checks, the schema against the models, every stored value."""
    from studylog.services.dbcheck import check as run

    return run(path, today=today)


def rebuild_runs(db: Database) -> int:
    """Make the writing streak's runs again from the entries and skipped days (``db reindex``; `db check`
    says when they are out of step); how many runs there are."""
    from studylog.services import writing

    with db.connection() as conn:
        return writing.rebuild_runs(conn)
