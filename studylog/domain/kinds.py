"""What studylog keeps, said once: every table with its nouns and value type, the kinds of record a
person adds, edits, deletes and finds (with the service that stores them and the screen that shows
them), and the app's screens in their order.

The rest is derived from here: the store's add/update/delete/undo, the app's screens, number keys, nav
bar and command palette, the search kinds, the tables of ``export json`` and their labels. Standard
library and the value types only (the quick commands and the app's first frame import it).
"""

from __future__ import annotations

from typing import NamedTuple

from studylog.domain.values import (
    Feed,
    Goal,
    Habit,
    NewReading,
    NewResource,
    NewStudy,
    NewWorkout,
    NewWriting,
    ReadingItem,
    Reflection,
    Resource,
    StudySession,
    Workout,
    WritingEntry,
)


class Table(NamedTuple):
    """A table of the database: ``noun``/``plural`` as messages count its rows ("3 writing entries");
    ``value`` the type a row is read back as (None: read by the services that use it); ``internal`` the
    columns that type leaves out on purpose; ``joined`` the fields of that type read from another table
    with the row (a study session's resource title)."""

    name: str
    noun: str
    plural: str
    value: type | None = None
    internal: tuple[str, ...] = ()
    joined: tuple[str, ...] = ()


# Parents before children: the order of ``export json``'s file and of a restore.
TABLES = (
    Table("writing_entry", "writing entry", "writing entries", WritingEntry),
    Table("workout", "workout", "workouts", Workout),
    Table("workout_effort", "best effort", "best efforts"),
    Table("reading_item", "reading item", "reading items", ReadingItem),
    Table("resource", "resource", "resources", Resource),
    Table("study_session", "study session", "study sessions", StudySession, joined=("resource_title",)),
    Table("resource_list", "resource list", "resource lists"),
    Table("resource_list_item", "list entry", "list entries"),
    Table("goal", "goal", "goals", Goal),
    Table("reflection", "reflection", "reflections", Reflection, internal=("created_at",)),
    Table("skip_day", "skip day", "skip days"),
    Table("challenge", "challenge", "challenges"),
    Table("habit", "habit", "habits", Habit, internal=("key",)),
    Table("habit_log", "habit done", "habits done"),
    Table("feed", "feed", "feeds", Feed),
)
TABLE = {table.name: table for table in TABLES}


class Kind(NamedTuple):
    """A kind of record a person adds, edits, deletes (and undoes), and (``searched``) finds by search.

    ``service`` is the module that stores it: ``add(conn, new, *, now, today)``, ``get(conn, id)``,
    ``update(conn, id, changes, *, now, today)``, ``delete(conn, id)`` (what it held, for ``restore``)
    and ``restore(conn, held)``. ``screen`` is the mode of the app's screen that lists it."""

    name: str  # as search and the app name it
    table: str
    value: type
    new: type
    service: str
    screen: str
    searched: bool = True


KINDS = (
    Kind("writing", "writing_entry", WritingEntry, NewWriting, "studylog.services.writing", "writing"),
    Kind("workout", "workout", Workout, NewWorkout, "studylog.services.workouts", "workouts"),
    Kind("reading", "reading_item", ReadingItem, NewReading, "studylog.services.reading", "reading"),
    Kind("resource", "resource", Resource, NewResource, "studylog.services.resources", "resources"),
    # (not in the search index yet: its rowid holds four kinds; a fifth needs the index rebuilt)
    Kind("study", "study_session", StudySession, NewStudy, "studylog.services.study", "study", searched=False),
)
SEARCHED = tuple(kind for kind in KINDS if kind.searched)
KIND = {kind.name: kind for kind in KINDS}


def kind_of(record: object) -> Kind:
    """The kind of a stored record or of a new one (a NewWriting is writing); KeyError for anything else."""
    for kind in KINDS:
        if isinstance(record, kind.value | kind.new):
            return kind
    raise KeyError(type(record).__name__)


class Screen(NamedTuple):
    """One of the app's screens: its mode, its name on the nav bar, its number key, and where its class
    lives (studylog.tui.screens.<module>.<cls>; imported when first shown, but for the dashboard)."""

    mode: str
    title: str
    key: str
    module: str
    cls: str


SCREENS = (
    Screen("dashboard", "Dashboard", "1", "dashboard", "DashboardScreen"),
    Screen("writing", "Writing", "2", "writing", "WritingScreen"),
    Screen("workouts", "Workouts", "3", "workouts", "WorkoutsScreen"),
    Screen("reading", "Reading", "4", "reading", "ReadingScreen"),
    Screen("resources", "Resources", "5", "resources", "ResourcesScreen"),
    Screen("goals", "Goals", "6", "goals", "GoalsScreen"),
    Screen("review", "Review", "7", "review", "ReviewScreen"),
    Screen("study", "Study", "8", "study", "StudyScreen"),
    Screen("habits", "Habits", "9", "habits", "HabitsScreen"),
)
SCREEN = {screen.mode: screen for screen in SCREENS}
