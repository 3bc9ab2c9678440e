"""Messages that carry results from thread workers back to the event loop."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class Loaded(Message):
    """A screen's data arrived from a worker."""

    def __init__(self, data: Any) -> None:
        super().__init__()
        self.data = data


class DataChanged(Message):
    """Something was stored or deleted; screens showing records reload."""
