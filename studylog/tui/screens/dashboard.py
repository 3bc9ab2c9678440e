"""Today at a glance: the writing streak, this week's writing and workouts, the latest entries."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static

from studylog.domain.values import Dashboard, Workout, WritingEntry
from studylog.formatting import (
    format_challenge_day,
    format_distance,
    format_duration,
    format_words,
    short_distance,
)
from studylog.text import one_line
from studylog.tui.format import user_text
from studylog.tui.screens.base import DataScreen
from studylog.tui.widgets.charts import chart_block
from studylog.tui.widgets.footer import AppFooter
from studylog.tui.widgets.heatmap import Heatmap
from studylog.tui.widgets.navbar import NavBar
from studylog.tui.widgets.table import Table

WELCOME = """\
Welcome to studylog. Nothing is logged yet; here is how to start.

  Press a and type what you did, as you would say it:
      write 650 words Day 1: Why I write
      run 5k 28:30 yesterday
      swim 1500m 40min

  Or from the shell:   studylog log run 5k 28:30
                       studylog log write "notes" --words 500

  To look around a full history first:   studylog demo"""

WIDE = 160  # columns from which the dashboard shows its charts beside the rest

SPORT_NAMES = {"run": "Runs", "swim": "Swims", "ride": "Rides", "walk": "Walks", "hike": "Hikes",
               "strength": "Strength", "yoga": "Yoga", "other": "Other"}


class DashboardScreen(DataScreen):
    TITLE = "Dashboard"

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield NavBar("dashboard")
        with VerticalScroll(id="dashboard"):
            yield Static(WELCOME, id="welcome", markup=False)
            with Container(id="dash-columns"):  # one column, or two side by side on a wide terminal
                with Vertical(id="dash-main"):
                    yield Static("", id="today-card", classes="card")
                    with Horizontal(id="cards"):
                        yield Static("Loading…", id="streak-card", classes="card")
                        yield Static("", id="week-card", classes="card")
                    yield Static("", id="progress", classes="progress")
                    yield Static("", id="dashboard-goals")
                    yield Static("Latest", id="latest-title", classes="section-title")
                    yield Table(id="latest", cursor_type="row", zebra_stripes=False)
                with Vertical(id="dash-side"):
                    yield Heatmap(id="dash-heatmap")
                    yield Static("", id="dash-charts")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#welcome").display = False
        self.on_resize()
        self.query_one("#today-card").border_title = "Today"
        self.query_one("#streak-card").border_title = "Writing streak"
        self.query_one("#week-card").border_title = "This week"
        table = self.query_one("#latest", DataTable)
        table.add_columns("Date", "What", "Amount", "Title")

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    def fetch(self) -> Dashboard:
        settings = self.studylog.settings
        from studylog.api import dashboard

        return dashboard.load(self.studylog.db, week_start=settings.week_start_index, units=settings.units)

    def show_failure(self, error: BaseException | None) -> None:
        from studylog.api.admin import DatabaseError

        if not isinstance(error, DatabaseError | OSError):
            return  # a bug: the notification says what it was
        welcome = self.query_one("#welcome", Static)
        welcome.update(Text(self.failure_text(error)))
        welcome.display = True
        self.query_one("#dash-columns").display = False

    def show(self, data: Dashboard) -> None:
        self.query_one("#welcome", Static).update(Text(WELCOME))
        self.query_one("#dash-columns").display = True
        units = self.studylog.settings.units
        empty = data.is_empty
        self.query_one("#welcome").display = empty
        for selector in ("#cards", "#latest-title", "#latest"):
            self.query_one(selector).display = not empty
        today = self.query_one("#today-card", Static)
        today.update(self._today_card(data))
        today.display = bool(data.due) and not empty
        self.query_one("#streak-card", Static).update(self._streak_card(data))
        self.query_one("#week-card", Static).update(self._week_card(data, units))
        progress = self.query_one("#progress", Static)
        progress.update(Text("\n".join(f"↗ {line}" for line in data.progress)))
        progress.display = bool(data.progress) and not empty
        self._show_charts(data, units)
        goals = self.query_one("#dashboard-goals", Static)
        goals.update(self._goals_text(data, units))
        goals.display = bool(data.goals) and not empty
        table = self.query_one("#latest", DataTable)
        table.clear()
        rows: list[tuple] = []
        for e in data.recent_writing:
            rows.append((e.day, e.created_at, e))
        for w in data.recent_workouts:
            rows.append((w.day, w.created_at, w))
        rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
        flex = max(12, self.size.width - 10 - 8 - 20 - 12)
        for _, _, record in rows[:8]:
            if isinstance(record, WritingEntry):
                table.add_row(record.day.isoformat(), "writing", format_words(record.words),
                              user_text(record.title or record.note, flex))
            else:
                assert isinstance(record, Workout)
                amount = " · ".join(p for p in (format_distance(record.distance_m, units, record.sport),
                                                format_duration(record.duration_s)) if p)
                table.add_row(record.day.isoformat(), record.sport, amount, user_text(record.title, flex))

    @staticmethod
    def _today_card(data: Dashboard) -> Text:
        """What is due today, as `studylog today` says it: one line each, what is done dimmed."""
        width = max((len(item.label) for item in data.due), default=0)
        text = Text()
        for n, item in enumerate(data.due):
            if n:
                text.append("\n")
            text.append(item.label.ljust(width + 2), style="dim" if item.done else "bold")
            text.append(item.text, style="dim" if item.done else "")
        return text

    def _show_charts(self, data: Dashboard, units: str) -> None:
        side = self.query_one("#dash-side")
        charts = data.charts
        side.display = charts is not None and not data.is_empty
        if charts is None or not side.display:
            return
        self.query_one("#dash-heatmap", Heatmap).show(charts.year, charts.writing_days, data.today)
        week_labels = [w.strftime("%b") if n == 0 or w.month != charts.weeks[n - 1].month else ""
                       for n, w in enumerate(charts.weeks)]
        month_labels = [m.strftime("%b")[0] for m in charts.months]
        blocks = []
        for title, values, sport in (("Runs", charts.run_m, "run"), ("Swims", charts.swim_m, "swim")):
            if any(values):
                blocks.append(chart_block(f"{title} per week", values, week_labels,
                                          f"this week {short_distance(values[-1], sport, units)}, "
                                          f"best {short_distance(max(values), sport, units)}"))
        if any(charts.words):
            blocks.append(chart_block("Words per week", charts.words, week_labels,
                                      f"this week {charts.words[-1]:,}, best {max(charts.words):,}", style="green"))
        if any(charts.books):
            blocks.append(chart_block("Books per month", charts.books, month_labels,
                                      f"{sum(charts.books)} in 12 months", style="magenta"))
        text = Text()
        for n, block in enumerate(blocks):
            if n:
                text.append("\n\n")
            text.append_text(block)
        self.query_one("#dash-charts", Static).update(text)

    def _goals_text(self, data: Dashboard, units: str) -> Text:
        from studylog.formatting import goal_progress_text, goal_status_text
        from studylog.tui.widgets.goalbar import STATUS_STYLE, bar

        text = Text("Goals this period", style="bold")
        main = self.query_one("#dash-main").size.width or self.size.width
        shown = [(goal, p, goal_progress_text(goal.metric, p.actual, p.target, units, goal.activity),
                  goal_status_text(goal, p)) for goal, p in data.goals[:5]]
        # the title takes what the bar (15), the progress and the status leave: a line never wraps
        tail = max((len(progress) + 3 + len(status) for _, _, progress, status in shown), default=20)
        width = max(10, min(36, main - 4 - 15 - 2 - tail))
        for goal, p, progress, status in shown:
            text.append("\n ")
            text.append_text(bar(p.actual, p.target, 8))
            text.append("  ")
            text.append(one_line(goal.title, width).ljust(width))
            text.append(f"  {progress} · ")
            text.append(status, style=STATUS_STYLE.get(p.status, ""))
        if len(data.goals) > 5:
            text.append(f"\n and {len(data.goals) - 5} more (6 opens Goals)", style="dim")
        return text

    def _streak_card(self, data: Dashboard) -> Text:
        s = data.streak
        text = Text()
        if s.current.days:
            text.append(f"{s.current.days}", style="bold")
            text.append(f" day{'s' if s.current.days != 1 else ''} in a row\n")
        else:
            text.append("No streak now: write today\n" if s.longest.days else "No streak yet: write today\n")
        if s.challenge:
            text.append(format_challenge_day(s.challenge.day, s.challenge.length), style="bold")
            text.append(" · ")
            text.append(s.challenge.name)
            text.append("\n")
        if s.longest.days:
            assert s.longest.end is not None  # (a streak of some days has an end)
            text.append(f"Longest: {s.longest.days} day{'s' if s.longest.days != 1 else ''} (to {s.longest.end.isoformat()})\n", style="dim")
        target = self.studylog.settings.daily_word_target
        if target and (data.today_words or s.current.days):
            reached = data.today_words >= target
            text.append(f"Today: {data.today_words:,} of {target:,} words" + (" ✓" if reached else ""),
                        style="green" if reached else "italic")
        elif s.current.days and not s.written_today:
            text.append("Not written today yet", style="italic")
        elif s.written_today:
            text.append("Written today ✓", style="green")
        return text

    def _week_card(self, data: Dashboard, units: str) -> Text:
        text = Text()
        text.append(f"Week of {data.week_start.strftime('%d %b')}\n", style="dim")
        text.append("Writing: ", style="bold")
        text.append(f"{data.week_writing_days} of 7 days · {format_words(data.week_words)}\n")
        if not data.week_sports:
            text.append("No workouts yet this week", style="italic")
        for sport in data.week_sports:
            text.append(f"{SPORT_NAMES.get(sport.sport, sport.sport)}: ", style="bold")
            parts = [str(sport.count)]
            if sport.distance_m:
                parts.append(format_distance(sport.distance_m, units, sport.sport))
            if sport.duration_s:
                parts.append(format_duration(sport.duration_s))
            text.append(" · ".join(parts) + "\n")
        text.rstrip()
        return text
