"""The database triggers that mark a school's month stale when its tallies may have changed.

Every write that can change what a month's tallies sum marks that month (``StaleMonth``),
whatever wrote it — a service, an import's batched inserts, the admin, a repair in SQL:
an activity inserted or deleted, or changed in what tallies or its likeness look at (school,
start, end, type, direction, mode, estimate, cancelled — a title or a summary changes
nothing); a participation row inserted, deleted or changed; a partner linked to or unlinked
from an activity (or a link changed in place, as a repair in SQL might); a partner whose
region category or type changes (every month with an activity of that partner).

A mark is added only if the month is not marked already: on SQLite, whose writers take turns,
any mark will do; on PostgreSQL only a mark of the same transaction (``xact``), because a
refresh may be counting the month while this transaction writes, and its own mark must
outlive that refresh.

On SQLite, a migration that rebuilds activities_activity, activities_participation,
activities_activity_partners or partners_partner (adding or altering a column does) must drop
these triggers first and create them again after, or the rebuild breaks them; a test checks
that every one of them exists.
"""

from __future__ import annotations

from typing import Any

from hezuo.core.triggers import run_for_database

STALE = "activities_stalemonth"
ACTIVITY = "activities_activity"
PARTICIPATION = "activities_participation"
LINKS = "activities_activity_partners"
PARTNER = "partners_partner"

# What a tally looks at in an activity and in a participation row.
ACTIVITY_COLUMNS = (
    "school_id",
    "start_on",
    "end_on",
    "activity_type",
    "direction",
    "mode",
    "is_estimate",
    "is_cancelled",
)
PARTICIPATION_COLUMNS = ("activity_id", "person_category", "role", "headcount", "days", "hours")
PARTNER_COLUMNS = ("region_category", "org_type")

TRIGGER_NAMES = (
    "tally_activity_insert",
    "tally_activity_update",
    "tally_activity_delete",
    "tally_participation_insert",
    "tally_participation_update",
    "tally_participation_delete",
    "tally_partner_link_insert",
    "tally_partner_link_update",
    "tally_partner_link_delete",
    "tally_partner_update",
)


def _changed(columns: tuple[str, ...], *, distinct: str) -> str:
    return " OR ".join(f"OLD.{column} {distinct} NEW.{column}" for column in columns)


# SQLite: `rows` is a SELECT of (school_id, day) pairs.
def sqlite_mark(rows: str) -> str:
    return f"""
        INSERT INTO {STALE} (school_id, month)
        SELECT DISTINCT school_id, date(day, 'start of month') FROM ({rows}) AS marked
        WHERE NOT EXISTS (
            SELECT 1 FROM {STALE} s
            WHERE s.school_id = marked.school_id AND s.month = date(marked.day, 'start of month')
        );"""


def sqlite_activity_of(row: str) -> str:
    return f"SELECT school_id, start_on AS day FROM {ACTIVITY} WHERE id = {row}.activity_id"


SQLITE = [
    f"""
    CREATE TRIGGER tally_activity_insert AFTER INSERT ON {ACTIVITY} FOR EACH ROW
    BEGIN {sqlite_mark("SELECT NEW.school_id AS school_id, NEW.start_on AS day")} END
    """,
    f"""
    CREATE TRIGGER tally_activity_update AFTER UPDATE ON {ACTIVITY} FOR EACH ROW
    WHEN {_changed(ACTIVITY_COLUMNS, distinct="IS NOT")}
    BEGIN {
        sqlite_mark(
            "SELECT OLD.school_id AS school_id, OLD.start_on AS day"
            " UNION SELECT NEW.school_id, NEW.start_on"
        )
    } END
    """,
    f"""
    CREATE TRIGGER tally_activity_delete AFTER DELETE ON {ACTIVITY} FOR EACH ROW
    BEGIN {sqlite_mark("SELECT OLD.school_id AS school_id, OLD.start_on AS day")} END
    """,
    f"""
    CREATE TRIGGER tally_participation_insert AFTER INSERT ON {PARTICIPATION} FOR EACH ROW
    BEGIN {sqlite_mark(sqlite_activity_of("NEW"))} END
    """,
    f"""
    CREATE TRIGGER tally_participation_update AFTER UPDATE ON {PARTICIPATION} FOR EACH ROW
    WHEN {_changed(PARTICIPATION_COLUMNS, distinct="IS NOT")}
    BEGIN {sqlite_mark(f"{sqlite_activity_of('OLD')} UNION {sqlite_activity_of('NEW')}")} END
    """,
    f"""
    CREATE TRIGGER tally_participation_delete AFTER DELETE ON {PARTICIPATION} FOR EACH ROW
    BEGIN {sqlite_mark(sqlite_activity_of("OLD"))} END
    """,
    f"""
    CREATE TRIGGER tally_partner_link_insert AFTER INSERT ON {LINKS} FOR EACH ROW
    BEGIN {sqlite_mark(sqlite_activity_of("NEW"))} END
    """,
    f"""
    CREATE TRIGGER tally_partner_link_update AFTER UPDATE ON {LINKS} FOR EACH ROW
    BEGIN {sqlite_mark(f"{sqlite_activity_of('OLD')} UNION {sqlite_activity_of('NEW')}")} END
    """,
    f"""
    CREATE TRIGGER tally_partner_link_delete AFTER DELETE ON {LINKS} FOR EACH ROW
    BEGIN {sqlite_mark(sqlite_activity_of("OLD"))} END
    """,
    f"""
    CREATE TRIGGER tally_partner_update AFTER UPDATE ON {PARTNER} FOR EACH ROW
    WHEN {_changed(PARTNER_COLUMNS, distinct="IS NOT")}
    BEGIN {
        sqlite_mark(
            f"SELECT a.school_id AS school_id, a.start_on AS day FROM {LINKS} ap"
            f" JOIN {ACTIVITY} a ON a.id = ap.activity_id WHERE ap.partner_id = NEW.id"
        )
    } END
    """,
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGER_NAMES]


