"""The registry of kinds (studylog/domain/kinds.py) is the one list: the database, export json, search,
the store and the app's screens all follow it."""

from __future__ import annotations

import importlib
import inspect

from sqlmodel import SQLModel

import studylog.domain.models  # noqa: F401  (the SQLModel tables)
from studylog.domain import kinds
from studylog.services import search, transfer


def test_the_registry_lists_every_table_of_the_models_and_export_json_follows_it():
    assert [t.name for t in kinds.TABLES] == list(transfer.TABLES)
    assert {t.name for t in kinds.TABLES} == set(SQLModel.metadata.tables)
    assert len(kinds.TABLE) == len(kinds.TABLES)


def test_every_column_reaches_its_value_type_or_is_said_to_be_internal():
    for table in kinds.TABLES:
        if table.value is None:
            continue
        columns = [c.name for c in SQLModel.metadata.tables[table.name].columns]
        fields = table.value._fields
        assert [c for c in columns if c not in fields and c not in table.internal] == [], table.name
        assert [f for f in fields if f not in columns and f not in table.joined] == [], table.name  # (no field
        # the table lacks, but what is read with the row from another table)
        assert not set(table.joined) & set(columns), table.name
        assert set(table.internal) <= set(columns), table.name


def test_each_kind_has_its_table_its_service_and_its_screen():
    for kind in kinds.KINDS:
        assert kinds.TABLE[kind.table].value is kind.value
        assert kind.screen in kinds.SCREEN
        service = importlib.import_module(kind.service)
        for name in ("add", "get", "update", "delete", "restore"):
            assert callable(getattr(service, name, None)), f"{kind.service}.{name}"
        for name in ("add", "update"):  # the store calls them alike for every kind
            parameters = inspect.signature(getattr(service, name)).parameters
            assert {"now", "today"} <= set(parameters), f"{kind.service}.{name}"
    assert tuple(kind.name for kind in kinds.KINDS if kind.searched) == search.KINDS


def test_kind_of_knows_new_and_stored_records_and_nothing_else():
    from datetime import date

    from studylog.domain.values import Goal, NewWriting

    assert kinds.kind_of(NewWriting(day=date(2026, 11, 24), words=10)).name == "writing"
    try:
        kinds.kind_of(Goal.__new__(Goal, *([None] * len(Goal._fields))))
    except KeyError:
        pass
    else:
        raise AssertionError("a goal is no kind of record the store adds")


def test_the_apps_screens_keys_nav_bar_palette_and_search_titles_come_from_the_registry(tmp_path):
    from textual.binding import Binding

    from studylog.tui.app import StudylogApp, screen_class
    from studylog.tui.screens.search import KIND_TITLES
    from studylog.tui.widgets.navbar import SCREENS as NAV

    assert list(StudylogApp.MODES) == [s.mode for s in kinds.SCREENS]
    keys = {b.key: b.action for b in StudylogApp.BINDINGS if isinstance(b, Binding) and b.key.isdigit()}
    assert keys == {s.key: f"switch_mode('{s.mode}')" for s in kinds.SCREENS}
    assert tuple((s.key, s.mode, s.title) for s in kinds.SCREENS) == NAV
    assert {k.name: kinds.SCREEN[k.screen].title for k in kinds.SEARCHED} == KIND_TITLES
    for screen in kinds.SCREENS:
        assert screen_class(screen.mode).__name__ == screen.cls
