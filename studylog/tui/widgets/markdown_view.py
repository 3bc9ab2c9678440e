"""Markdown shown as one block of styled lines, for the reviews.

Textual's Markdown widget builds a widget per block and per table cell (about 2,260 for a year in review),
and composing and laying those out took 0.5-2 s a key. The reviews use a small part of Markdown (headings,
paragraphs, lists, tables, a fenced block, emphasis, links), so this renders markdown-it's tokens into Rich
text, and ``MarkdownView`` shows the lines: one widget, whose lines are rendered once per width (a Static
renders its content twice, for its height and for its lines) and may be rendered in the worker that loaded
the data. Text from the file is always text, never markup (Rich Text is built from plain strings)."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from markdown_it.token import Token

HEADING_STYLES = {
    "h1": Style(bold=True, underline=True),
    "h2": Style(bold=True, color="bright_cyan"),
    "h3": Style(bold=True, italic=True),
}


def _inline(token: Token) -> Text:
    """The inline children of a block (text, emphasis, strong, code, links, breaks) as Rich Text."""
    text = Text()
    styles: list[Style] = []
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            text.append(child.content, Style.chain(*styles) if styles else None)
        elif kind == "code_inline":
            text.append(child.content, Style.chain(*styles, Style(reverse=False, bold=True)))
        elif kind in ("softbreak", "hardbreak"):
            text.append("\n" if kind == "hardbreak" else " ")
        elif kind == "em_open":
            styles.append(Style(italic=True))
        elif kind == "strong_open":
            styles.append(Style(bold=True))
        elif kind == "link_open":
            styles.append(Style(underline=True))
        elif kind in ("em_close", "strong_close", "link_close") and styles:
            styles.pop()
        elif kind in ("html_inline", "image"):
            text.append(child.content, Style.chain(*styles) if styles else None)
    return text


class Item:
    """A list item: its mark, then its text wrapped with a hanging indent (a Rich grid per item measured
    and rendered every cell, several times slower)."""

    def __init__(self, mark: str, text: Text, indent: int) -> None:
        self.mark, self.text, self.indent = mark, text, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - self.indent, 1)
        lead = Segment(self.mark.rjust(self.indent - 1) + " ")
        blank = Segment(" " * self.indent)
        newline = Segment.line()
        for n, line in enumerate(self.text.wrap(console, width)):
            yield lead if n == 0 else blank
            yield from line.render(console)
            yield newline

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.indent + 1, self.indent + self.text.cell_len)


class Columns:
    """A Markdown table. When every row fits the width, the rows are laid out as plain lines (cell widths
    are the widest cell of each column): what Rich's Table would draw for these cells, at a fraction of
    its cost. A table wider than the screen falls back to a Rich Table, which wraps its cells."""

    GAP = 3

    def __init__(self, header: list[Text], justify: list[str], rows: list[list[Text]]) -> None:
        self.header, self.justify, self.rows = header, justify, rows

    def _widths(self) -> list[int]:
        widths = [cell.cell_len for cell in self.header]
        for row in self.rows:
            for n, cell in enumerate(row[: len(widths)]):
                widths[n] = max(widths[n], cell.cell_len)
        return widths

    def rich_table(self) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
        for cell, justify in zip(self.header, self.justify, strict=True):
            table.add_column(cell, justify=justify)  # type: ignore[arg-type]
        for row in self.rows:
            table.add_row(*row)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._widths()
        total = sum(widths) + self.GAP * (len(widths) - 1)
        if total > options.max_width or any("\n" in cell.plain for row in self.rows for cell in row):
            yield self.rich_table()
            return
        gap = Segment(" " * self.GAP)
        bold = Style(bold=True)

        def line(cells: list[Text], style: Style | None) -> Iterator[Segment]:
            for n, width in enumerate(widths):
                cell = cells[n] if n < len(cells) else Text("")
                pad = " " * (width - cell.cell_len)
                if n:
                    yield gap
                if self.justify[n] == "right":
                    yield Segment(pad)
                for segment in cell.render(console):
                    yield Segment(segment.text, style + segment.style if style and segment.style else
                                  style or segment.style) if style else segment
                if self.justify[n] != "right" and n < len(widths) - 1:
                    yield Segment(pad)
            yield Segment.line()

        yield from line(self.header, bold)
        yield Segment("─" * total, Style(dim=True))
        yield Segment.line()
        for row in self.rows:
            yield from line(row, None)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = self._widths()
        return Measurement(1, sum(widths) + self.GAP * (len(widths) - 1))


def _table(tokens: list[Token], start: int) -> tuple[Columns, int]:
    """The tokens of one Markdown table beginning at ``start``; returns the index after it."""
    header: list[Text] = []
    justify: list[str] = []
    rows: list[list[Text]] = []
    row: list[Text] = []
    in_head = False
    i = start + 1
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "table_close":
            return Columns(header, justify, rows), i + 1
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open"):
            align = str(token.attrGet("style") or "")
            if in_head:
                justify.append("right" if "right" in align else "center" if "center" in align else "left")
        elif kind == "inline":
            row.append(_inline(token))
        elif kind == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
        i += 1
    return Columns(header, justify, rows), i


def _blocks(tokens: list[Token]) -> Iterator[RenderableType]:
    i = 0
    depth = 0  # list nesting
    numbers: list[int | None] = []  # per open list: the next number, None for bullets
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            yield Text("")
            heading = _inline(tokens[i + 1])
            heading.stylize(HEADING_STYLES.get(token.tag, Style(bold=True)))
            yield heading
            i += 3
            continue
        if kind == "table_open":
            table, i = _table(tokens, i)
            yield Text("")
            yield table
            continue
        if kind in ("fence", "code_block"):
            yield Text("")
            for code in token.content.rstrip("\n").split("\n"):
                yield Text("  " + code, no_wrap=True, overflow="crop")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if depth == 0:
                yield Text("")
            depth += 1
            numbers.append(None if kind == "bullet_list_open" else int(token.attrGet("start") or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            numbers.pop()
        elif kind == "inline":
            line = _inline(token)
            if depth:
                number = numbers[-1]
                if number is None:
                    mark = "•"
                else:
                    mark = f"{number}."
                    numbers[-1] = number + 1
                yield Item(mark, line, 2 * depth + len(mark))
            else:
                yield Text("")
                yield line
        elif kind == "hr":
            yield Text("")
            yield Text("─" * 40, style="dim")
        elif kind == "html_block":
            yield Text(token.content.rstrip("\n"))
        i += 1


def render_markdown(markdown: str) -> Group:
    """The Markdown as one Rich renderable (the first blank line dropped)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    blocks = list(_blocks(tokens))
    if blocks and isinstance(blocks[0], Text) and not blocks[0].plain:
        blocks = blocks[1:]
    return Group(*blocks)