POSTGRESQL = [
    f"""
    CREATE FUNCTION tally_mark(school bigint, day date) RETURNS void AS $$
        INSERT INTO {STALE} (school_id, month, xact)
        SELECT school, CAST(date_trunc('month', day) AS date), txid_current()
        WHERE NOT EXISTS (
            SELECT 1 FROM {STALE} s
            WHERE s.school_id = school AND s.month = CAST(date_trunc('month', day) AS date)
              AND s.xact = txid_current()
        )
    $$ LANGUAGE sql
    """,
    """
    CREATE FUNCTION tally_activity_changed() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM tally_mark(OLD.school_id, OLD.start_on);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM tally_mark(NEW.school_id, NEW.start_on);
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE FUNCTION tally_activity_row_changed() RETURNS trigger AS $$
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
    CREATE FUNCTION tally_partner_changed() RETURNS trigger AS $$
    BEGIN
        PERFORM tally_mark(months.school_id, months.month) FROM (
            SELECT DISTINCT a.school_id, CAST(date_trunc('month', a.start_on) AS date) AS month
            FROM {LINKS} ap JOIN {ACTIVITY} a ON a.id = ap.activity_id
            WHERE ap.partner_id = NEW.id
        ) AS months;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER tally_activity_insert AFTER INSERT ON {ACTIVITY}
    FOR EACH ROW EXECUTE FUNCTION tally_activity_changed()
    """,
    f"""
    CREATE TRIGGER tally_activity_update AFTER UPDATE ON {ACTIVITY} FOR EACH ROW
    WHEN ({_changed(ACTIVITY_COLUMNS, distinct="IS DISTINCT FROM")})
    EXECUTE FUNCTION tally_activity_changed()
    """,
    f"""
    CREATE TRIGGER tally_activity_delete AFTER DELETE ON {ACTIVITY}
    FOR EACH ROW EXECUTE FUNCTION tally_activity_changed()
    """,
    f"""
    CREATE TRIGGER tally_participation_insert AFTER INSERT ON {PARTICIPATION}
    FOR EACH ROW EXECUTE FUNCTION tally_activity_row_changed()
    """,
    f"""
    CREATE TRIGGER tally_participation_update AFTER UPDATE ON {PARTICIPATION} FOR EACH ROW
    WHEN ({_changed(PARTICIPATION_COLUMNS, distinct="IS DISTINCT FROM")})
    EXECUTE FUNCTION tally_activity_row_changed()
    """,
    f"""
    CREATE TRIGGER tally_participation_delete AFTER DELETE ON {PARTICIPATION}
    FOR EACH ROW EXECUTE FUNCTION tally_activity_row_changed()
    """,
    f"""
    CREATE TRIGGER tally_partner_link_insert AFTER INSERT ON {LINKS}
    FOR EACH ROW EXECUTE FUNCTION tally_activity_row_changed()
    """,
    f"""
    CREATE TRIGGER tally_partner_link_update AFTER UPDATE ON {LINKS}
    FOR EACH ROW EXECUTE FUNCTION tally_activity_row_changed()
    """,
    f"""
    CREATE TRIGGER tally_partner_link_delete AFTER DELETE ON {LINKS}
    FOR EACH ROW EXECUTE FUNCTION tally_activity_row_changed()
    """,
    f"""
    CREATE TRIGGER tally_partner_update AFTER UPDATE ON {PARTNER} FOR EACH ROW
    WHEN ({_changed(PARTNER_COLUMNS, distinct="IS DISTINCT FROM")})
    EXECUTE FUNCTION tally_partner_changed()
    """,
]
POSTGRESQL_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {table}"
        for name, table in zip(
            TRIGGER_NAMES,
            (ACTIVITY,) * 3 + (PARTICIPATION,) * 3 + (LINKS,) * 3 + (PARTNER,),
            strict=True,
        )
    ),
    "DROP FUNCTION IF EXISTS tally_partner_changed()",
    "DROP FUNCTION IF EXISTS tally_activity_row_changed()",
    "DROP FUNCTION IF EXISTS tally_activity_changed()",
    "DROP FUNCTION IF EXISTS tally_mark(bigint, date)",
]

# Every month with an activity is stale when the tallies are first made.
MARK_EVERY_MONTH = {
    "sqlite": f"""
        INSERT INTO {STALE} (school_id, month)
        SELECT DISTINCT school_id, date(start_on, 'start of month') FROM {ACTIVITY}
    """,
    "postgresql": f"""
        INSERT INTO {STALE} (school_id, month)
        SELECT DISTINCT school_id, CAST(date_trunc('month', start_on) AS date) FROM {ACTIVITY}
    """,
}


def create_triggers(apps: Any, schema_editor: Any) -> None:
    run_for_database(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})
    run_for_database(schema_editor, {vendor: [sql] for vendor, sql in MARK_EVERY_MONTH.items()})


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    run_for_database(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})
