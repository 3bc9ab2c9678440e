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
        """The usual pool in metres (None: none set, or a hand-written value that does not read)."""
        if not self.pool:
            return None
        from studylog.parsing import ParseError, parse_pool

        try:
            return parse_pool(self.pool, self.units)
        except ParseError:
            return None

    @property
    def week_start_index(self) -> int:
        """0 for Monday ... 6 for Sunday, as date.weekday() counts."""
        return WEEKDAYS.index(self.week_start)

    def with_value(self, key: str, raw: str) -> Settings:
        names = set(self._fields)
        if key not in names:
            raise ConfigError(f"unknown setting {key!r}; known: {', '.join(sorted(names))}")
        if key == "units":
            units = raw.strip().lower()
            if units not in UNITS:
                raise ConfigError(f"units must be one of {', '.join(UNITS)}, not {raw!r}")
            return self._replace(units=units)
        if key == "week_start":
            week_start = raw.strip().lower()
            if week_start not in WEEKDAYS:
                raise ConfigError(f"week_start must be a weekday name such as monday, not {raw!r}")
            return self._replace(week_start=week_start)
        if key == "daily_word_target":
            try:
                target = int(raw)
            except ValueError:
                raise ConfigError(f"daily_word_target must be a whole number such as 500, not {raw!r}") from None
            if not 0 <= target <= 500_000:
                raise ConfigError("daily_word_target must be 0 to 500,000 words")
            return self._replace(daily_word_target=target)
        if key == "pool":
            pool = raw.strip().lower()
            if pool in ("", "none", "no", "off"):
                pool = ""
            else:
                from studylog.parsing import ParseError, parse_pool

                try:
                    metres = parse_pool(pool, self.units)
                except ParseError as exc:
                    raise ConfigError(f"pool: {exc}") from None
                # kept with its unit, so that changing units later never changes the pool
                yards = metres / 0.9144
                pool = f"{round(yards):g}yd" if abs(yards - round(yards)) < 1e-9 and "y" in pool else f"{metres:g}m"
            return self._replace(pool=pool)
        theme = raw.strip()  # (the one setting left)
        if theme not in THEMES:
            raise ConfigError(f"theme must be one of {', '.join(THEMES)}, not {raw!r}")
        return self._replace(theme=theme)


def load(path: Path) -> Settings:
    """Read settings; a missing file gives the defaults, unknown keys are ignored. A value that does not
    read raises ConfigError naming the file and the key (see ``load_lenient`` to go on without it)."""
    settings, problems = load_lenient(path)
    if problems:
        raise ConfigError(problems[0])
    return settings


def load_lenient(path: Path) -> tuple[Settings, list[str]]:
    """The settings, with the default in place of each value that does not read, and what was wrong (one
    line each, naming the file and the key): a bad settings file never stops studylog, and `config set`
    writes a good one again."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return Settings(), [f"{path}: cannot be read ({exc.strerror or exc}); using the default settings"]
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Settings(), [f"{path}: not UTF-8 text; using the default settings (studylog config set KEY VALUE "
                            f"writes a new file)"]
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [f"{path}: not valid TOML ({exc}); using the default settings (studylog config set "
                            f"KEY VALUE writes a new file)"]
    settings = Settings()
    problems = []
    for key in sorted(data, key=lambda k: k != "units"):  # units first: a pool without a unit reads in them
        if key in settings._fields:
            try:
                settings = settings.with_value(key, str(data[key]))
            except ConfigError as exc:
                default = getattr(Settings(), key)
                problems.append(f"{path}: {key}: {exc}; using {default!r} (studylog config set {key} VALUE fixes it)")
    return settings, problems


def save(path: Path, settings: Settings) -> None:
    """Write settings atomically (a temporary file renamed over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lines = ["# studylog settings (studylog config set KEY VALUE)"]
    for key, value in settings._asdict().items():
        lines.append(f"{key} = {value}" if isinstance(value, int) else f'{key} = "{value}"')
    from studylog.atomic import write_atomically

    write_atomically(path, "\n".join(lines) + "\n", private=True)  # readable by its owner only
