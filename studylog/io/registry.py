"""Which importer reads which kind of file; each is imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import NamedTuple

from studylog.io.common import Parsed


class Importer(NamedTuple):
    module: str
    function: str
    describes: str

    def load(self) -> Callable[[bytes, str], Parsed]:
        return getattr(importlib.import_module(self.module), self.function)


READING_FORMATS = {
    "goodreads": Importer("studylog.io.goodreads", "parse_goodreads", "a Goodreads library export (CSV)"),
    "storygraph": Importer("studylog.io.storygraph", "parse_storygraph", "a StoryGraph export (CSV)"),
    "opml": Importer("studylog.io.opml", "parse_opml", "an OPML file of feeds from a feed reader"),
}

WORKOUT_FORMATS = {
    "gpx": Importer("studylog.io.gpx", "parse_gpx", "GPX files from a watch, phone or app"),
    "tcx": Importer("studylog.io.tcx", "parse_tcx", "TCX files (Garmin Training Center)"),
    "fit": Importer("studylog.io.fit", "parse_fit", "FIT files straight from a Garmin (or other) watch"),
}
STRAVA = Importer("studylog.io.strava", "parse_strava", "a Strava bulk export (its folder or activities.csv)")
