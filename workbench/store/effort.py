"""Post-editing effort kept per approved segment, so statistics aggregate in SQL.

Each approval measures the approved text against the segment's first MT/TM version once (TER and
chrF cost ~1 ms a segment) and replaces the segment's `approval_effort` row in the same
transaction. The table holds standing approvals only: a trigger drops the row when an edit,
revert, merge or rejection moves the segment off approved (schema `_approval_effort`), so the
aggregate reads this narrow table and its indexes alone.
"""

from __future__ import annotations

import contextlib
import sqlite3

from workbench.errors import InputError
from workbench.measures import (
    HEAVY_EDIT_MAX_HTER,
    LIGHT_EDIT_MAX_HTER,
    UNKNOWN_REVIEWER,
    EffortSummary,
    GroupEffort,
    edit_effort,
    seconds_to_approval,
)
from workbench.store.part import Part

# The reviewer's reference: the segment's first machine (or memory) translation.
_FIRST_MT = (
    "SELECT text, created FROM translations WHERE segment_id = ? AND origin IN ('mt', 'tm') "
    "ORDER BY id LIMIT 1"
)


def backfill_approval_effort(conn: sqlite3.Connection) -> None:
    """Measure every segment approved before the table existed."""
    rows = conn.execute(
        "SELECT s.id, s.current_translation_id, t.text, s.reviewer, s.reviewed_at "
        "FROM segments s JOIN translations t ON t.id = s.current_translation_id "
        "WHERE s.status = 'approved'"
    ).fetchall()
    for segment_id, translation_id, final, reviewer, approved_at in rows:
        # A hand-edited timestamp must not make the store unopenable; `store check` names it.
        with contextlib.suppress(InputError):
            Effort.record(conn, segment_id, translation_id, final, reviewer, approved_at)


def _groups(
    conn: sqlite3.Connection, key: str, join: str, member: str, scope: str, params: list
) -> tuple[GroupEffort, ...]:
    """Groups by the SQL `key`, sorted by name; `member` is true for a row of the group `?`."""
    groups = []
    edited = "NOT e.unchanged AND e.ter"
    for key_value, count, ter, chrf, distance, unchanged, *kinds in conn.execute(
        f"SELECT {key}, count(*), avg(e.ter), avg(e.chrf), avg(e.char_distance), "
        f"avg(e.unchanged), sum(e.unchanged), sum({edited} <= ?), "
        f"sum({edited} > ? AND e.ter <= ?), sum({edited} > ?) "
        f"FROM approval_effort e {join} WHERE {scope} GROUP BY 1",
        [LIGHT_EDIT_MAX_HTER, LIGHT_EDIT_MAX_HTER, HEAVY_EDIT_MAX_HTER, HEAVY_EDIT_MAX_HTER]
        + params,
    ).fetchall():
        # The middle one or two of the group's rows, an index walk: what a median averages.
        median = conn.execute(
            f"SELECT avg(seconds) FROM (SELECT e.seconds FROM approval_effort e {join} "
            f"WHERE {member} AND {scope} ORDER BY e.seconds LIMIT ? OFFSET ?)",
            [key_value, *params, 2 - count % 2, (count - 1) // 2],
        ).fetchone()[0]
        name = UNKNOWN_REVIEWER if key_value is None else key_value
        groups.append(GroupEffort(name, count, ter, chrf, distance, unchanged, median, *kinds))
    return tuple(sorted(groups, key=lambda group: group.name))


class Effort(Part):
    """The `approval_effort` table."""

    @staticmethod
    def record(
        conn: sqlite3.Connection,
        segment_id: int,
        translation_id: int,
        final: str,
        reviewer: str | None,
        approved_at: str,
    ) -> None:
        """Measure the approved `final` against the first MT and store it (no row without MT)."""
        first = conn.execute(_FIRST_MT, (segment_id,)).fetchone()
        if first is None:
            return
        mt, translated_at = first
        effort = edit_effort(mt, final)
        conn.execute(
            "INSERT OR REPLACE INTO approval_effort (segment_id, translation_id, document_id, "
            "reviewer, ter, chrf, char_distance, unchanged, seconds) "
            "SELECT ?, ?, document_id, ?, ?, ?, ?, ?, ? FROM segments WHERE id = ?",
            (
                segment_id,
                translation_id,
                reviewer,
                effort.ter,
                effort.chrf,
                effort.char_distance,
                int(effort.unchanged),
                seconds_to_approval(translated_at, approved_at),
                segment_id,
            ),
        )

    def summary(self, document_id: int | None = None) -> EffortSummary:
        """Post-editing effort of the approved segments that started from MT/TM (see `stats`):
        mean effort and median time to approval overall, per document title and per reviewer."""
        conn = self.conn
        scope, params = (
            ("e.document_id = ?", [document_id]) if document_id is not None else ("1", [])
        )
        overall = _groups(conn, "'all'", "", "'all' = ?", scope, params)
        return EffortSummary(
            overall=overall[0] if overall else GroupEffort("all", 0, 0.0, 0.0, 0.0, 0.0, 0.0),
            per_document=_groups(
                conn,
                "d.title",
                "JOIN documents d ON d.id = e.document_id",
                "d.title = ?",
                scope,
                params,
            ),
            per_reviewer=_groups(conn, "e.reviewer", "", "e.reviewer IS ?", scope, params),
        )
