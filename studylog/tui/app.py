"""The studylog app: wires the screens together. Data comes from services in thread workers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from studylog import config
from studylog.clock import Clock
from studylog.paths import Locations
from studylog.tui.format import describe_record
from studylog.tui.screens.dashboard import DashboardScreen
from studylog.tui.screens.quick_add import QuickAddScreen
from studylog.tui.screens.workouts import WorkoutsScreen
from studylog.tui.screens.writing import WritingScreen

if TYPE_CHECKING:
    from studylog.domain.values import NewWorkout, NewWriting, Workout, WritingEntry
    from studylog.services.store import Store


class StudylogApp(App[None]):
    CSS_PATH = "studylog.tcss"
    TITLE = "studylog"
    MODES = {"dashboard": DashboardScreen, "writing": WritingScreen, "workouts": WorkoutsScreen}
    DEFAULT_MODE = "dashboard"
    BINDINGS = [
        Binding("1", "switch_mode('dashboard')", "Dashboard"),
        Binding("2", "switch_mode('writing')", "Writing"),
        Binding("3", "switch_mode('workouts')", "Workouts"),
        Binding("a", "quick_add", "Add"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, locations: Locations, clock: Clock, settings: config.Settings | None = None) -> None:
        super().__init__()
        self.locations = locations
        self.clock = clock
        self.settings = settings or config.Settings()
        self._store: Store | None = None
        self.theme = self.settings.theme

    @property
    def store(self) -> Store:
        """The services facade; created (and the data layer imported) on first use, in a worker."""
        if self._store is None:
            from studylog.services.store import Store

            self._store = Store(self.locations.db, self.clock)
        return self._store

    def on_mount(self) -> None:
        self.sub_title = self.clock.today().strftime("%A %-d %B %Y")

    # ------------------------------------------------------------------------------------- quick add

    def action_quick_add(self) -> None:
        self.push_screen(QuickAddScreen(self.clock.today(), self.settings.units), self._store_draft)

    def _store_draft(self, draft: NewWriting | NewWorkout | None) -> None:
        if draft is not None:
            self._add(draft)

    @work(thread=True, exit_on_error=False, group="write")
    def _add(self, draft: NewWriting | NewWorkout) -> None:
        record = self.store.add(draft)
        self.call_from_thread(self._changed, f"Stored {describe_record(record, self.settings.units)}")

    @work(thread=True, exit_on_error=False, group="write")
    def delete_record(self, record: WritingEntry | Workout) -> None:
        self.store.delete(record)
        self.call_from_thread(self._changed, f"Deleted {describe_record(record, self.settings.units)}")

    def _changed(self, message: str) -> None:
        self.notify(message, markup=False)
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()

    # ----------------------------------------------------------------------------------------- errors

    def report_error(self, error: BaseException | None) -> None:
        text = str(error) if error is not None else "unknown error"
        self.notify(text, title="Something went wrong", severity="error", timeout=15, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.report_error(event.worker.error)


def run(locations: Locations, clock: Clock) -> int:
    try:
        settings = config.load(locations.config)
    except config.ConfigError:
        settings = config.Settings()
    StudylogApp(locations, clock, settings).run()
    return 0
