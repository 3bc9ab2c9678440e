"""writing runs kept by triggers; an index on the day resources were added

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:30:00.000000

- ``writing_run``: every run of consecutive days covered by writing (an entry of more than 0 words) or a
  skipped writing day (a ``skip_day`` of the habit 'write'), with the days written in it and its first and
  last day written. Triggers on ``writing_entry`` and ``skip_day`` keep it: a change to a day recomputes the
  runs that touch that day and the days beside it, from the entries and skipped days between their ends (so
  a change costs the length of the runs it touches, not the length of the history). The longest writing
  streak is then one index lookup (``ix_writing_run_days``) instead of a read of every day ever written.
  ``writing_run_change`` is the triggers' scratch row (the span being recomputed), empty between statements.
  Rows whose day is not a date (a database edited by hand: '2026-13-45', a day with a time) are left out of
  the runs, and a change to one leaves the runs as they are. (A row replaced by INSERT OR REPLACE, which
  studylog never does, fires no delete trigger unless recursive_triggers is on: db check then says the
  runs are out of step, and db reindex makes them again.)
- ``ix_resource_added``: the newest resources (by the day they were added) are read through an index, so a
  search for a common word walks them newest first instead of sorting every resource.
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The covered days between the scratch row's ends, one row a day (written: 1 if any entry of more than 0
# words), and their runs: consecutive days share julianday(day) - their row number.
_RECOMPUTE = (
    "INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) "
    "SELECT min(day), max(day), sum(written), min(CASE WHEN written THEN day END), "
    "max(CASE WHEN written THEN day END) FROM ("
    "SELECT day, max(written) AS written, julianday(day) - row_number() OVER (ORDER BY day) AS run FROM ("
    "SELECT day, 1 AS written FROM writing_entry WHERE day BETWEEN (SELECT lo FROM writing_run_change) "
    "AND (SELECT hi FROM writing_run_change) AND words > 0 AND date(day) IS day "
    "UNION ALL SELECT day, 0 FROM skip_day WHERE habit = 'write' AND day BETWEEN "
    "(SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND date(day) IS day"
    ") GROUP BY day) GROUP BY run;"
)


def _around(day: str) -> str:
    """The statements that recompute the runs touching ``day`` (an expression: NEW.day, OLD.day) or the days
    beside it: from the first day of the earliest of them to the last day of the latest (no run can then
    reach past either end). Nothing happens for a day that is not a date (nor for a day with a time, which
    SQLite's date() would still move by a day). The scratch row is emptied first: a row left there by hand
    would make the span wrong."""
    # (the day itself where there is no day beyond it: 9999-12-31 has no day after)
    before, after = f"coalesce(date({day}, '-1 day'), {day})", f"coalesce(date({day}, '+1 day'), {day})"
    touching = f"FROM writing_run WHERE first_day <= {after} AND last_day >= {before} AND date({day}) IS {day}"
    return (
        "DELETE FROM writing_run_change; "
        f"INSERT INTO writing_run_change (lo, hi) SELECT min(coalesce(min(first_day), {day}), {day}), "
        f"max(coalesce(max(last_day), {day}), {day}) {touching} HAVING date({day}) IS {day}; "
        f"DELETE {touching}; "
        f"{_RECOMPUTE} "
        "DELETE FROM writing_run_change;"
    )


def _cover(day: str, written: str) -> str:
    """The statements that add a day to the runs (``day``: NEW.day, its written: 1 for an entry of more than 0
    words, 0 for a skipped day) without reading the history: the day written counts in the run holding it if
    it was covered and not written yet; a day not covered starts a run, which then joins the run ending the day
    before and the run starting the day after. (An insert is the everyday change: a day written, a day
    skipped, an import; each costs a few index lookups.)"""
    before, after = f"date({day}, '-1 day')", f"date({day}, '+1 day')"  # (NULL beyond the calendar: no merge)
    holding = f"first_day <= {day} AND last_day >= {day} AND date({day}) IS {day}"
    first_written = day if written == "1" else "NULL"  # (and last: a run of one day)
    counted = (  # (a day written that was covered by a skip, not yet by an entry: counted in its run)
        f"UPDATE writing_run SET days = days + 1, first_written = min(coalesce(first_written, {day}), {day}), "
        f"last_written = max(coalesce(last_written, {day}), {day}) WHERE {holding} AND NOT EXISTS "
        f"(SELECT 1 FROM writing_entry WHERE day = {day} AND words > 0 AND id IS NOT NEW.id); "
    )
    return (counted if written == "1" else "") + (
        # not covered: a run of its own, joined to the run starting the day after, then to the one before
        f"INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) "
        f"SELECT {day}, {day}, {written}, {first_written}, {first_written} "
        f"WHERE date({day}) IS {day} AND NOT EXISTS (SELECT 1 FROM writing_run WHERE {holding}); "
        f"UPDATE writing_run SET (last_day, days, first_written, last_written) = (SELECT n.last_day, "
        f"writing_run.days + n.days, coalesce(writing_run.first_written, n.first_written), "
        f"coalesce(n.last_written, writing_run.last_written) FROM writing_run AS n WHERE n.first_day = {after}) "
        f"WHERE first_day = {day} AND EXISTS (SELECT 1 FROM writing_run AS n WHERE n.first_day = {after}); "
        f"DELETE FROM writing_run WHERE first_day = {after} AND EXISTS "
        f"(SELECT 1 FROM writing_run AS j WHERE j.first_day = {day} AND j.last_day >= {after}); "
        f"UPDATE writing_run SET (last_day, days, first_written, last_written) = (SELECT n.last_day, "
        f"writing_run.days + n.days, coalesce(writing_run.first_written, n.first_written), "
        f"coalesce(n.last_written, writing_run.last_written) FROM writing_run AS n WHERE n.first_day = {day}) "
        f"WHERE last_day = {before} AND EXISTS (SELECT 1 FROM writing_run AS n WHERE n.first_day = {day}); "
        f"DELETE FROM writing_run WHERE first_day = {day} AND EXISTS "
        f"(SELECT 1 FROM writing_run AS j WHERE j.first_day < {day} AND j.last_day >= {day});"
    )


TRIGGERS = {
    "writing_entry_runs_insert": f"AFTER INSERT ON writing_entry WHEN NEW.words > 0 BEGIN {_cover('NEW.day', '1')} END",
    "writing_entry_runs_delete": f"AFTER DELETE ON writing_entry WHEN OLD.words > 0 BEGIN {_around('OLD.day')} END",
    "writing_entry_runs_update": (
        "AFTER UPDATE OF day, words ON writing_entry WHEN (OLD.words > 0 OR NEW.words > 0) AND "
        "(OLD.day IS NOT NEW.day OR (OLD.words > 0) IS NOT (NEW.words > 0)) "
        f"BEGIN {_around('OLD.day')} {_around('NEW.day')} END"
    ),
    "skip_day_runs_insert": f"AFTER INSERT ON skip_day WHEN NEW.habit = 'write' BEGIN {_cover('NEW.day', '0')} END",
    "skip_day_runs_delete": f"AFTER DELETE ON skip_day WHEN OLD.habit = 'write' BEGIN {_around('OLD.day')} END",
    "skip_day_runs_update": (
        "AFTER UPDATE OF habit, day ON skip_day WHEN OLD.habit = 'write' OR NEW.habit = 'write' "
        f"BEGIN {_around('OLD.day')} {_around('NEW.day')} END"
    ),
}


def upgrade() -> None:
    op.execute(
        "CREATE TABLE writing_run (first_day DATE NOT NULL PRIMARY KEY, last_day DATE NOT NULL, "
        "days INTEGER NOT NULL, first_written DATE, last_written DATE)"
    )
    op.create_index('ix_writing_run_last_day', 'writing_run', ['last_day'], unique=False)
    op.create_index('ix_writing_run_days', 'writing_run', ['days', 'last_day'], unique=False)
    op.execute("CREATE TABLE writing_run_change (lo DATE NOT NULL, hi DATE NOT NULL)")
    for name, body in TRIGGERS.items():
        table = "writing_entry" if name.startswith("writing") else "skip_day"
        assert f" ON {table} " in body
        op.execute(f"CREATE TRIGGER {name} {body}")
    # the runs of the history already written: all of it, once
    op.execute("INSERT INTO writing_run_change (lo, hi) VALUES ('0000-01-01', '9999-12-31')")
    op.execute(_RECOMPUTE)
    op.execute("DELETE FROM writing_run_change")
    op.create_index('ix_resource_added', 'resource', ['added'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_resource_added', table_name='resource')
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE writing_run_change")
    op.drop_index('ix_writing_run_days', table_name='writing_run')
    op.drop_index('ix_writing_run_last_day', table_name='writing_run')
    op.execute("DROP TABLE writing_run")
