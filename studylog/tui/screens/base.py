"""What every data screen shares: load in a thread worker, show the result, report failures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from studylog.tui.messages import Loaded

if TYPE_CHECKING:
    from studylog.tui.app import StudylogApp


class DataScreen(Screen):
    """Subclasses implement ``fetch`` (runs in a worker thread, may call services) and ``show``."""

    @property
    def studylog(self) -> StudylogApp:
        return self.app  # type: ignore[return-value]

    shown_generation = -1  # the app's data generation this screen last loaded

    def on_screen_resume(self) -> None:
        """Load when shown, unless nothing was stored since this screen last loaded (switching is instant)."""
        if self.shown_generation != self.studylog.generation:
            self.reload()

    def reload(self) -> None:
        self.shown_generation = self.studylog.generation
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self) -> None:
        self.post_message(Loaded(self.fetch()))

    def fetch(self) -> Any:
        raise NotImplementedError

    def show(self, data: Any) -> None:
        raise NotImplementedError

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        self.show(message.data)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.studylog.report_error(event.worker.error)
            if event.worker.group == "load":
                self.shown_generation = -1  # try again when next shown
                self.show_failure(event.worker.error)

    def show_failure(self, error: BaseException | None) -> None:
        """The data could not be loaded: a screen may say so in place of its data (the notification
        goes away; "Loading..." should not stay)."""

    @staticmethod
    def failure_text(error: BaseException | None) -> str:
        text = str(error) if error is not None else "unknown error"
        damaged = "db restore" in text
        advice = ("Quit (q) and run 'studylog db restore' in a shell, then start studylog again."
                  if damaged else "Quit (q), put it right, and start studylog again.")
        return f"studylog cannot use its database.\n\n{text}\n\n{advice}"
