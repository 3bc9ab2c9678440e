"""The app's file work, reached from the command palette: imports, exports and rebuilding the search
index, each in a thread worker behind a progress bar that Esc stops (and nothing is then changed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from studylog.domain.values import ImportSummary
    from studylog.tui.app import StudylogApp
    from studylog.tui.dialogs.progress import ProgressDialog

T = TypeVar("T")  # what long work gives back
Progress = Callable[[int, int], None]  # progress(done, total): long work says how far it is (Esc: Cancelled)

READING_IMPORTS = {"goodreads": "a Goodreads library export (.csv)", "storygraph": "a StoryGraph export (.csv)",
                   "opml": "an OPML file of feeds (.opml)"}


class FileActions:
    """The app's file work (``app.files``): every action asks for a path, then works in a thread worker
    of the app. It holds nothing of its own but the app it serves."""

    def __init__(self, app: StudylogApp) -> None:
        self.app = app

    def _in_worker(self, fn: Callable[..., object], *args: object) -> None:
        """``fn(*args)`` in a thread worker of the app's "files" group (errors reach the app's handler)."""
        self.app.run_worker(partial(fn, *args), thread=True, exit_on_error=False, group="files")

    def ask_path(self, question: str, then: Callable[[Path], object], *, must_exist: bool = True,
                 value: str = "", exists: bool = False) -> None:
        from studylog.tui.dialogs.prompt import PromptDialog  # (dialogs load when first used)

        def check(text: str) -> str | None:
            if not text.strip():
                return "type a file path"
            try:
                return looked_at(Path(text.strip()).expanduser())
            except (OSError, RuntimeError, ValueError) as exc:  # ~nobody, a name too long, a locked folder
                return f"cannot use {text.strip()}: {getattr(exc, 'strerror', None) or exc}"

        def looked_at(path: Path) -> str | None:
            if must_exist and not path.is_file():
                return f"no such file: {path}"
            if exists and not path.exists():
                return f"no such file or folder: {path}"
            if not must_exist and not path.parent.is_dir():
                return f"no such folder: {path.parent}"
            if not must_exist and not exists and (why := self.app.locations.protected(path)):
                return f"will not write there: {why}"
            return None

        def answered(text: str | None) -> None:
            if not text:
                return
            path = Path(text.strip()).expanduser()  # (check() has looked at it: it can be read)
            if must_exist or exists or not path.exists():
                then(path)
                return
            from studylog.tui.dialogs.confirm import ConfirmDialog

            def replace(yes: bool | None) -> None:
                if yes:
                    then(path)

            self.app.push_screen(ConfirmDialog(f"{path} exists. Replace it?", yes="Replace"), replace)

        self.app.push_screen(PromptDialog(question, value=value, placeholder="~/Downloads/list.md", check=check),
                         answered)

    # -------------------------------------------------------------------------------------- long work

    def long_job(self, title: str, job: Callable[[Progress], T], done: Callable[[T], object], *,
                 total: int | None = None) -> None:
        """Run ``job(progress)`` in a worker behind a progress dialog, then ``done(result)`` on the
        event loop. Esc in the dialog makes the next ``progress`` call raise Cancelled: the job's
        transaction rolls back and the app says that nothing was changed."""
        from studylog.tui.dialogs.progress import ProgressDialog

        dialog = ProgressDialog(title, total)
        self.app.push_screen(dialog)
        self._in_worker(self._long_job, dialog, job, done)

    def _long_job(self, dialog: ProgressDialog, job: Callable[[Progress], T],
                  done: Callable[[T], object]) -> None:
        from studylog.domain.values import Cancelled

        def progress(n: int, total: int) -> None:
            if dialog.cancelled:
                raise Cancelled
            self.app.call_from_thread(dialog.advance, n, total)

        try:
            result = job(progress)
        except Cancelled:
            self.app.call_from_thread(self.app.notify, f"Stopped: {dialog.title_text.lower()}; nothing was changed",
                                  severity="warning", markup=False)
            return
        finally:
            self.app.call_from_thread(self._close_progress, dialog)
        self.app.call_from_thread(done, result)

    def _close_progress(self, dialog: ProgressDialog) -> None:
        """Close this dialog (dismiss() would close whatever screen is on top)."""
        if dialog in self.app.screen_stack:
            if self.app.screen is not dialog:
                dialog.pop_until_active()
            dialog.dismiss()

    def job_running(self) -> bool:
        """Whether long work's dialog is the screen shown (read from the screen: nothing to keep in step;
        no import of the dialog's module, which the first frame does without)."""
        return getattr(self.app.screen, "LONG_WORK", False)

    # ------------------------------------------------------------------------------------------ imports

    def import_resources(self) -> None:
        self.ask_path("Markdown file to import as a resource list",
                      lambda path: self.long_job(f"Importing {path.name}",
                                                 partial(self._import_resources, path), self._imported))

    def import_reading(self, fmt: str) -> None:
        self.ask_path(f"File to import: {READING_IMPORTS[fmt]}",
                      lambda path: self.long_job(f"Importing {path.name}",
                                                 partial(self._import_reading, path, fmt), self._imported))

    def _import_resources(self, path: Path, progress: Progress) -> ImportSummary:
        from studylog.api.imports import import_resource_file

        return import_resource_file(self.app.db, path, progress=progress)

    def _import_reading(self, path: Path, fmt: str, progress: Progress) -> ImportSummary:
        from studylog.api.imports import import_reading_file

        return import_reading_file(self.app.db, path, fmt, progress=progress)

    def import_workouts(self) -> None:
        def chosen(path: Path) -> None:  # (the folder is read in the worker: a big one never stalls the app)
            def done(summary: ImportSummary | None) -> None:
                if summary is None:
                    self.app.notify(f"No .gpx, .tcx or .fit files in {path}", severity="warning", markup=False)
                else:
                    self._imported(summary)

            self.long_job(f"Importing from {path.name or path}", partial(self._import_workouts, path), done)

        self.ask_path("A workout file, a folder of them, or a Strava export folder", chosen, must_exist=False,
                      exists=True)

    def _import_workouts(self, path: Path, progress: Progress) -> ImportSummary | None:
        """The files of ``path`` (a folder is listed here, in the worker), imported; None when it holds none."""
        from studylog.api.imports import import_workout_files, workout_files

        files = workout_files(path)
        if not files:
            return None
        return import_workout_files(self.app.db, files, progress=progress)

    # ------------------------------------------------------------------------------------------ exports

    def export_resources(self) -> None:
        default = str(Path.cwd() / f"resources-{self.app.clock.today().isoformat()}.md")
        self.ask_path("Write the resources to", lambda path: self._in_worker(self._export_resources, path),
                      must_exist=False, value=default)

    def _export_resources(self, path: Path) -> None:
        from studylog.api import resources

        count = resources.export_file(self.app.db, path)
        self.app.call_from_thread(self.app.notify, f"Wrote {count} resource{'s' if count != 1 else ''} to {path}", markup=False)

    def export_everything(self) -> None:
        default = str(Path.cwd() / f"studylog-{self.app.clock.today().isoformat()}.json")

        def chosen(path: Path) -> None:
            settings = self.app.settings._asdict()
            self.long_job("Exporting everything", partial(self._export_json, path, settings),
                lambda rows: self.app.notify(f"Wrote {rows:,} records and the settings to {path} "
                                         f"(studylog import json restores them)", markup=False))

        self.ask_path("Write every record and the settings (JSON) to", chosen, must_exist=False, value=default)

    def _export_json(self, path: Path, settings: dict[str, object], progress: Progress) -> int:
        from studylog.api import transfer

        return transfer.export_file(self.app.db, path, settings, progress=progress)[0]

    def rebuild_search(self) -> None:
        self.long_job("Rebuilding the search index", self._rebuild_search,
                      lambda count: self.app.notify(f"The search index holds {count:,} records again", markup=False))

    def _rebuild_search(self, progress: Progress) -> int:
        from studylog.api import search

        return search.rebuild(self.app.db, progress=progress)

    def _imported(self, summary: ImportSummary) -> None:
        text = (f"{summary.file}: {summary.added} added, {summary.already} already there, "
                f"{len(summary.skipped)} skipped")
        self.app.changed(text)

    def export_review(self, kind: str) -> None:
        from studylog.parsing import week_label
        from studylog.weeks import week_containing

        today = self.app.clock.today()
        start = week_containing(today, self.app.settings.week_start_index)
        name = f"review-{week_label(start) if kind == 'week' else today.year}.md"
        self.ask_path(f"Write this {kind}'s review to", lambda path: self._in_worker(self._export_review, kind, start, path),
                      must_exist=False, value=str(Path.cwd() / name))

    def _export_review(self, kind: str, start: date, path: Path) -> None:
        from studylog.api import reviews
        from studylog.atomic import write_atomically

        settings = self.app.settings
        if kind == "week":
            markdown = reviews.week_markdown(self.app.db, start, settings)
        else:
            markdown = reviews.year_markdown(self.app.db, self.app.clock.today().year, settings)
        write_atomically(path, markdown)
        self.app.call_from_thread(self.app.notify, f"Wrote {path}", markup=False)

