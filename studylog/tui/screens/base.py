"""What every data screen shares: load in a thread worker, show the result, report failures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from studylog.tui.messages import Loaded

if TYPE_CHECKING:
    from studylog.tui.app import StudylogApp


def styled_now(screen: Screen) -> None:
    """Mark ``screen``, made while the app runs, as styled by the app's current stylesheet.

    Textual gives a new screen an out-of-date style counter, so the first visit of every screen (and every
    dialog) re-parsed all the app's CSS twice from scratch: 60-150 ms of a first visit. Once the app is up,
    its stylesheet is current for a screen made now (its widgets are styled as they mount), so the screen
    takes the app's counter; a theme changed later still restyles it when next shown. Not for the first
    screen, which is made before the theme's variables are in the stylesheet. (``_css_update_count`` is
    Textual's private counter: ``test_a_first_visit_does_not_reparse_the_stylesheet`` notices if it goes.)"""
    app = screen.app
    try:
        if not app.screen_stack:
            return
    except KeyError:  # no screen yet: this is the first
        return
    count = getattr(app, "_css_update_count", None)
    if isinstance(count, int) and hasattr(screen, "_css_update_count"):
        screen._css_update_count = count


class DataScreen(Screen):
    """Subclasses implement ``fetch`` (runs in a worker thread, may call services) and ``show``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled_now(self)

    @on(events.Mount)
    def _styled_as_mounted(self) -> None:
        """Mounted, it has the current styles (the first screen too: coming back to it re-parsed the CSS)."""
        styled_now(self)

    @property
    def studylog(self) -> StudylogApp:
        return self.app  # type: ignore[return-value]

    shown_generation = -1  # the app's data generation this screen last loaded

    def on_screen_resume(self) -> None:
        """Load when shown, unless nothing was stored since this screen last loaded (switching is instant)."""
        if self.shown_generation != self.studylog.generation:
            self.reload()
        else:
            self.settled()  # (its new frame and styles, alive until it is shown next, out of the collector's passes)

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
        self.settled()

    def settled(self) -> None:
        """What the screen shows changed (loaded, shown again, filtered): once it is painted, the objects
        alive are kept out of the garbage collector's passes (studylog.tui.collector)."""
        self.call_after_refresh(self.studylog.collector.settled, self)

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
