"""indexes for records, firsts, resources done and reading

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:40:00.000000

- ``ix_workout_sport_distance_m``, ``ix_workout_sport_duration_s``: whether a workout before a week or a
  year was at least as long (in distance, in time) reads only the longer ones, not every earlier workout.
- ``ix_workout_effort_distance_m_duration_s``: whether an earlier effort over a distance was at least as
  fast, or whether there was one at all (a first), reads only that distance's efforts.
- ``ix_resource_status_done``: the resources done in a week or a year, not every resource ever done.
- ``ix_reading_item_status_finished``, ``ix_reading_item_added``, ``ix_reading_item_started``: what was
  finished in a week or a year, and what was added, started or finished in a week, not every item.
So the records a week or a year set, and the firsts in it, cost the same on 30 years of history as on one.
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_workout_sport_distance_m', 'workout', ['sport', 'distance_m'], unique=False)
    op.create_index('ix_workout_sport_duration_s', 'workout', ['sport', 'duration_s'], unique=False)
    op.create_index('ix_workout_effort_distance_m_duration_s', 'workout_effort', ['distance_m', 'duration_s'],
                    unique=False)
    op.create_index('ix_resource_status_done', 'resource', ['status', 'done'], unique=False)
    op.create_index('ix_reading_item_status_finished', 'reading_item', ['status', 'finished'], unique=False)
    op.create_index('ix_reading_item_added', 'reading_item', ['added'], unique=False)
    op.create_index('ix_reading_item_started', 'reading_item', ['started'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_reading_item_started', table_name='reading_item')
    op.drop_index('ix_reading_item_added', table_name='reading_item')
    op.drop_index('ix_reading_item_status_finished', table_name='reading_item')
    op.drop_index('ix_resource_status_done', table_name='resource')
    op.drop_index('ix_workout_effort_distance_m_duration_s', table_name='workout_effort')
    op.drop_index('ix_workout_sport_duration_s', table_name='workout')
    op.drop_index('ix_workout_sport_distance_m', table_name='workout')
