"""Settings: units, week start, daily word target, usual pool, theme (kept in the TOML config file)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from studylog.config import THEMES, WEEKDAYS, ConfigError, Settings


class SettingsScreen(ModalScreen[Settings | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        with Vertical(id="settings-form"):
            yield Label("Settings  (ctrl+s saves, Esc cancels)", id="settings-title")
            yield Label("Units", classes="field-label")
            yield Select([("metric: km, m", "metric"), ("imperial: mi, yd", "imperial")], value=s.units,
                         allow_blank=False, id="units", compact=True)
            yield Label("Weeks start on", classes="field-label")
            yield Select([(day.capitalize(), day) for day in WEEKDAYS], value=s.week_start, allow_blank=False,
                         id="week_start", compact=True)
            yield Label("Daily word target", classes="field-label")
            yield Input(str(s.daily_word_target), id="daily_word_target", type="integer", compact=True)
            yield Label("", id="daily_word_target-error", classes="field-error")
            yield Label("Usual pool (\"60 lengths\" means 60 of it)", classes="field-label")
            yield Input(s.pool, id="pool", placeholder="25m or 25yd", compact=True)
            yield Label("", id="pool-error", classes="field-error")
            yield Label("Theme", classes="field-label")
            yield Select([(name, name) for name in THEMES], value=s.theme, allow_blank=False, id="theme",
                         compact=True)
            with Horizontal(id="settings-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        for field in ("#daily_word_target", "#pool"):
            self.query_one(field, Input).cursor_blink = not self.app.is_headless
        self.query_one("#units", Select).focus()

    @on(Select.Changed, "#theme")
    def preview_theme(self, event: Select.Changed) -> None:
        self.app.theme = str(event.value)

    def _read(self) -> Settings | None:
        settings = self.settings
        for key in ("units", "week_start", "theme"):
            settings = settings.with_value(key, str(self.query_one(f"#{key}", Select).value))
        ok = True
        for key in ("daily_word_target", "pool"):
            error = self.query_one(f"#{key}-error", Label)
            try:
                settings = settings.with_value(key, self.query_one(f"#{key}", Input).value)
            except ConfigError as exc:
                error.update(str(exc))
                ok = False
            else:
                error.update("")
        return settings if ok else None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        settings = self._read()
        if settings is not None:
            self.dismiss(settings)

    def action_cancel(self) -> None:
        self.app.theme = self.settings.theme
        self.dismiss(None)

