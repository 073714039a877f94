"""What reviewers taught the workbench: MT-versus-approved pairs, post-edit rules, decisions.

Mining and applying rules is `translate.learn`'s; this part only reads history and keeps
records.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.store.events import Events
from workbench.store.glossary import Glossary
from workbench.store.part import Part
from workbench.store.transaction import Connection, utc_now


@dataclass(frozen=True, slots=True)
class ReviewedPair:
    """An approved segment: its source, its first MT version and the approved target."""

    segment_id: int
    source: str
    mt: str
    approved: str


@dataclass(frozen=True, slots=True)
class PosteditRule:
    """A learned replacement applied to new MT output (whole words, case-sensitive)."""

    id: int
    candidate: str
    find: str
    replace: str


class Learning(Part):
    """The `learn_decisions` and `postedit_rules` tables, and the history read for mining."""

    def __init__(self, connection: Connection, *, glossary: Glossary, events: Events) -> None:
        super().__init__(connection)
        self.glossary = glossary
        self.events = events

    def reviewed_pairs(self, source_lang: str, target_lang: str) -> list[ReviewedPair]:
        """Approved segments with an MT version, oldest first."""
        rows = self.conn.execute(
            "SELECT s.id, s.source, (SELECT m.text FROM translations m WHERE m.segment_id = s.id "
            "AND m.origin = 'mt' ORDER BY m.id LIMIT 1), t.text FROM segments s "
            "JOIN documents d ON d.id = s.document_id "
            "JOIN translations t ON t.id = s.current_translation_id "
            "WHERE s.status = 'approved' AND d.source_lang = ? AND d.target_lang = ? "
            "ORDER BY s.id",
            (source_lang, target_lang),
        ).fetchall()
        return [ReviewedPair(*row) for row in rows if row[2] is not None]

    def decisions(self) -> dict[str, str]:
        """Candidate id → what was decided (glossary, rule, rejected)."""
        return {
            k: v for k, v in self.conn.execute("SELECT candidate, decision FROM learn_decisions")
        }

    def decide(
        self,
        candidate: str,
        decision: str,
        author: str,
        *,
        rule: tuple[str, str, str, str] | None = None,
        glossary: tuple[str, str, str, str, str] | None = None,
    ) -> None:
        """Record a decision, with the rule (find, replace, langs) or term it creates, at once."""
        now = utc_now()
        with self.write() as conn:
            conn.execute(
                "INSERT INTO learn_decisions (candidate, decision, author, created) "
                "VALUES (?, ?, ?, ?)",
                (candidate, decision, author, now),
            )
            if rule is not None:
                conn.execute(
                    "INSERT INTO postedit_rules (candidate, find, replace, source_lang, "
                    "target_lang, author, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (candidate, *rule, author, now),
                )
            if glossary is not None:
                self.glossary.add_term(conn, glossary, now)
            self.events.record(conn, author, f"learn-{decision}", details=candidate)

    def postedit_rules(self, source_lang: str, target_lang: str) -> list[PosteditRule]:
        """Accepted post-edit rules of a language pair, in the order they were accepted."""
        return [
            PosteditRule(*row)
            for row in self.conn.execute(
                "SELECT id, candidate, find, replace FROM postedit_rules "
                "WHERE source_lang = ? AND target_lang = ? ORDER BY id",
                (source_lang, target_lang),
            )
        ]
