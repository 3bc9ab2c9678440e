"""Edit and undo change nothing else (issue 11, point 5): an unchanged save writes nothing, undo brings
back the same record (id, tags, list memberships, track efforts), and edit messages name fields as
people see them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from studylog.api import records
from studylog.api import resources as api_resources
from studylog.api.admin import Session
from studylog.domain.values import Effort, NewReading, NewResource, NewWorkout, NewWriting
from studylog.io.markdown_list import parse_markdown_list, render_markdown_list
from studylog.services import reading, resources, search, workouts, writing

TODAY = date(2026, 11, 24)
LATER = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)  # a second "now", after the fixtures' clock.now()

LIST = """\
# GPU reading group

Curated by Ada

## CUDA

- [An Even Easier Introduction to CUDA](https://developer.nvidia.com/blog/even-easier-introduction-cuda) — start here
- [CUDA guide](https://docs.nvidia.com/cuda/cuda-c-programming-guide)

## Performance

### Attention

- [FlashAttention](https://arxiv.org/abs/2205.14135) — IO-aware exact attention

## CUDA

- [How to Optimize a CUDA Matmul Kernel](https://siboehm.com/articles/22/CUDA-MMM)
"""

OTHER_LIST = """\
# Attention papers

## Papers

- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
- [FlashAttention](https://arxiv.org/abs/2205.14135)
"""


def _import(conn, clock, text: str, name: str):
    parsed = parse_markdown_list(text.encode(), name)
    return resources.import_list(conn, parsed, file=name, name=parsed.title, curator=None, now=clock.now(),
                                 today=TODAY)


def _export(conn, name: str) -> str:
    return render_markdown_list(resources.export_doc(conn, list_names=[name], today=TODAY))


def _rows(conn, sql: str, *params) -> list[tuple]:
    return [tuple(r) for r in conn.execute(sql, params)]


def _found(conn, query: str) -> set[tuple[str, int]]:
    return {(hit.kind, hit.ref) for hit in search.search(conn, query)}


def _track_run(conn, clock):
    """A GPX half marathon: best efforts from its track, and whole-workout ones beyond them."""
    track = (Effort(1000, 301.0), Effort(5000, 1702.5), Effort(10000, 3555.0))
    return workouts.add(conn, NewWorkout(sport="run", day=TODAY - timedelta(days=2), distance_m=21097.5,
                                         duration_s=7725.4, start_time=time(8, 5, 12), avg_hr=151,
                                         elevation_gain_m=84.0, title="Half marathon zebra", note="windy",
                                         tags=("race", "half"), source="gpx", source_id="run-7"),
                        now=clock.now(), efforts=track)


# ------------------------------------------------------------------------------------- undo (services)

def test_a_restored_writing_entry_is_the_same_entry_and_found_again(conn, clock):
    writing.add(conn, NewWriting(day=TODAY, words=10, title="before"), now=clock.now())
    entry = writing.add(conn, NewWriting(day=TODAY - timedelta(days=1), words=650, title="Zebra essay",
                                         note="stripes", tags=("essay", "ml"), challenge="30-day essays",
                                         url="https://example.org/essay"), now=clock.now())
    writing.add(conn, NewWriting(day=TODAY, words=20, title="after"), now=clock.now())
    deleted = writing.delete(conn, entry.id)
    assert _found(conn, "zebra") == set()
    restored = writing.restore(conn, deleted)
    assert restored == entry  # the same id, tags, timestamps: the same record
    assert writing.get(conn, entry.id) == entry
    assert _found(conn, "zebra") == {("writing", entry.id)}


def test_a_restored_reading_item_is_the_same_item(conn, clock):
    item = reading.add(conn, NewReading(title="Zebra Stripes", authors=("A. Author",), status="finished",
                                        finished=TODAY, rating=4.5, review="good", tags=("biology",)),
                       now=clock.now(), today=TODAY)
    reading.add(conn, NewReading(title="Later"), now=clock.now(), today=TODAY)
    deleted = reading.delete(conn, item.id)
    restored = reading.restore(conn, deleted)
    assert restored == item and reading.get(conn, item.id) == item
    assert _found(conn, "zebra") == {("reading", item.id)}


def test_a_restored_workout_keeps_its_id_and_its_track_best_efforts(conn, clock):
    run = _track_run(conn, clock)
    workouts.add(conn, NewWorkout(sport="run", day=TODAY, distance_m=5000, duration_s=1800), now=clock.now())
    efforts_sql = ("SELECT distance_m, duration_s, from_track FROM workout_effort WHERE workout_id = ? "
                   "ORDER BY distance_m")
    efforts = _rows(conn, efforts_sql, run.id)
    assert any(from_track for _, _, from_track in efforts) and any(not t for _, _, t in efforts)
    records = workouts.records(conn, "run")
    deleted = workouts.delete(conn, run.id)
    assert _rows(conn, efforts_sql, run.id) == []
    restored = workouts.restore(conn, deleted)
    assert restored == run and workouts.get(conn, run.id) == run
    assert _rows(conn, efforts_sql, run.id) == efforts  # the track's efforts too, not only whole-workout ones
    assert workouts.records(conn, "run") == records
    assert _found(conn, "zebra") == {("workout", run.id)}


def test_a_restored_resource_is_back_in_its_lists_at_its_place_and_section(conn, clock):
    _import(conn, clock, LIST, "gpus.md")
    _import(conn, clock, OTHER_LIST, "attention.md")
    before = {name: _export(conn, name) for name in ("GPU reading group", "Attention papers")}
    [flash] = [r for r in resources.list_resources(conn) if r.url == "https://arxiv.org/abs/2205.14135"]
    flash = resources.set_status(conn, flash.id, "done", now=clock.now(), today=TODAY - timedelta(days=3))
    members_sql = "SELECT id, list_id, position, section FROM resource_list_item WHERE resource_id = ? ORDER BY id"
    memberships = _rows(conn, members_sql, flash.id)
    assert len(memberships) == 2
    deleted = resources.delete(conn, flash.id)
    assert _rows(conn, members_sql, flash.id) == []
    assert "FlashAttention" not in _export(conn, "GPU reading group")
    restored = resources.restore(conn, deleted)
    assert restored == flash and resources.get(conn, flash.id) == flash  # same id, status and done day
    assert _rows(conn, members_sql, flash.id) == memberships
    assert {name: _export(conn, name) for name in before} == before  # byte for byte
    assert ("resource", flash.id) in _found(conn, "flashattention")


def test_restoring_what_is_back_already_is_refused_and_changes_nothing(conn, clock):
    entry = writing.add(conn, NewWriting(day=TODAY, words=5), now=clock.now())
    deleted = writing.delete(conn, entry.id)
    writing.restore(conn, deleted)
    with pytest.raises(ValueError, match="already"):
        writing.restore(conn, deleted)
    assert writing.list_entries(conn) == [entry]


def test_what_a_delete_took_comes_back_with_undo(db_path, clock):
    store = Session(db_path, clock)
    with store.connection() as conn:
        run = _track_run(conn, clock)
        _import(conn, clock, LIST, "gpus.md")
        efforts = _rows(conn, "SELECT * FROM workout_effort WHERE workout_id = ? ORDER BY distance_m", run.id)
        exported = _export(conn, "GPU reading group")
    [flash] = [r for r in api_resources.resources(store) if "2205.14135" in r.url]
    deleted_run, deleted_flash = records.delete(store, run), records.delete(store, flash)
    # what a front end holds is what the delete gave back: the record, and what went with it
    assert records.restore(store, deleted_flash) == flash
    assert records.restore(store, deleted_run) == run
    with store.connection() as conn:
        assert _rows(conn, "SELECT * FROM workout_effort WHERE workout_id = ? ORDER BY distance_m",
                     run.id) == efforts
        assert _export(conn, "GPU reading group") == exported


# ------------------------------------------------------------------------------- unchanged edits

def test_an_update_to_the_stored_values_writes_nothing(conn, clock):
    entry = writing.add(conn, NewWriting(day=TODAY, words=650, title="Same", tags=("a",)), now=clock.now())
    assert writing.update(conn, entry.id, {"words": 650, "title": "Same", "tags": ("a",)}, now=LATER) == entry
    assert writing.update(conn, entry.id, {"words": 651}, now=LATER).updated_at == LATER

    item = reading.add(conn, NewReading(title="Dune", pages=412), now=clock.now(), today=TODAY)
    assert reading.update(conn, item.id, {"title": "Dune", "pages": 412}, now=LATER) == item

    resource, _ = resources.add(conn, NewResource(url="https://example.org/a", title="A", topic="T/U"),
                                now=clock.now(), today=TODAY)
    same = {"url": resource.url, "title": "A", "topic": "T/U", "kind": resource.kind, "status": "new"}
    assert resources.update(conn, resource.id, same, now=LATER, today=TODAY) == resource


def test_a_workout_update_to_the_stored_values_writes_nothing(conn, clock):
    run = _track_run(conn, clock)
    same = {"distance_m": 21097.5, "duration_s": 7725.4, "title": "Half marathon zebra"}
    assert workouts.update(conn, run.id, same, now=LATER) == run


# ------------------------------------------------------------------------------------ edit messages

def test_edit_messages_name_fields_as_people_see_them(cli):
    assert cli("log", "run", "5k", "28:30").status == 0
    result = cli("edit", "workout", "1", "--distance", "6k", "--date", "yesterday")
    assert result.status == 0, result.err
    assert result.out.rstrip().endswith("(changed: date, distance)")
    result = cli("edit", "workout", "1", "--duration", "31:00", "--hr", "150", "--elevation", "40m")
    assert result.out.rstrip().endswith("(changed: time, elevation gain, heart rate)")
    assert cli("edit", "workout", "1", "--distance", "6k").out.rstrip().endswith("(nothing changed)")

    assert cli("log", "write", "a note", "--words", "300").status == 0
    result = cli("edit", "writing", "1", "--words", "650", "--url", "https://example.org", "--tag", "essay")
    assert result.out.rstrip().endswith("(changed: words, tags, link)")


def test_the_shell_edit_message_uses_one_mapping_for_every_field():
    from studylog.cli.entries import FIELD_NAMES
    from studylog.domain.values import Workout, WritingEntry

    for record in (Workout, WritingEntry):
        for name in record._fields:
            if name not in ("id", "created_at", "updated_at"):
                assert "_" not in FIELD_NAMES.get(name, name), name
