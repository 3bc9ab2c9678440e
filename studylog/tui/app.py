"""The studylog app: wires the screens together. Data comes from services in thread workers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from studylog import config
from studylog.clock import Clock
from studylog.paths import Locations
from studylog.tui.format import describe_record
from studylog.tui.screens.dashboard import DashboardScreen
from studylog.tui.screens.goals import GoalsScreen
from studylog.tui.screens.progress import ProgressDialog
from studylog.tui.screens.prompt import PromptDialog
from studylog.tui.screens.quick_add import QuickAddScreen
from studylog.tui.screens.reading import ReadingScreen
from studylog.tui.screens.resources import ResourcesScreen
from studylog.tui.screens.review import ReviewScreen
from studylog.tui.screens.workouts import WorkoutsScreen
from studylog.tui.screens.writing import WritingScreen

if TYPE_CHECKING:
    from studylog.domain.values import (
        ImportSummary,
        NewReading,
        NewWorkout,
        NewWriting,
        Workout,
        WritingEntry,
    )
    from studylog.services.store import Store

READING_IMPORTS = {"goodreads": "a Goodreads library export (.csv)", "storygraph": "a StoryGraph export (.csv)",
                   "opml": "an OPML file of feeds (.opml)"}


class StudylogApp(App[None]):
    CSS_PATH = "studylog.tcss"
    TITLE = "studylog"
    MODES = {"dashboard": DashboardScreen, "writing": WritingScreen, "workouts": WorkoutsScreen,
             "reading": ReadingScreen, "resources": ResourcesScreen, "goals": GoalsScreen, "review": ReviewScreen}
    DEFAULT_MODE = "dashboard"
    BINDINGS = [  # the screens' number keys are shown by the line under the header, not the footer
        Binding("1", "switch_mode('dashboard')", "Dashboard", show=False),
        Binding("2", "switch_mode('writing')", "Writing", show=False),
        Binding("3", "switch_mode('workouts')", "Workouts", show=False),
        Binding("4", "switch_mode('reading')", "Reading", show=False),
        Binding("5", "switch_mode('resources')", "Resources", show=False),
        Binding("6", "switch_mode('goals')", "Goals", show=False),
        Binding("7", "switch_mode('review')", "Review", show=False),
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

    def _store_draft(self, draft: NewWriting | NewWorkout | NewReading | None) -> None:
        if draft is not None:
            self._add(draft)

    @work(thread=True, exit_on_error=False, group="write")
    def _add(self, draft: NewWriting | NewWorkout | NewReading) -> None:
        record = self.store.add(draft)
        self.call_from_thread(self.changed, f"Stored {describe_record(record, self.settings.units)}")

    @work(thread=True, exit_on_error=False, group="write")
    def delete_record(self, record: WritingEntry | Workout) -> None:
        self.store.delete(record)
        self.call_from_thread(self.changed, f"Deleted {describe_record(record, self.settings.units)}")

    def changed(self, message: str) -> None:
        """Something was stored: say so, and show it on the current screen."""
        self.notify(message, markup=False)
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()

    # ------------------------------------------------------------------------ command palette: files

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Import a resource list (Markdown)",
                            "Links from an awesome-list, course notes or a list a mentor sent",
                            self.action_import_resources)
        yield SystemCommand("Export resources as Markdown", "All resources, by topic, to a file to share",
                            self.action_export_resources)
        yield SystemCommand("Import workouts (GPX, TCX, FIT, Strava export)",
                            "A file, a folder of files, or an unzipped Strava export folder",
                            self.action_import_workouts)
        for fmt, what in READING_IMPORTS.items():
            yield SystemCommand(f"Import reading history: {fmt}", f"Add the books or feeds of {what}",
                                lambda fmt=fmt: self.action_import_reading(fmt))

    def ask_path(self, question: str, then, *, must_exist: bool = True, value: str = "",  # noqa: ANN001
                  exists: bool = False) -> None:
        def check(text: str) -> str | None:
            path = Path(text.strip()).expanduser()
            if not text.strip():
                return "type a file path"
            if must_exist and not path.is_file():
                return f"no such file: {path}"
            if exists and not path.exists():
                return f"no such file or folder: {path}"
            if not must_exist and not path.parent.is_dir():
                return f"no such folder: {path.parent}"
            return None

        def answered(text: str | None) -> None:
            if text:
                then(Path(text.strip()).expanduser())

        self.push_screen(PromptDialog(question, value=value, placeholder="~/Downloads/list.md", check=check),
                         answered)

    def action_import_resources(self) -> None:
        self.ask_path("Markdown file to import as a resource list", self._import_resources)

    def action_import_reading(self, fmt: str) -> None:
        self.ask_path(f"File to import: {READING_IMPORTS[fmt]}", lambda path: self._import_reading(path, fmt))

    def action_import_workouts(self) -> None:
        def chosen(path: Path) -> None:
            from studylog.services.store import workout_files

            files = workout_files(path)
            if not files:
                self.notify(f"No .gpx, .tcx or .fit files in {path}", severity="warning", markup=False)
                return
            dialog = ProgressDialog(f"Importing {len(files)} file{'s' if len(files) != 1 else ''}", len(files))
            self.push_screen(dialog)
            self._import_workouts(files, dialog)

        self.ask_path("A workout file, a folder of them, or a Strava export folder", chosen, must_exist=False,
                       exists=True)

    @work(thread=True, exit_on_error=False, group="files")
    def _import_workouts(self, files: list[Path], dialog: ProgressDialog) -> None:
        try:
            summary = self.store.import_workout_files(
                files, progress=lambda done, total: self.call_from_thread(dialog.advance, done, total),
                cancelled=lambda: dialog.cancelled)
        finally:
            self.call_from_thread(dialog.dismiss)
        self.call_from_thread(self._imported, summary)

    def action_export_resources(self) -> None:
        default = str(Path.cwd() / f"resources-{self.clock.today().isoformat()}.md")
        self.ask_path("Write the resources to", self._export_resources, must_exist=False, value=default)

    @work(thread=True, exit_on_error=False, group="files")
    def _import_resources(self, path: Path) -> None:
        self.call_from_thread(self._imported, self.store.import_resource_list(path))

    @work(thread=True, exit_on_error=False, group="files")
    def _import_reading(self, path: Path, fmt: str) -> None:
        self.call_from_thread(self._imported, self.store.import_reading(path, fmt))

    @work(thread=True, exit_on_error=False, group="files")
    def _export_resources(self, path: Path) -> None:
        count = self.store.export_resources(path)
        self.call_from_thread(self.notify, f"Wrote {count} resources to {path}", markup=False)

    def _imported(self, summary: ImportSummary) -> None:
        text = (f"{summary.file}: {summary.added} added, {summary.already} already there, "
                f"{len(summary.skipped)} skipped")
        self.changed(text)

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
