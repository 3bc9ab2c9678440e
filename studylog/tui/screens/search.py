"""Search everything (s): writing, workouts, reading and resources, grouped by kind; Enter opens one.

Each key searches in a thread worker (exclusive: a newer search makes an older one's result stale, and a
stale result is dropped); the list is built in one go, one line a hit, and only when the hits change
(issue 15: the results of a key painted within 50 ms on ten years of history)."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from studylog.domain.kinds import SCREEN, SEARCHED

KIND_TITLES = {kind.name: SCREEN[kind.screen].title for kind in SEARCHED}  # each kind under its screen's name


class Results(Message):
    def __init__(self, query: str, hits: list[Any]) -> None:
        super().__init__()
        self.query = query
        self.hits = hits


class SearchScreen(ModalScreen[tuple[str, int] | None]):
    """Returns (kind, id) of the chosen record, or None."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("down", "to_results", "Results", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[Any] = []  # the hits in the list

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Label("Search notes, titles, reviews, resources (↓ results, Enter opens)",
                        markup=False)
            yield Input(placeholder="type a few letters…", id="search-input")
            yield OptionList(id="search-results")
            yield Label("", id="search-status", markup=False)

    def on_mount(self) -> None:
        field = self.query_one("#search-input", Input)
        field.cursor_blink = not self.app.is_headless
        field.focus()
        results = self.query_one("#search-results", OptionList)
        results.styles.text_wrap = "nowrap"  # one line a hit, cut with "…": nothing to wrap or measure
        results.styles.text_overflow = "ellipsis"

    @on(Input.Changed, "#search-input")
    def typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _search(self, query: str) -> None:
        from studylog.api import search

        hits = search.search(self.app.db, query, limit=40) if query.strip() else []  # type: ignore[attr-defined]
        self.post_message(Results(query, hits))

    @on(Results)
    def show(self, message: Results) -> None:
        if message.query != self.query_one("#search-input", Input).value:
            return  # an older search finished after a newer one started
        if message.hits != self._shown:  # (a word typed to its end often finds what its start found)
            self._shown = message.hits
            self._list(message.hits)
        count = len(message.hits)
        status = "" if not message.query.strip() else (
            "nothing found" if not count else
            f"{count} found" if count < 40 else "the first 40 shown (there are more: another word narrows them)")
        self.query_one("#search-status", Label).update(status)

    def _list(self, found: list[Any]) -> None:
        by_kind: dict[str, list[Any]] = {}
        for hit in found:
            by_kind.setdefault(hit.kind, []).append(hit)
        options: list[Option] = []
        for kind, hits in by_kind.items():
            options.append(Option(Content.styled(f"{KIND_TITLES.get(kind, kind)} ({len(hits)})", "bold"),
                                  disabled=True))
            for hit in hits:
                parts: list[str | tuple[str, str]] = [
                    "  ", (hit.day.isoformat() if hit.day else "          ", "dim"), "  ", hit.title]
                if hit.snippet and hit.snippet.replace("«", "").replace("»", "") != hit.title:
                    parts.append("  ")  # (a match in the title alone: the title says it already)
                    parts.extend(_marked(hit.snippet))
                # (Content, not markup: the stored text is shown as it is, control characters removed)
                options.append(Option(Content.assemble(*parts), id=f"{kind}:{hit.ref}"))
        # All at once: one layout of the list, not one per option (adding them one by one cost ~40 ms).
        self.query_one("#search-results", OptionList).set_options(options)

    def action_to_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.action_cursor_down()

    @on(OptionList.OptionSelected, "#search-results")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        kind, _, ref = (event.option.id or "").partition(":")
        if ref:
            self.dismiss((kind, int(ref)))

    @on(Input.Submitted, "#search-input")
    def first(self) -> None:
        results = self.query_one("#search-results", OptionList)
        for index in range(results.option_count):
            option = results.get_option_at_index(index)
            if not option.disabled and option.id:
                kind, _, ref = option.id.partition(":")
                self.dismiss((kind, int(ref)))
                return

    def action_close(self) -> None:
        self.dismiss(None)


def _marked(snippet: str) -> list[tuple[str, str]]:
    """The snippet dimmed, the matched words (between « and ») underlined: parts of a Content."""
    parts: list[tuple[str, str]] = []
    rest = snippet
    while "«" in rest and "»" in rest.split("«", 1)[1]:
        before, rest = rest.split("«", 1)
        match, rest = rest.split("»", 1)
        parts += [(before, "dim"), (match, "dim bold underline")]
    parts.append((rest, "dim"))
    return parts
