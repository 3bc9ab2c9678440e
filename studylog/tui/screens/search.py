"""Search everything (s): writing, workouts, reading and resources, grouped by kind; Enter opens one."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
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
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        by_kind: dict[str, list[Any]] = {}
        for hit in message.hits:
            by_kind.setdefault(hit.kind, []).append(hit)
        for kind, hits in by_kind.items():
            results.add_option(Option(Text(f"{KIND_TITLES.get(kind, kind)} ({len(hits)})", style="bold"),
                                      disabled=True))
            for hit in hits:
                line = Text("  ", no_wrap=True, overflow="ellipsis")
                line.append(hit.day.isoformat() if hit.day else "          ", style="dim")
                line.append("  ")
                line.append(hit.title)
                if hit.snippet and hit.snippet.replace("«", "").replace("»", "") != hit.title:
                    line.append("  ")  # (a match in the title alone: the title says it already)
                    line.append(_marked(hit.snippet))
                results.add_option(Option(line, id=f"{kind}:{hit.ref}"))
        count = len(message.hits)
        status = "" if not message.query.strip() else (
            "nothing found" if not count else f"{count} found" + (" (the best 40)" if count == 40 else ""))
        self.query_one("#search-status", Label).update(status)

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


def _marked(snippet: str) -> Text:
    """The snippet with the matched words (between « and ») underlined, as text (never markup)."""
    text = Text(style="dim")
    rest = snippet
    while "«" in rest and "»" in rest.split("«", 1)[1]:
        before, rest = rest.split("«", 1)
        match, rest = rest.split("»", 1)
        text.append(before)
        text.append(match, style="bold underline")
    text.append(rest)
    return text
