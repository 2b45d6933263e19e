"""The database triggers that mark an activity's month stale when whether it has approved
evidence may have changed: the participation tallies keep that (``activities.tallies``), for the
review warning about records without approved evidence.

An evidence item linked to an activity or unlinked from it (or a link changed in place), and an
evidence item whose review status changes to or from approved, mark the months of the
activities concerned. They use the activities app's marking (``activities.triggers``): on
PostgreSQL its ``tally_mark`` function, on SQLite the same INSERT.

On SQLite, a migration that rebuilds evidence_evidence or evidence_evidence_activities must
drop these triggers first and create them again after; a test checks that each exists.
"""

from __future__ import annotations

from typing import Any

from hezuo.activities.triggers import ACTIVITY, sqlite_activity_of, sqlite_mark
from hezuo.core.review import ReviewStatus
from hezuo.core.triggers import run_for_database

EVIDENCE = "evidence_evidence"
LINKS = "evidence_evidence_activities"
APPROVED = ReviewStatus.APPROVED.value

TRIGGER_NAMES = (
    "tally_evidence_link_insert",
    "tally_evidence_link_update",
    "tally_evidence_link_delete",
    "tally_evidence_review",
)
# The review status changed to or from approved.
REVIEW_CHANGED = (
    f"(OLD.review_status = '{APPROVED}') {{differs}} (NEW.review_status = '{APPROVED}')"
)


def _activities_of(evidence: str) -> str:
    return (
        f"SELECT a.school_id AS school_id, a.start_on AS day FROM {LINKS} ea"
        f" JOIN {ACTIVITY} a ON a.id = ea.activity_id WHERE ea.evidence_id = {evidence}.id"
    )


SQLITE = [
    f"""
    CREATE TRIGGER tally_evidence_link_insert AFTER INSERT ON {LINKS} FOR EACH ROW
    BEGIN {sqlite_mark(sqlite_activity_of("NEW"))} END
    """,
    f"""
    CREATE TRIGGER tally_evidence_link_update AFTER UPDATE ON {LINKS} FOR EACH ROW
    BEGIN {sqlite_mark(f"{sqlite_activity_of('OLD')} UNION {sqlite_activity_of('NEW')}")} END
    """,
    f"""
    CREATE TRIGGER tally_evidence_link_delete AFTER DELETE ON {LINKS} FOR EACH ROW
    BEGIN {sqlite_mark(sqlite_activity_of("OLD"))} END
    """,
    f"""
    CREATE TRIGGER tally_evidence_review AFTER UPDATE ON {EVIDENCE} FOR EACH ROW
    WHEN {REVIEW_CHANGED.format(differs="IS NOT")}
    BEGIN {sqlite_mark(_activities_of("NEW"))} END
    """,
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGER_NAMES]

POSTGRESQL = [
    f"""
    CREATE FUNCTION tally_evidence_link_changed() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM tally_mark(a.school_id, a.start_on) FROM {ACTIVITY} a
            WHERE a.id = OLD.activity_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM tally_mark(a.school_id, a.start_on) FROM {ACTIVITY} a
            WHERE a.id = NEW.activity_id;
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE FUNCTION tally_evidence_reviewed() RETURNS trigger AS $$
    BEGIN
        PERFORM tally_mark(months.school_id, months.day) FROM ({_activities_of("NEW")}) AS months;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER tally_evidence_link_insert AFTER INSERT ON {LINKS}
    FOR EACH ROW EXECUTE FUNCTION tally_evidence_link_changed()
    """,
    f"""
    CREATE TRIGGER tally_evidence_link_update AFTER UPDATE ON {LINKS}
    FOR EACH ROW EXECUTE FUNCTION tally_evidence_link_changed()
    """,
    f"""
    CREATE TRIGGER tally_evidence_link_delete AFTER DELETE ON {LINKS}
    FOR EACH ROW EXECUTE FUNCTION tally_evidence_link_changed()
    """,
    f"""
    CREATE TRIGGER tally_evidence_review AFTER UPDATE ON {EVIDENCE} FOR EACH ROW
    WHEN ({REVIEW_CHANGED.format(differs="IS DISTINCT FROM")})
    EXECUTE FUNCTION tally_evidence_reviewed()
    """,
]
POSTGRESQL_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {table}"
        for name, table in zip(TRIGGER_NAMES, (LINKS,) * 3 + (EVIDENCE,), strict=True)
    ),
    "DROP FUNCTION IF EXISTS tally_evidence_reviewed()",
    "DROP FUNCTION IF EXISTS tally_evidence_link_changed()",
]


def create_triggers(apps: Any, schema_editor: Any) -> None:
    run_for_database(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    run_for_database(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})
