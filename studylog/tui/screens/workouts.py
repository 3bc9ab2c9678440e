"""Every workout, newest first, with pace; above them the records and the last 12 weeks of one sport."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline, Static

from studylog.domain.values import NewWorkout, Records, WeekTotal, Workout
from studylog.formatting import (
    format_distance,
    format_duration,
    format_pace,
    format_pool_length,
    short_distance,
)
from studylog.tui.dialogs.form import Combine, Field
from studylog.tui.fields import workout_combine, workout_fields
from studylog.tui.format import user_text
from studylog.tui.screens.records import Column, RecordsScreen

CHART_SPORTS = ("run", "swim", "ride", "walk", "hike")
SHOWN_EFFORTS = {"run": ("5 km", "10 km", "half marathon", "marathon"), "swim": ("100 m", "400 m", "1,500 m"),
                 "ride": ("10 km", "20 km", "40 km", "100 km"), "walk": ("5 km", "10 km"), "hike": ("10 km",)}


class WorkoutsScreen(RecordsScreen):
    MODE = "workouts"
    TITLE = "Workouts"
    NOUN = "workout"
    PLURAL = "workouts"
    COLUMNS = (Column("Date", 10, lambda w: w.day), Column("Sport", 9, lambda w: w.sport),
               Column("Distance", 9, lambda w: w.distance_m), Column("Time", 8, lambda w: w.duration_s),
               Column("Pace", 11, lambda w: w.pace_s_per_km), Column("Title", None, lambda w: (w.title or "").lower()))
    EMPTY = ("No workouts yet. Press a and type: run 5k 28:30 (or swim 1500m 40min),\n"
             "or import your history: ctrl+p, then 'Import workouts' (GPX, TCX, FIT, a Strava export)")
    BINDINGS = [Binding("v", "next_sport", "Other sport")]  # (the list's own keys come from RecordsScreen)

    def __init__(self) -> None:
        super().__init__()
        self.sport: str | None = None

    def compose_filters(self) -> ComposeResult:
        with Horizontal(id="training"):
            yield Static("", id="records-panel")
            with Vertical(id="chart-panel"):
                yield Label("", id="chart-title")
                yield Sparkline([], id="weekly-chart", summary_function=max)
                yield Label("", id="chart-range")

    def fetch(self) -> tuple[list[Workout], str, Records, list[WeekTotal]]:
        from studylog.api import workouts

        db = self.studylog.db
        sport = self.sport or workouts.busiest_sport(db) or "run"
        found, weeks = workouts.training(db, sport, weeks=12, week_start=self.studylog.settings.week_start_index)
        return self.fetch_page(0, self._limit), sport, found, weeks

    def fetch_page(self, offset: int, limit: int | None) -> list[Workout]:
        from studylog.api import workouts

        return workouts.workouts(self.studylog.db, limit=limit, offset=offset)

    def text_of(self, w: Workout) -> str:
        return " ".join(filter(None, (w.day.isoformat(), w.sport, w.title, w.note, " ".join(w.tags))))

    def form_fields(self, record: Workout | None) -> list[Field]:
        return workout_fields(record, self.studylog.clock.today(), self.studylog.settings.units)

    def form_combine(self, record: Workout | None) -> Combine:
        settings = self.studylog.settings
        try:
            usual = settings.pool_length_m
        except ValueError:
            usual = None
        return workout_combine(record, settings.units, usual)

    def store_form(self, record: Workout | None, values: dict[str, Any]) -> Workout:
        from studylog.api import records

        db = self.studylog.db
        if record is None:
            return records.add(db, NewWorkout(**values))
        return records.update(db, record, values)

    def show(self, data: Any) -> None:
        rows, sport, found, weeks = data
        self.sport = sport
        super().show(rows)
        self.query_one("#training").display = bool(rows)
        units = self.studylog.settings.units
        self.query_one("#records-panel", Static).update(self._records_text(found, units))
        distances = [w.distance_m for w in weeks]
        self.query_one("#weekly-chart", Sparkline).data = distances
        unit = ("yd" if sport == "swim" else "mi") if units == "imperial" else ("m" if sport == "swim" else "km")
        title = Text(f"{sport.capitalize()}: {unit} per week, last 12 weeks", style="bold")
        self.query_one("#chart-title", Label).update(title)
        if any(distances):
            last = weeks[-1]
            peak = max(weeks, key=lambda w: w.distance_m)
            span = (f"this week {short_distance(last.distance_m, sport, units)} · peak "
                    f"{short_distance(peak.distance_m, sport, units)} ({peak.week_start.day} "
                    f"{peak.week_start.strftime('%b')})")
        else:
            span = f"no {sport} in the last 12 weeks"
        self.query_one("#chart-range", Label).update(Text(span, style="dim"))

    def _records_text(self, found: Records, units: str) -> Text:
        text = Text(f"{found.sport.capitalize()} records", style="bold")
        if found.longest_distance:
            e = found.longest_distance
            text.append(f"\nLongest {format_distance(e.distance_m, units, found.sport)} "
                        f"({e.day.strftime('%-d %b %Y')})")
        shown = {e.label: e for e in found.best_efforts}
        for label in SHOWN_EFFORTS.get(found.sport, ()):
            if label in shown:
                e = shown[label]
                mark = "" if e.from_track else "*"
                text.append(f"\n{label}: {format_duration(e.duration_s)}{mark} ({e.day.strftime('%-d %b %Y')})")
        if any(not e.from_track for e in found.best_efforts):
            text.append("\n* whole workout at its average pace", style="dim")
        if not found.longest_distance and not found.best_efforts:
            text.append(f"\nnone yet for {found.sport}", style="dim")
        return text

    def action_next_sport(self) -> None:
        current = self.sport if self.sport in CHART_SPORTS else CHART_SPORTS[-1]
        self.sport = CHART_SPORTS[(CHART_SPORTS.index(current) + 1) % len(CHART_SPORTS)]
        self.reload()

    def cells(self, w: Workout, flex: int) -> tuple:
        units = self.studylog.settings.units
        sport = f"{w.sport} {format_pool_length(w.pool_length_m).replace(' ', '')}" if (
            w.pool_length_m) else w.sport  # "swim 25m": a swim in a 25 m pool
        return (w.day.isoformat(), sport, Text(format_distance(w.distance_m, units, w.sport), justify="right"),
                Text(format_duration(w.duration_s), justify="right"),
                Text(format_pace(w.distance_m, w.duration_s, units, w.sport), justify="right"),
                user_text(w.title, flex))
