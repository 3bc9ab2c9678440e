"""The studylog app: wires the screens together. Data comes from services in thread workers."""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from studylog import config
from studylog.clock import Clock
from studylog.domain.kinds import KIND, SCREEN, SCREENS
from studylog.paths import Locations
from studylog.tui.collector import SWEEP_EVERY, Collector
from studylog.tui.files import READING_IMPORTS, FileActions
from studylog.tui.filters import ControlCharacters
from studylog.tui.format import describe_record
from studylog.tui.screens.dashboard import DashboardScreen

if TYPE_CHECKING:
    from studylog.api.admin import Session
    from studylog.api.records import Deleted
    from studylog.domain.values import Draft, Record

REFRESH_SECONDS = 1.0  # how often the app looks for changes made elsewhere (a shell, another app)

# The screens other than the dashboard (and the dialogs) are imported when first shown: the first frame
# does not wait for them (the review's Markdown and the forms' text areas alone cost a sixth of a second).
# Which screens there are, in which order and under which keys: studylog.domain.kinds.SCREENS.


@runtime_checkable
class OpensRecords(Protocol):
    """A screen that can put its cursor on one record (RecordsScreen, ResourcesScreen): where a search
    hit opens."""

    def open_record(self, record_id: int) -> None: ...


def screen_class(mode: str) -> type[Screen]:
    if mode == "dashboard":
        return DashboardScreen
    screen = SCREEN[mode]
    return getattr(importlib.import_module(f"studylog.tui.screens.{screen.module}"), screen.cls)


def _lazy(mode: str) -> Any:
    return lambda: screen_class(mode)()



# Keys of Textual's own widgets that every list has, said on the help page with studylog's (second newcomer:
# `?`, "every key of every screen", left them out).
LIST_KEYS = [
    Binding("enter", "", "The whole record: every field and the full note (e edits it; ctrl+e writes a writing "
                         "entry's note in your editor)"),
    Binding("ctrl+end", "", "The last row, however long the list (every row left is read)"),
    Binding("ctrl+home", "", "The first row"),
    Binding("tab", "", "The next part of the screen (the filter, the Reading screen's status, the Resources tree)"),
]


