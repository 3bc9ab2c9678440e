"""The app's file work, reached from the command palette: imports (with progress) and exports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from studylog.tui.screens.progress import ProgressDialog
from studylog.tui.screens.prompt import PromptDialog

if TYPE_CHECKING:
    from studylog.domain.values import ImportSummary

READING_IMPORTS = {"goodreads": "a Goodreads library export (.csv)", "storygraph": "a StoryGraph export (.csv)",
                   "opml": "an OPML file of feeds (.opml)"}


class FileActions:
    """Mixed into the app: every action here asks for a path, then works in a thread worker."""

    store: Any
    clock: Any
    settings: Any

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

    def action_export_review(self, kind: str) -> None:
        from studylog.parsing import week_containing, week_label

        today = self.clock.today()
        start = week_containing(today, self.settings.week_start_index)
        name = f"review-{week_label(start) if kind == 'week' else today.year}.md"
        self.ask_path(f"Write this {kind}'s review to", lambda path: self._export_review(kind, start, path),
                      must_exist=False, value=str(Path.cwd() / name))

    @work(thread=True, exit_on_error=False, group="files")
    def _export_review(self, kind: str, start: Any, path: Path) -> None:
        import os

        units, week_start = self.settings.units, self.settings.week_start_index
        if kind == "week":
            markdown = self.store.week_review_markdown(start, units=units, week_start=week_start)
        else:
            markdown = self.store.year_review_markdown(self.clock.today().year, units=units, week_start=week_start)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_text(markdown, encoding="utf-8")
        os.replace(tmp, path)
        self.call_from_thread(self.notify, f"Wrote {path}", markup=False)

