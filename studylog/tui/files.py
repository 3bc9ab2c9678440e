"""The app's file work, reached from the command palette: imports, exports and rebuilding the search
index, each in a thread worker behind a progress bar that Esc stops (and nothing is then changed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work

if TYPE_CHECKING:
    from textual.app import App

    from studylog.clock import Clock
    from studylog.config import Settings
    from studylog.domain.values import ImportSummary
    from studylog.paths import Locations
    from studylog.services.store import Progress, Store
    from studylog.tui.dialogs.progress import ProgressDialog

    _App = App[None]  # FileActions is only ever mixed into the app (StudylogApp): checked as part of one
else:
    _App = object

T = TypeVar("T")  # what long work gives back

READING_IMPORTS = {"goodreads": "a Goodreads library export (.csv)", "storygraph": "a StoryGraph export (.csv)",
                   "opml": "an OPML file of feeds (.opml)"}


class FileActions(_App):
    """Mixed into the app: every action here asks for a path, then works in a thread worker."""

    if TYPE_CHECKING:  # what the app (StudylogApp) provides
        clock: Clock
        settings: Settings
        locations: Locations

        @property
        def store(self) -> Store: ...

        def changed(self, message: str) -> None: ...

    def ask_path(self, question: str, then: Callable[[Path], object], *, must_exist: bool = True,
                 value: str = "", exists: bool = False) -> None:
        from studylog.tui.dialogs.prompt import PromptDialog  # (dialogs load when first used)

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
            if not must_exist and not exists and (why := self.locations.protected(path)):
                return f"will not write there: {why}"
            return None

        def answered(text: str | None) -> None:
            if not text:
                return
            path = Path(text.strip()).expanduser()
            if must_exist or exists or not path.exists():
                then(path)
                return
            from studylog.tui.dialogs.confirm import ConfirmDialog

            def replace(yes: bool | None) -> None:
                if yes:
                    then(path)

            self.push_screen(ConfirmDialog(f"{path} exists. Replace it?", yes="Replace"), replace)

        self.push_screen(PromptDialog(question, value=value, placeholder="~/Downloads/list.md", check=check),
                         answered)

    # -------------------------------------------------------------------------------------- long work

    def long_job(self, title: str, job: Callable[[Progress], T], done: Callable[[T], object], *,
                 total: int | None = None) -> None:
        """Run ``job(progress)`` in a worker behind a progress dialog, then ``done(result)`` on the
        event loop. Esc in the dialog makes the next ``progress`` call raise Cancelled: the job's
        transaction rolls back and the app says that nothing was changed."""
        from studylog.tui.dialogs.progress import ProgressDialog

        dialog = ProgressDialog(title, total)
        self.push_screen(dialog)
        self._long_job(dialog, job, done)

    @work(thread=True, exit_on_error=False, group="files")
    def _long_job(self, dialog: ProgressDialog, job: Callable[[Progress], T],
                  done: Callable[[T], object]) -> None:
        from studylog.domain.values import Cancelled

        def progress(n: int, total: int) -> None:
            if dialog.cancelled:
                raise Cancelled
            self.call_from_thread(dialog.advance, n, total)

        try:
            result = job(progress)
        except Cancelled:
            self.call_from_thread(self.notify, f"Stopped: {dialog.title_text.lower()}; nothing was changed",
                                  severity="warning", markup=False)
            return
        finally:
            self.call_from_thread(self._close_progress, dialog)
        self.call_from_thread(done, result)

    def _close_progress(self, dialog: ProgressDialog) -> None:
        """Close this dialog (dismiss() would close whatever screen is on top)."""
        if dialog in self.screen_stack:
            if self.screen is not dialog:
                dialog.pop_until_active()
            dialog.dismiss()

    def job_running(self) -> bool:
        """Whether long work's dialog is the screen shown (read from the screen: nothing to keep in step;
        no import of the dialog's module, which the first frame does without)."""
        return getattr(self.screen, "LONG_WORK", False)

    # ------------------------------------------------------------------------------------------ imports

    def action_import_resources(self) -> None:
        self.ask_path("Markdown file to import as a resource list",
                      lambda path: self.long_job(f"Importing {path.name}",
                                                 lambda progress: self.store.import_resource_list(
                                                     path, progress=progress), self._imported))

    def action_import_reading(self, fmt: str) -> None:
        self.ask_path(f"File to import: {READING_IMPORTS[fmt]}",
                      lambda path: self.long_job(f"Importing {path.name}",
                                                 lambda progress: self.store.import_reading(
                                                     path, fmt, progress=progress), self._imported))

    def action_import_workouts(self) -> None:
        def chosen(path: Path) -> None:
            from studylog.services.store import workout_files

            files = workout_files(path)
            if not files:
                self.notify(f"No .gpx, .tcx or .fit files in {path}", severity="warning", markup=False)
                return
            self.long_job(f"Importing {len(files)} file{'s' if len(files) != 1 else ''}",
                          lambda progress: self.store.import_workout_files(files, progress=progress),
                          self._imported, total=len(files))

        self.ask_path("A workout file, a folder of them, or a Strava export folder", chosen, must_exist=False,
                       exists=True)

    # ------------------------------------------------------------------------------------------ exports

    def action_export_resources(self) -> None:
        default = str(Path.cwd() / f"resources-{self.clock.today().isoformat()}.md")
        self.ask_path("Write the resources to", self._export_resources, must_exist=False, value=default)

    @work(thread=True, exit_on_error=False, group="files")
    def _export_resources(self, path: Path) -> None:
        count = self.store.export_resources(path)
        self.call_from_thread(self.notify, f"Wrote {count} resource{'s' if count != 1 else ''} to {path}", markup=False)

    def action_export_everything(self) -> None:
        default = str(Path.cwd() / f"studylog-{self.clock.today().isoformat()}.json")

        def chosen(path: Path) -> None:
            settings = self.settings._asdict()
            self.long_job("Exporting everything", lambda progress: self.store.export_json(
                path, settings, progress=progress),
                lambda rows: self.notify(f"Wrote {rows:,} records and the settings to {path} "
                                         f"(studylog import json restores them)", markup=False))

        self.ask_path("Write every record and the settings (JSON) to", chosen, must_exist=False, value=default)

    def action_rebuild_search(self) -> None:
        self.long_job("Rebuilding the search index", lambda progress: self.store.rebuild_search(progress=progress),
                      lambda count: self.notify(f"The search index holds {count:,} records again", markup=False))

    def _imported(self, summary: ImportSummary) -> None:
        text = (f"{summary.file}: {summary.added} added, {summary.already} already there, "
                f"{len(summary.skipped)} skipped")
        self.changed(text)

    def action_export_review(self, kind: str) -> None:
        from studylog.parsing import week_label
        from studylog.weeks import week_containing

        today = self.clock.today()
        start = week_containing(today, self.settings.week_start_index)
        name = f"review-{week_label(start) if kind == 'week' else today.year}.md"
        self.ask_path(f"Write this {kind}'s review to", lambda path: self._export_review(kind, start, path),
                      must_exist=False, value=str(Path.cwd() / name))

    @work(thread=True, exit_on_error=False, group="files")
    def _export_review(self, kind: str, start: date, path: Path) -> None:
        from studylog.atomic import write_atomically

        units, week_start = self.settings.units, self.settings.week_start_index
        if kind == "week":
            markdown = self.store.week_review_markdown(start, units=units, week_start=week_start,
                                                       word_target=self.settings.daily_word_target)
        else:
            markdown = self.store.year_review_markdown(self.clock.today().year, units=units, week_start=week_start,
                                                       word_target=self.settings.daily_word_target)
        write_atomically(path, markdown)
        self.call_from_thread(self.notify, f"Wrote {path}", markup=False)

