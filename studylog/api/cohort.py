"""A mentor's cohort from files (``studylog cohort FILE...``, and the app's "Cohort" command): the progress
exports of one list from several people (``studylog res export --with-progress``), read and put side by
side. No database: only the files and today's date.

Each person is named by their file's name without its extension (``ada.md`` is "ada"; a second file of
the same name is "ada (2)"). A file that cannot be read (missing, a folder, a pipe, too big, not text), or
holds no links, or holds no progress marks (a list exported without ``--with-progress``) is left out with
one sentence saying why; the others are still read. When none can be, ``FileRejected`` says so in one
line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable
    from pathlib import Path

    from studylog.reports.cohort import Cohort

MAX_SHOWN_REASONS = 3  # reasons in the one line said when no file could be read


def cohort_files(paths: Iterable[Path]) -> list[Path]:
    """The files ``paths`` stand for: a file itself, a folder every ``.md`` file in it (sorted, subfolders
    left out). ``Unreadable`` (one sentence) for a folder that cannot be listed or holds no ``.md`` file."""
    from studylog.api.imports import is_folder
    from studylog.io.common import Unreadable, shown_path

    found: list[Path] = []
    for path in paths:
        if not is_folder(path):
            found.append(path)
            continue
        try:
            inside = sorted(p for p in path.iterdir() if p.name.lower().endswith(".md") and not is_folder(p))
        except OSError as exc:
            raise Unreadable(f"cannot read the folder {shown_path(path)}: {exc.strerror or exc}") from None
        if not inside:
            raise Unreadable(f"the folder {shown_path(path)} holds no .md files")
        found.extend(inside)
    return found


def cohort(paths: Iterable[Path], today: datetime.date, *, max_size: int | None = None) -> Cohort:
    """The cohort of these files (a folder: its .md files) on ``today``; ``max_size`` reads files bigger
    than a Markdown list's size limit."""
    from studylog.api.imports import read_resource_list
    from studylog.domain.values import Skipped
    from studylog.io.common import FileRejected, Unreadable, shown_path
    from studylog.reports.cohort import PersonList
    from studylog.reports.cohort import cohort as build

    files = cohort_files(paths)
    lists: list[PersonList] = []
    skipped: list[Skipped] = []
    taken: set[str] = set()
    for path in files:
        shown = shown_path(path)
        try:
            parsed = read_resource_list(path, max_size=max_size)
        except FileRejected as exc:
            skipped.append(Skipped(shown, None, str(exc)))
            continue
        if not any(entry.status for entry in parsed.entries):
            skipped.append(Skipped(shown, None, f"{shown_path(path.name)} has no progress marks ([x], [ ]): "
                                                f"not a progress export (res export --with-progress)"))
            continue
        name = _name(path, taken)
        lists.append(PersonList(name, shown, parsed.title, parsed.entries))
    if not lists:
        if not files:
            raise Unreadable("no files were given")
        if len(skipped) == 1:
            raise Unreadable(skipped[0].reason)
        reasons = "; ".join(s.reason for s in skipped[:MAX_SHOWN_REASONS])
        more = f" (and {len(skipped) - MAX_SHOWN_REASONS} more)" if len(skipped) > MAX_SHOWN_REASONS else ""
        raise Unreadable(f"none of the {len(files)} files could be read as a progress export: {reasons}{more}")
    return build(lists, today, skipped=skipped)


def _name(path: Path, taken: set[str]) -> str:
    """The person a file stands for: its name without the extension, made unique."""
    from studylog.io.common import shown_path

    base = shown_path(path.stem or path.name)
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base} ({n})"
    taken.add(name.casefold())
    return name


def markdown(built: Cohort) -> str:
    """The cohort as Markdown (what ``-o`` writes and the app shows)."""
    from studylog.io.cohort_markdown import cohort_markdown

    return cohort_markdown(built)