def render_lines(renderable: RenderableType, width: int) -> list[Strip]:
    """The renderable as lines ``width`` cells wide. Safe in a worker thread: it uses a console of its own."""
    console = Console(width=max(width, 1), file=StringIO(), color_system="truecolor", force_terminal=True,
                      legacy_windows=False)
    options = console.options.update_width(max(width, 1))
    return [Strip(line, Segment.get_line_length(line))
            for line in console.render_lines(renderable, options, pad=False, new_lines=False)]


class MarkdownView(Widget):
    """Lines rendered from Markdown (``render_markdown``): as tall as its content, in a scrolling container."""

    DEFAULT_CSS = """
    MarkdownView {
        height: auto;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.renderable: RenderableType = Text(text)
        self._lines: list[Strip] = []
        self._width = -1
        self._styled: list[Strip] | None = None  # the lines with the widget's colours applied
        self.text_width = -1  # the width of its content, once laid out (read by workers)

    def on_resize(self) -> None:
        self.text_width = self.content_region.width

    def update(self, renderable: RenderableType, lines: list[Strip] | None = None, width: int | None = None) -> None:
        """Show ``renderable``; ``lines`` are its lines at ``width`` when already rendered (in a worker)."""
        self.renderable = renderable
        self._lines, self._width = (lines, width) if lines is not None and width is not None else ([], -1)
        self._styled = None
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styled = None

    def _lines_at(self, width: int) -> list[Strip]:
        if width != self._width:
            self._lines, self._width = render_lines(self.renderable, width), width
            self._styled = None
        return self._lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines_at(width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        lines = self._lines_at(width)
        if self._styled is None:
            style = self.rich_style
            self._styled = [line.apply_style(style) for line in lines]
        if y >= len(self._styled):
            return Strip.blank(width, self.rich_style)
        return self._styled[y]
