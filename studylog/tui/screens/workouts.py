"""Every workout, newest first, with pace."""

from __future__ import annotations

from studylog.domain.values import Workout
from studylog.formatting import format_distance, format_duration, format_pace
from studylog.tui.format import user_text
from studylog.tui.screens.records import PAGE, RecordsScreen


class WorkoutsScreen(RecordsScreen):
    MODE = "workouts"
    TITLE = "Workouts"
    COLUMNS = (("Date", 10), ("Sport", 8), ("Distance", 9), ("Time", 8), ("Pace", 11), ("Title", None))
    EMPTY = "No workouts yet. Press a and type: run 5k 28:30 (or swim 1500m 40min)"

    def fetch(self) -> list[Workout]:
        return self.studylog.store.workouts(limit=PAGE)

    def cells(self, w: Workout, flex: int) -> tuple:
        units = self.studylog.settings.units
        return (w.day.isoformat(), w.sport, format_distance(w.distance_m, units, w.sport),
                format_duration(w.duration_s), format_pace(w.distance_m, w.duration_s, units, w.sport),
                user_text(w.title, flex))
