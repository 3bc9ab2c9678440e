"""Learning resources: the topic tree on the left, the chosen topic's resources on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Static, Tree

from studylog.api.resources import topic_totals
from studylog.domain.values import NewResource, NewStudy, Resource
from studylog.formatting import format_study_time
from studylog.io.urls import is_web_url
from studylog.parsing import ParseError, parse_duration
from studylog.text import one_line
from studylog.tui.dialogs.confirm import ConfirmDialog
from studylog.tui.dialogs.form import RecordForm
from studylog.tui.dialogs.prompt import PromptDialog
from studylog.tui.fields import resource_fields
from studylog.tui.format import describe_record, user_text
from studylog.tui.screens.base import DataScreen
from studylog.tui.screens.records import CHUNK, first_rows
from studylog.tui.widgets.footer import AppFooter
from studylog.tui.widgets.navbar import NavBar
from studylog.tui.widgets.table import Table
from studylog.tui.widgets.topic_tree import TopicTree

if TYPE_CHECKING:
    from studylog.api.study import Studied

EMPTY = ("No learning resources yet. Import a list someone shared (ctrl+p, then 'Import a resource list',\n"
         "or studylog res import list.md), or add a link: studylog res add URL --topic Transformers")


class TopicsLoaded(Message):
    """The topic counts and time studied arrived (the table's rows come separately, as Loaded)."""

    def __init__(self, counts: list[tuple[str | None, int, int]], studied: Studied) -> None:
        super().__init__()
        self.counts = counts
        self.studied = studied


class ResourcesScreen(DataScreen):
    TITLE = "Resources"
    BINDINGS = [
        Binding("d", "mark('done')", "Done"),
        Binding("t", "mark('studying')", "Studying"),
        Binding("r", "mark('new')", "Not started", show=False),
        Binding("l", "study", "Log", tooltip="Log time spent on it today"),  # (short: 80 columns hold the footer)
        Binding("o", "open_link", "Open", tooltip="Open the link in your browser"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("n", "new", "New (form)", show=False),
        Binding("e", "edit", "Edit"),
        Binding("x,delete", "delete", "Delete", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.topic: str | None = None
        self.records: dict[int, Resource] = {}
        self._data: list[Resource] | None = None
        self._rows: list[Resource] = []  # the rows to show (filtered), of which the first _shown are in the table
        self._shown = 0
        self._row_shape = (True, 16)  # wide (kind and topic columns), the title's width
        self.pending_id: int | None = None
        self.studied: dict[int, int] = {}  # seconds studied by resource id

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield NavBar("resources")
        yield Static(EMPTY, classes="empty-hint", markup=False)
        with Horizontal(id="resources-body"):
            yield TopicTree(Text("All topics"), id="topics")
            with Vertical(id="resources-side"):
                yield Input(placeholder="filter: type to narrow the list, Esc clears", id="resource-filter",
                            compact=True)
                yield Static("", id="resources-none", markup=False)
                yield Table(id="resources", cursor_type="row", zebra_stripes=True)
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(".empty-hint").display = False
        table = self.query_one("#resources", Table)
        table.more = lambda: self._grow(self._shown + CHUNK)
        table.rest = lambda: self._grow(len(self._rows))
        self.query_one("#topics", Tree).root.data = None
        field = self.query_one("#resource-filter", Input)
        field.display = False
        field.cursor_blink = not self.app.is_headless

    # The topic tree and the table load separately: picking a topic reloads only the table.
    def reload(self) -> None:
        self.shown_generation = self.studylog.generation
        self._load_topics()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="topics")
    def _load_topics(self) -> None:
        from studylog.api import resources, study

        db = self.studylog.db
        self.post_message(TopicsLoaded(resources.topic_counts(db), study.studied(db)))

    def fetch(self) -> list[Resource]:
        from studylog.api import resources

        # every one (rows enter the table a screenful at a time): with the 1,000 first only, a search hit
        # further down left the cursor on another resource, which `d` then marked done
        return resources.resources(self.studylog.db, topic=self.topic, limit=None)

    @on(TopicsLoaded)
    def show_topics(self, message: TopicsLoaded) -> None:
        message.stop()
        counts = message.counts
        totals = topic_totals(counts)
        for path in message.studied.by_topic:  # topics studied that hold no resource: there too
            totals.setdefault(path, [0, 0])
        tree = self.query_one("#topics", TopicTree)
        all_total = sum(t for _, t, _ in counts)
        all_done = sum(d for _, _, d in counts)
        tree.clear()
        tree.root.set_label(Text.assemble("All topics ", (f"{all_done}/{all_total}", "dim")))
        self.studied = message.studied.by_resource
        if self._data is not None:
            self.show(self._data, fresh=False)  # (the table's time column)
        nodes: dict[tuple[str, ...], Any] = {(): tree.root}
        for path in sorted(totals):
            total, done = totals[path]
            after = Text()
            if total:
                after.append(f" {done}/{total}", style="dim")
            seconds = message.studied.by_topic.get(path)
            if seconds:
                after.append(f" · {format_study_time(seconds)}", style="dim")
            parent = nodes[path[:-1]]
            has_children = any(len(p) > len(path) and p[:len(path)] == path for p in totals)
            data = None if path == ("(no topic)",) else "/".join(path)
            nodes[path] = tree.add_topic(parent, path[-1], after, data=data, expand=len(path) == 1 and has_children,
                                         leaf=not has_children)
        tree.root.expand()
        empty = not counts and not message.studied.by_topic
        self.query_one(".empty-hint").display = empty
        self.query_one("#resources-body").display = not empty

    @on(Tree.NodeSelected, "#topics")
    def topic_chosen(self, event: Tree.NodeSelected) -> None:
        self.topic = event.node.data
        self._load()

    def show(self, data: list[Resource], *, fresh: bool = True) -> None:
        """The rows (``fresh``: just loaded; else shown again, filtered or with new times: the record the
        cursor should go to, if not among them yet, is still waited for)."""
        self._data = data
        field = self.query_one("#resource-filter", Input)
        words = field.value.lower().split() if field.display else []
        if words:
            data = [r for r in data if all(w in " ".join(filter(None, (r.title, r.url, r.topic, r.description,
                                                                     r.note, r.status, r.kind))).lower()
                                           for w in words)]
        table = self.query_one("#resources", DataTable)
        keep = table.cursor_row
        current = self.highlighted()
        table.clear(columns=True)
        self.records = {r.id: r for r in data}
        width = table.size.width or int(self.size.width * 0.65)
        wide = width >= 72  # kind and topic columns only when the title still gets room
        if wide:
            table.add_columns("Status", "Kind", "Title", "Topic", "Studied")
        else:
            table.add_columns("Status", "Title", "Studied")
        flex = max(16, width - (9 + 7 + 14 + 7 + 10 + 2 if wide else 9 + 7 + 6 + 2))
        self._rows = data
        self._row_shape = (wide, flex)
        self._shown = 0
        wanted = self.pending_id if self.pending_id in self.records else (current.id if current else None)
        index = next((n for n, r in enumerate(data) if r.id == wanted), None) if wanted is not None else None
        self._grow(max(first_rows(self.size.height), (index if index is not None else keep) + 1))
        if fresh or self.pending_id in self.records:
            self.pending_id = None
        if index is not None:  # stay on the same resource after a change
            table.move_cursor(row=index)
        elif data:
            table.move_cursor(row=min(keep, len(data) - 1))
        # (an empty table said nothing: a topic with time studied but no resource, or a filter matching none)
        none = self.query_one("#resources-none", Static)
        none.display = not data
        if not data:
            none.update(f"No resource matches “{field.value.strip()}”" if words else
                        f"No resources under {self.topic}: its time studied is on the Study screen (8)"
                        if self.topic else "No resources yet")

    def _grow(self, upto: int) -> None:
        """Add the next rows to the table: a first screenful and more as the cursor nears the end (a table
        measures every row it is given; a decade's 1,500 resources at once took half a second)."""
        table = self.query_one("#resources", DataTable)
        wide, flex = self._row_shape
        for r in self._rows[self._shown:upto]:
            status = Text("✓ done", style="green") if r.status == "done" else r.status
            title = user_text(r.title or r.url, flex)
            if wide:
                topic = r.topic.rsplit("/", 1)[-1] if r.topic else ""
                studied = Text(format_study_time(self.studied.get(r.id)), justify="right")
                table.add_row(status, r.kind, title, user_text(topic, 14), studied, key=str(r.id))
            else:
                table.add_row(status, title, Text(format_study_time(self.studied.get(r.id)), justify="right"),
                              key=str(r.id))
        self._shown = min(max(upto, self._shown), len(self._rows))

    @on(DataTable.RowHighlighted, "#resources")
    def near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self._shown - 20 and self._shown < len(self._rows):
            self._grow(self._shown + CHUNK)

    def on_resize(self) -> None:
        if self._data is not None:
            self.show(self._data, fresh=False)

    def highlighted(self) -> Resource | None:
        table = self.query_one("#resources", DataTable)
        if not self.records or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.records.get(int(key)) if key is not None else None

    # ------------------------------------------------------------------------------ filter, forms, delete

    def action_filter(self) -> None:
        field = self.query_one("#resource-filter", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#resource-filter")
    def filter_changed(self) -> None:
        if self._data is not None:
            self.show(self._data, fresh=False)
            self.settled()

    @on(Input.Submitted, "#resource-filter")
    def filter_done(self) -> None:
        self.query_one("#resources", DataTable).focus()

    def key_escape(self) -> None:
        field = self.query_one("#resource-filter", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.query_one("#resources", DataTable).focus()
            if self._data is not None:
                self.show(self._data, fresh=False)

    def action_new(self) -> None:
        self._open_form(None)

    @on(DataTable.RowSelected, "#resources")
    def open_whole(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the whole resource, its description and note (e edits it)."""
        from studylog.tui.dialogs.record import open_record_view

        resource = self.highlighted()
        if resource is not None:
            open_record_view(self, resource, self._open_form, self._save)

    def action_edit(self) -> None:
        resource = self.highlighted()
        if resource is not None:
            self._open_form(resource)

    def _open_form(self, resource: Resource | None) -> None:
        def saved(values: dict | None) -> None:
            if values is None:
                return
            if resource is not None and not values:  # an edit that changed no field: nothing is written
                self.notify("Nothing changed", markup=False)
                return
            self._save(resource, values)

        title = "New resource" if resource is None else f"Edit resource #{resource.id}"
        self.app.push_screen(RecordForm(title, resource_fields(resource), edit=resource is not None), saved)

    @work(thread=True, exit_on_error=False, group="write")
    def _save(self, resource: Resource | None, values: dict) -> None:
        from studylog.api import records

        db = self.studylog.db
        if resource is None:
            stored, created = records.add_resource(db, NewResource(**values))
            verb = "Stored" if created else "Already there:"
        else:
            stored, verb = records.update(db, resource, values), "Updated"
        self.app.call_from_thread(self._saved, stored, verb)

    def _saved(self, stored: Resource, verb: str) -> None:
        self.pending_id = stored.id
        self.studylog.changed(f"{verb} {describe_record(stored, self.studylog.settings.units)}")

    def action_delete(self) -> None:
        resource = self.highlighted()
        if resource is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.studylog.delete_record(resource)

        question = f"Delete {describe_record(resource, self.studylog.settings.units)}? (u brings it back)"
        self.app.push_screen(ConfirmDialog(question), answered)

    def open_record(self, resource_id: int) -> None:
        """Show every topic with the cursor on one resource (after a search)."""
        self.pending_id = resource_id
        self.topic = None
        self._load()

    def action_mark(self, status: str) -> None:
        resource = self.highlighted()
        if resource is not None:
            self._mark(resource, status)

    @work(thread=True, exit_on_error=False, group="write")
    def _mark(self, resource: Resource, status: str) -> None:
        from studylog.api import resources

        changed = resources.set_status(self.studylog.db, resource, status)
        units = self.studylog.settings.units
        self.app.call_from_thread(self.studylog.changed, f"Marked {describe_record(changed, units)}")

    def action_study(self) -> None:
        """Log time spent studying the highlighted resource, today."""
        resource = self.highlighted()
        if resource is None:
            return

        def answered(value: str | None) -> None:
            if value is not None and value.strip():
                self._log_study(resource, round(parse_duration(value)))

        name = one_line(resource.title or resource.url, 50)
        self.app.push_screen(PromptDialog(f'Time spent today on "{name}"', placeholder="45min, 1h30",
                                          check=_study_time_error), answered)

    @work(thread=True, exit_on_error=False, group="write")
    def _log_study(self, resource: Resource, seconds: int) -> None:
        from studylog.api import records

        stored = records.add(self.studylog.db, NewStudy(day=self.studylog.clock.today(), duration_s=seconds,
                                                        resource_id=resource.id))
        units = self.studylog.settings.units
        self.app.call_from_thread(self.studylog.changed, f"Stored {describe_record(stored, units)}")

    def action_open_link(self) -> None:
        resource = self.highlighted()
        if resource is None:
            return
        if not is_web_url(resource.url):  # only http(s) links reach the browser
            self.notify("Only http(s) links are opened", severity="warning")
            return
        self.app.open_url(resource.url)
        self.notify(f"Opening {resource.url}", markup=False)


def _study_time_error(text: str) -> str | None:
    from studylog.limits import MAX_STUDY_S

    try:
        seconds = parse_duration(text)
    except ParseError as exc:
        return str(exc)
    return "a study session is at most 24h (one day's)" if seconds > MAX_STUDY_S else None
