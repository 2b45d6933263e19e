"""The database triggers that keep task point years inside their project's period.

A CHECK constraint cannot read another table, so triggers guard both sides: a task point
inserted or moved outside the period, and a project whose period shrinks past its points.
The violation is reported as a constraint failure named taskpoint_year_in_project_period.

On SQLite, a migration that rebuilds construction_task, construction_taskpoint or
construction_constructionproject (adding or altering a column does) must drop these triggers
first and create them again after (see migration 0004), or the rebuild breaks them.
"""

from __future__ import annotations

from typing import Any

from hezuo.core.triggers import run_for_database

SQLITE = [
    """
    CREATE TRIGGER taskpoint_year_in_project_period_insert
    BEFORE INSERT ON construction_taskpoint FOR EACH ROW
    WHEN NOT EXISTS (
        SELECT 1 FROM construction_task t
        JOIN construction_constructionproject p ON p.id = t.project_id
        WHERE t.id = NEW.task_id AND NEW.year BETWEEN p.period_start_year AND p.period_end_year
    )
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: taskpoint_year_in_project_period'); END
    """,
    """
    CREATE TRIGGER taskpoint_year_in_project_period_update
    BEFORE UPDATE OF year, task_id ON construction_taskpoint FOR EACH ROW
    WHEN NOT EXISTS (
        SELECT 1 FROM construction_task t
        JOIN construction_constructionproject p ON p.id = t.project_id
        WHERE t.id = NEW.task_id AND NEW.year BETWEEN p.period_start_year AND p.period_end_year
    )
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: taskpoint_year_in_project_period'); END
    """,
    """
    CREATE TRIGGER taskpoint_year_in_project_period_project
    BEFORE UPDATE OF period_start_year, period_end_year ON construction_constructionproject
    FOR EACH ROW
    WHEN EXISTS (
        SELECT 1 FROM construction_taskpoint tp
        JOIN construction_task t ON t.id = tp.task_id
        WHERE t.project_id = NEW.id
          AND tp.year NOT BETWEEN NEW.period_start_year AND NEW.period_end_year
    )
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: taskpoint_year_in_project_period'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS taskpoint_year_in_project_period_insert",
    "DROP TRIGGER IF EXISTS taskpoint_year_in_project_period_update",
    "DROP TRIGGER IF EXISTS taskpoint_year_in_project_period_project",
]

POSTGRESQL = [
    """
    CREATE FUNCTION taskpoint_year_in_project_period() RETURNS trigger AS $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM construction_task t
            JOIN construction_constructionproject p ON p.id = t.project_id
            WHERE t.id = NEW.task_id
              AND NEW.year BETWEEN p.period_start_year AND p.period_end_year
        ) THEN
            RAISE EXCEPTION 'taskpoint_year_in_project_period'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'taskpoint_year_in_project_period';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER taskpoint_year_in_project_period
    BEFORE INSERT OR UPDATE OF year, task_id ON construction_taskpoint
    FOR EACH ROW EXECUTE FUNCTION taskpoint_year_in_project_period()
    """,
    """
    CREATE FUNCTION project_period_covers_task_points() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM construction_taskpoint tp
            JOIN construction_task t ON t.id = tp.task_id
            WHERE t.project_id = NEW.id
              AND tp.year NOT BETWEEN NEW.period_start_year AND NEW.period_end_year
        ) THEN
            RAISE EXCEPTION 'taskpoint_year_in_project_period'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'taskpoint_year_in_project_period';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER project_period_covers_task_points
    BEFORE UPDATE OF period_start_year, period_end_year ON construction_constructionproject
    FOR EACH ROW EXECUTE FUNCTION project_period_covers_task_points()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS project_period_covers_task_points ON construction_constructionproject",
    "DROP FUNCTION IF EXISTS project_period_covers_task_points()",
    "DROP TRIGGER IF EXISTS taskpoint_year_in_project_period ON construction_taskpoint",
    "DROP FUNCTION IF EXISTS taskpoint_year_in_project_period()",
]


def create_triggers(apps: Any, schema_editor: Any) -> None:
    run_for_database(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    run_for_database(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})