class StudylogApp(App[None]):
    CSS_PATH = "studylog.tcss"
    TITLE = "studylog"
    MODES = {screen.mode: DashboardScreen if screen.mode == "dashboard" else _lazy(screen.mode) for screen in SCREENS}
    DEFAULT_MODE = "dashboard"
    BINDINGS = [  # the screens' number keys are shown by the line under the header, not the footer
        *(Binding(screen.key, f"switch_mode('{screen.mode}')", screen.title, show=False) for screen in SCREENS),
        Binding("a", "quick_add", "Add"),
        Binding("s", "search", "Search"),
        Binding("u", "undo", "Undo delete", show=False),
        Binding("comma", "settings", "Settings", show=False, key_display=","),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(self, locations: Locations, clock: Clock, settings: config.Settings | None = None, *,
                 watch: bool = True) -> None:
        super().__init__()
        self.locations = locations
        self.clock = clock
        self.settings = settings or config.Settings()
        self._db: Session | None = None
        self._db_lock = threading.Lock()  # workers ask for the database at once: one session is made
        self._demo_lock = threading.Lock()
        self.files = FileActions(self)
        self.last_deleted: Deleted | None = None
        self._deleted_from: Session | None = None  # the database the last delete was made in
        self.generation = 0  # goes up whenever stored data (or a setting) changes; screens reload on it
        self.watch_changes = watch
        self.theme = self.settings.theme
        self.collector = Collector()

    @property
    def db(self) -> Session:
        """The database the screens call studylog.api with; made (and the data layer imported) on first
        use, in a worker."""
        with self._db_lock:
            if self._db is None:
                from studylog.api import admin

                self._db = admin.session(self.locations.db, self.clock)
            return self._db

    config_problems: list[str] = []  # what the settings file got wrong (the defaults were used)

    def on_mount(self) -> None:
        self.sub_title = self.clock.today().strftime("%A %-d %B %Y")
        self.set_interval(SWEEP_EVERY, self.collector.sweep_if_idle, name="collector")
        if self.watch_changes:
            self._watch()
        for problem in self.config_problems:
            self.notify(problem, title="Settings", severity="warning", timeout=15, markup=False)

    _controls = ControlCharacters()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, and the one that keeps control characters off the terminal (tui/filters.py)."""
        return [*super().get_line_filters(), self._controls]

    def on_unmount(self) -> None:
        self.collector.release()  # the app's objects may be collected once it has gone (tests run many apps)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self.collector.input_seen()
        await super().on_event(event)

    # -------------------------------------------------------------------------------------- live refresh

    @work(thread=True, exit_on_error=False, group="watch")
    def _watch(self) -> None:
        """Reload the screen when another process (``studylog log ...`` in a shell) changes the database."""
        worker = get_current_worker()
        seen = None
        wait = REFRESH_SECONDS
        watched: Session | None = None
        try:
            while not worker.is_cancelled:
                db = self.db
                if db is not watched:  # another database was opened (the demo): let go of the old one
                    if watched is not None:
                        watched.close_watcher()
                    watched, seen = db, None
                seen, wait = self._look_for_changes(db, seen, wait)
                deadline = time.monotonic() + wait
                while not worker.is_cancelled and time.monotonic() < deadline:  # (quitting does not wait long)
                    time.sleep(0.2)
        finally:
            if watched is not None:
                watched.close_watcher()

    def _look_for_changes(self, db: Session, seen: int | None, wait: float) -> tuple[int | None, float]:
        """One look at the database's change counter (on the watcher's thread, which owns its connection);
        gives what was seen and how long to wait before the next look."""
        version: int | None
        try:
            version = db.change_counter()
            wait = REFRESH_SECONDS
        except Exception:  # noqa: BLE001  (a missing, damaged or locked file: try again, less often)
            version = None
            wait = min(wait * 2, 30.0)
        if seen is not None and version is not None and version != seen:
            self.call_from_thread(self.reload_screen)
        return (version if version is not None else seen), wait

    def reload_screen(self) -> None:
        """The data changed: the screen shown reloads now, the others when they are next shown."""
        self.generation += 1
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()

    # ----------------------------------------------------------------------------------------- quick add

    def action_quick_add(self) -> None:
        from studylog.tui.screens.quick_add import QuickAddScreen

        try:
            pool = self.settings.pool_length_m
        except ValueError:  # a pool in the config file that no longer reads: as if none were set
            pool = None
        self.push_screen(QuickAddScreen(self.clock.today(), self.settings.units, pool), self._store_draft)

    def _store_draft(self, draft: Draft | None) -> None:
        if draft is not None:
            self._add(draft)

    @work(thread=True, exit_on_error=False, group="write")
    def _add(self, draft: Draft) -> None:
        from studylog.api import records

        record = records.add(self.db, draft)
        self.call_from_thread(self.changed, f"Stored {describe_record(record, self.settings.units)}")

    # ------------------------------------------------------------------------------------------- search

    def action_search(self) -> None:
        from studylog.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen(), self._open_hit)

    def _open_hit(self, hit: tuple[str, int] | None) -> None:
        if hit is None:
            return
        kind, ref = hit
        self.switch_mode(KIND[kind].screen)
        self.call_after_refresh(lambda: self._open_record(ref))

    def _open_record(self, ref: int) -> None:
        screen = self.screen
        assert isinstance(screen, OpensRecords)  # the screen of a mode search hits are in: a list of records
        screen.open_record(ref)

    # ------------------------------------------------------------------------------------ delete, undo

    @work(thread=True, exit_on_error=False, group="write")
    def delete_record(self, record: Record) -> None:
        from studylog.api import records

        db = self.db
        deleted = records.delete(db, record)
        self.call_from_thread(self._deleted, db, deleted)

    def _deleted(self, db: Session, deleted: Deleted) -> None:
        """On the event loop: remember what undo can bring back, and in which database."""
        self.last_deleted, self._deleted_from = deleted, db
        self.changed(f"Deleted {describe_record(deleted.record, self.settings.units)} (u brings it back)")

    def action_undo(self) -> None:
        if self.last_deleted is None or self._deleted_from is not self._db:
            self.notify("Nothing to undo", severity="warning")
            return
        deleted, self.last_deleted = self.last_deleted, None
        self._restore(self._deleted_from, deleted)

    @work(thread=True, exit_on_error=False, group="write")
    def _restore(self, db: Session, deleted: Deleted) -> None:
        from studylog.api import records

        restored = records.restore(db, deleted)
        self.call_from_thread(self.changed, f"Brought back {describe_record(restored, self.settings.units)}")

    def changed(self, message: str) -> None:
        """Something was stored: say so, and show it on the current screen."""
        self.notify(message, markup=False)
        self.reload_screen()

    # ----------------------------------------------------------------------------------- help, settings

    def action_help(self) -> None:
        from studylog.tui.screens.help import HelpScreen

        sections: list[tuple[str, list[Binding]]] = [("Everywhere", [b for b in self._bindings_of(type(self))]),
                                                     ("In lists", LIST_KEYS)]
        for mode in self.MODES:
            own = self._bindings_of(screen_class(mode))
            if own:
                sections.append((mode.capitalize(), own))
        self.push_screen(HelpScreen(sections))

    @staticmethod
    def _bindings_of(cls: type) -> list[Binding]:  # (the keys of studylog's own classes: LIST_KEYS are Textual's)
        found: list[Binding] = []
        for klass in reversed(cls.__mro__):
            if not klass.__module__.startswith("studylog"):
                continue  # Textual's own (tab, ctrl+c...) are the same everywhere
            for binding in klass.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.description:
                    found = [b for b in found if b.key != binding.key] + [binding]
        return found

    def watch_theme(self, theme: str) -> None:
        """A theme picked in the palette is kept in the config file, as the settings form keeps it (newcomer:
        the next start was dark again)."""
        settings = getattr(self, "settings", None)
        if settings is None or theme == settings.theme:
            return
        self._keep_settings(settings._replace(theme=theme))

    def _keep_settings(self, settings: config.Settings) -> bool:
        """``settings`` written to the config file and taken (False, the error reported: not written)."""
        try:
            config.save(self.locations.config, settings)
        except OSError as exc:
            self.report_error(exc)
            return False
        self.settings = settings
        return True

    def action_settings(self) -> None:
        from studylog.tui.screens.settings import SettingsScreen

        def saved(settings: config.Settings | None) -> None:
            if settings is None or not self._keep_settings(settings):
                return
            self.theme = settings.theme
            self.notify(f"Settings saved in {self.locations.config}", markup=False)
            self.reload_screen()

        self.push_screen(SettingsScreen(self.settings), saved)

    def action_open_demo(self) -> None:
        self._open_demo()

    @work(thread=True, exit_on_error=False, group="files")
    def _open_demo(self) -> None:
        """Make the demo database if needed and its session, here in the worker; the app takes them on the
        event loop (no other thread sees a half-switched app)."""
        from studylog.api import admin, dashboard

        demo = self.locations.demo()
        with self._demo_lock:  # (asked for twice: one build, the second finds it made)
            if not demo.db.exists():
                admin.make_demo(demo.db, self.clock)
        db = admin.session(demo.db, self.clock)
        dashboard.load(db)  # (opens and checks it before the switch)
        self.call_from_thread(self._opened_demo, demo, db)

    def _opened_demo(self, demo: Locations, db: Session) -> None:
        from textual.screen import ModalScreen

        while len(self.screen_stack) > 1 and isinstance(self.screen, ModalScreen):
            self.pop_screen()  # a question or a form about a record of the other database: gone with it
        with self._db_lock:
            self.locations, self._db = demo, db
        self.last_deleted = None  # (an undo would put a record of the other database into this one)
        self.title = "studylog (demo)"
        self.changed(f"Opened the demo database {self.locations.db}")

    # ---------------------------------------------------------------------- files (studylog.tui.files)

    def action_import_resources(self) -> None:
        self.files.import_resources()

    def action_import_reading(self, fmt: str) -> None:
        self.files.import_reading(fmt)

    def action_import_workouts(self) -> None:
        self.files.import_workouts()

    def action_export_resources(self) -> None:
        self.files.export_resources()

    def action_export_everything(self) -> None:
        self.files.export_everything()

    def action_export_review(self, kind: str) -> None:
        self.files.export_review(kind)

    def action_rebuild_search(self) -> None:
        self.files.rebuild_search()

    # --------------------------------------------------------------------------- a mentor's cohort

    def action_cohort(self) -> None:
        """Ask for progress exports (paths separated by spaces, quoted when they hold one, or a folder of
        .md files), read them in a worker, show the cohort's Markdown in a dialog."""
        from studylog.tui.dialogs.prompt import PromptDialog

        def paths(text: str) -> list[str]:
            import os
            import shlex

            return [os.path.expanduser(word) for word in shlex.split(text)]

        def check(text: str) -> str | None:
            import os

            try:
                given = paths(text)
                if not given:
                    return "type the paths of progress exports, or a folder of them"
                missing = next((p for p in given if not os.path.exists(p)), None)
            except (OSError, RuntimeError, ValueError) as exc:  # an open quote, ~nobody, a name too long
                return f"cannot use {text.strip()}: {getattr(exc, 'strerror', None) or exc}"
            return f"no such file or folder: {missing}" if missing else None

        def answered(text: str | None) -> None:
            if text:
                self._cohort(paths(text))

        self.push_screen(PromptDialog("Progress exports to compare (files separated by spaces, or a folder):",
                                      placeholder="~/cohort/ada.md ~/cohort/bob.md", check=check), answered)

    @work(thread=True, exit_on_error=False, group="files")
    def _cohort(self, paths: list[str]) -> None:
        from pathlib import Path

        from studylog.api import cohort

        built = cohort.cohort([Path(p) for p in paths], self.clock.today())
        self.call_from_thread(self._show_cohort, cohort.markdown(built), len(built.skipped))

    def _show_cohort(self, markdown: str, skipped: int) -> None:
        from studylog.tui.dialogs.cohort import CohortDialog

        self.push_screen(CohortDialog(markdown))
        if skipped:
            self.notify(f"{skipped} file{'' if skipped == 1 else 's'} left out: see the end of the cohort",
                        severity="warning", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While long work runs behind its progress dialog, only Esc (stop) and quitting are open: no
        palette, other screen or second import on top of it."""
        if action not in ("quit", "stop") and self.files.job_running():
            return False
        return super().check_action(action, parameters)

    # ------------------------------------------------------------------------------- command palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Add: log writing, a workout or a book", "The quick-add bar (key a)",
                            self.action_quick_add)
        for place in SCREENS:
            yield SystemCommand(f"Go to {place.title}", f"Key {place.key}",
                                lambda mode=place.mode: self.switch_mode(mode), discover=False)
        yield SystemCommand("Search everything", "Notes, titles, reviews, resources (key s)", self.action_search)
        yield SystemCommand("Import workouts (GPX, TCX, FIT, Strava export)",
                            "A file, a folder of files, or an unzipped Strava export folder",
                            self.action_import_workouts)
        for fmt, what in READING_IMPORTS.items():
            adds = "the subscriptions (feeds) of" if fmt == "opml" else "the books of"
            title = "Import subscriptions: opml" if fmt == "opml" else f"Import reading history: {fmt}"
            yield SystemCommand(title, f"Add {adds} {what}", lambda fmt=fmt: self.action_import_reading(fmt))
        yield SystemCommand("Import a resource list (Markdown)",
                            "Links from an awesome-list, course notes or a list a mentor sent",
                            self.action_import_resources)
        yield SystemCommand("Cohort: compare progress exports",
                            "Several people's 'res export --with-progress' files of one list, item by person",
                            self.action_cohort)
        yield SystemCommand("Export resources as Markdown", "All resources, by topic, to a file to share",
                            self.action_export_resources)
        yield SystemCommand("Export this week's review (Markdown)", "The weekly review, to a file",
                            lambda: self.action_export_review("week"))
        yield SystemCommand("Export this year's review (Markdown)", "The year in review, to a file",
                            lambda: self.action_export_review("year"))
        yield SystemCommand("Export everything (JSON)",
                            "Every record and the settings, to one file that 'studylog import json' restores",
                            self.action_export_everything)
        yield SystemCommand("Rebuild the search index", "Refill it from the records (a repair; it is kept "
                                                        "up to date by itself)", self.action_rebuild_search)
        yield SystemCommand("Settings", "Units, week start, daily word target, theme (key ,)", self.action_settings)
        yield SystemCommand("Open the demo database", "A generated history to look around (never your data)",
                            self.action_open_demo)
        yield SystemCommand("Undo the last delete", "Key u", self.action_undo)
        yield SystemCommand("Help: every key", "Key ?", self.action_help)

    # ----------------------------------------------------------------------------------------- errors

    def report_error(self, error: BaseException | None) -> None:
        """A worker's failure, said in a notification. A refusal (the same book already on the list, an
        id gone meanwhile, a value out of range) is a warning that says what was not done; anything else
        is an error."""
        from studylog.domain.errors import BadStoredValue, Duplicate, NotFound
        from studylog.limits import Implausible

        text = str(error) if error is not None else "unknown error"
        if isinstance(error, BadStoredValue):  # (a database edited by hand: what finds every such value)
            text = (f"The database holds {error}, a value no studylog stores. Quit (q) and run 'studylog db "
                    f"check' in a shell: it names each one.")
        if isinstance(error, Duplicate | NotFound | Implausible):
            self.notify(text, title="Not done", severity="warning", timeout=10, markup=False)
            return
        self.notify(text, title="Something went wrong", severity="error", timeout=15, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.report_error(event.worker.error)


def run(locations: Locations, clock: Clock) -> int:
    settings, problems = config.load_lenient(locations.config)
    app = StudylogApp(locations, clock, settings)
    app.config_problems = problems  # said in a notification once the app is up
    app.run()
    return 0
