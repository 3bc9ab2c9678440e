"""Settings kept in a small TOML file (see paths.Locations.config)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

UNITS = ("metric", "imperial")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
THEMES = ("textual-dark", "textual-light", "nord", "gruvbox", "monokai", "dracula", "tokyo-night")


class ConfigError(ValueError):
    pass


class Settings(NamedTuple):
    units: str = "metric"
    week_start: str = "monday"
    daily_word_target: int = 500
    theme: str = "textual-dark"
    pool: str = ""  # your usual pool ("25m", "25yd"): "60 lengths" means 60 of it; "" for none

    @property
    def pool_length_m(self) -> float | None:
        if not self.pool:
            return None
        from studylog.parsing import parse_pool

        return parse_pool(self.pool, self.units)

    @property
    def week_start_index(self) -> int:
        """0 for Monday ... 6 for Sunday, as date.weekday() counts."""
        return WEEKDAYS.index(self.week_start)

    def with_value(self, key: str, raw: str) -> Settings:
        names = set(self._fields)
        if key not in names:
            raise ConfigError(f"unknown setting {key!r}; known: {', '.join(sorted(names))}")
        value: object
        if key == "units":
            value = raw.strip().lower()
            if value not in UNITS:
                raise ConfigError(f"units must be one of {', '.join(UNITS)}, not {raw!r}")
        elif key == "week_start":
            value = raw.strip().lower()
            if value not in WEEKDAYS:
                raise ConfigError(f"week_start must be a weekday name such as monday, not {raw!r}")
        elif key == "daily_word_target":
            try:
                value = int(raw)
            except ValueError:
                raise ConfigError(f"daily_word_target must be a whole number such as 500, not {raw!r}") from None
            if not 0 <= value <= 500_000:
                raise ConfigError("daily_word_target must be 0 to 500,000 words")
        elif key == "pool":
            value = raw.strip().lower()
            if value in ("", "none", "no", "off"):
                value = ""
            else:
                from studylog.parsing import ParseError, parse_pool

                try:
                    parse_pool(value, self.units)
                except ParseError as exc:
                    raise ConfigError(f"pool: {exc}") from None
        else:
            value = raw.strip()
            if value not in THEMES:
                raise ConfigError(f"theme must be one of {', '.join(THEMES)}, not {raw!r}")
        return self._replace(**{key: value})


def load(path: Path) -> Settings:
    """Read settings; a missing file gives the defaults, unknown keys are ignored."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    import tomllib

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    settings = Settings()
    for key, value in data.items():
        if key in settings._fields:
            settings = settings.with_value(key, str(value))
    return settings


def save(path: Path, settings: Settings) -> None:
    """Write settings atomically (a temporary file renamed over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# studylog settings (studylog config set KEY VALUE)"]
    for key, value in settings._asdict().items():
        lines.append(f"{key} = {value}" if isinstance(value, int) else f'{key} = "{value}"')
    from studylog.atomic import write_atomically

    write_atomically(path, "\n".join(lines) + "\n")
