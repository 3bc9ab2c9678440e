"""What a workflow refuses, as exceptions both front ends catch (the shell says them in one line, the
app in a message): the sentence to show is the exception's first argument."""

from __future__ import annotations

from typing import Any


class NotFound(LookupError):
    """No record with that id (or title)."""


class Ambiguous(LookupError):
    """A name that matches several records; ``matches`` lists them so the person can pick one by id."""

    def __init__(self, ref: str, matches: list[Any], noun: str = "items") -> None:
        super().__init__(f"{len(matches)} {noun} match {ref!r}; use an id")
        self.matches = matches


class Duplicate(ValueError):
    """The same record (an active goal, a reading item) is already there."""


class UnknownList(LookupError):
    """No resource list of that name, or no resources under a topic asked for."""


class TransferError(ValueError):
    """An export that cannot be written or a file that cannot be restored, in one sentence."""


class NotEmpty(TransferError):
    """An export restored into a database that already holds records."""


class BadStoredValue(ValueError):
    """A value in the database no studylog stores (a day that is not a date): a file edited by hand. Said in
    one line, naming it (db check lists every one), never a traceback."""
