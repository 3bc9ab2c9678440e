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
