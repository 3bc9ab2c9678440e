"""Which importer reads which kind of file; each is imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, NamedTuple, Protocol, TypeVar

from studylog.io.common import Parsed

if TYPE_CHECKING:
    from datetime import tzinfo

    from studylog.domain.values import ImportedWorkout, NewFeed, NewReading
    from studylog.io.strava import Read

Parse = TypeVar("Parse", covariant=True)  # the importer function's type


class Importer(NamedTuple, Generic[Parse]):
    module: str
    function: str
    describes: str

    def load(self) -> Parse:
        return getattr(importlib.import_module(self.module), self.function)


BookParser = Callable[[bytes, str], "Parsed[NewReading]"]
"""``parse(data, file name)``: a Goodreads or StoryGraph export."""
FeedParser = Callable[[bytes, str], "Parsed[NewFeed]"]
"""``parse(data, file name)``: an OPML file of subscriptions."""


class WorkoutParser(Protocol):
    """``parse(data, file name, sport=..., tz=...)``: a GPX, TCX or FIT file."""

    def __call__(self, data: bytes, name: str, *, sport: str | None = ...,
                 tz: tzinfo = ...) -> Parsed[ImportedWorkout]: ...


class StravaParser(Protocol):
    """``parse(data, file name, read=..., tz=...)``: a Strava activities.csv and the activity files it
    names (given by ``read``)."""

    def __call__(self, data: bytes, name: str, *, read: Read | None = ...,
                 tz: tzinfo = ...) -> Parsed[ImportedWorkout]: ...


BOOK_FORMATS: dict[str, Importer[BookParser]] = {
    "goodreads": Importer("studylog.io.goodreads", "parse_goodreads", "a Goodreads library export (CSV)"),
    "storygraph": Importer("studylog.io.storygraph", "parse_storygraph", "a StoryGraph export (CSV)"),
}
OPML: Importer[FeedParser] = Importer("studylog.io.opml", "parse_opml",
                                      "an OPML file of feeds from a feed reader")
READING_FORMATS: dict[str, Importer[BookParser] | Importer[FeedParser]] = {**BOOK_FORMATS, "opml": OPML}

WORKOUT_FORMATS: dict[str, Importer[WorkoutParser]] = {
    "gpx": Importer("studylog.io.gpx", "parse_gpx", "GPX files from a watch, phone or app"),
    "tcx": Importer("studylog.io.tcx", "parse_tcx", "TCX files (Garmin Training Center)"),
    "fit": Importer("studylog.io.fit", "parse_fit", "FIT files straight from a Garmin (or other) watch"),
}
STRAVA: Importer[StravaParser] = Importer("studylog.io.strava", "parse_strava",
                                          "a Strava bulk export (its folder or activities.csv)")
