"""The store's parts: each table is written by exactly one part, the one its docstring names."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import workbench.store
from workbench.store import Store
from workbench.store.part import Part

STORE_DIR = Path(workbench.store.__file__).parent
# Migrations rewrite whatever they must; every other module writes only its own part's tables.
MIGRATIONS = "schema.py"
_WRITE = re.compile(
    r"\b(?:INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|REPLACE\s+INTO|DELETE\s+FROM)\s+(\w+)"
    r"|\bUPDATE\s+(\w+)\s+SET\b"
)


def written_tables(source: str) -> set[str]:
    """Tables an SQL statement in `source` inserts into, replaces, updates or deletes from."""
    return {insert or update for insert, update in _WRITE.findall(source)}


def documented_owners() -> dict[str, set[str]]:
    """Part name → tables it writes, from the table in the store package's docstring."""
    owners: dict[str, set[str]] = {}
    table = re.findall(
        r"^\| `store\.(\w+)`\s*\|\s*(.*?)\s*\|$", workbench.store.__doc__ or "", re.M
    )
    for part, tables in table:
        owners[part] = set() if tables.startswith("(none") else set(tables.split(", "))
    return owners


def parts(store: Store) -> dict[str, Part]:
    return {name: value for name, value in vars(store).items() if isinstance(value, Part)}


def test_the_scanner_finds_every_kind_of_write() -> None:
    source = """
        "INSERT INTO a (x) VALUES (?)", "INSERT OR IGNORE INTO b (x) "
        "INSERT OR REPLACE INTO c (x) ", "REPLACE INTO d (x) ", f"UPDATE e SET x = 1 "
        "DELETE FROM f WHERE id = ?", "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        "SELECT x FROM g", "update h set x = 1 in prose"
    """
    assert written_tables(source) == {"a", "b", "c", "d", "e", "f"}


def test_every_table_has_one_documented_owner(store: Store) -> None:
    owners = documented_owners()
    assert set(owners) == set(parts(store)), "the docstring table names every part, no other"
    owned = [table for tables in owners.values() for table in tables]
    assert len(owned) == len(set(owned)), "a table has two owners"
    assert set(owned) == {t for t in store.db.table_names() if not t.startswith("sqlite_")}


def test_each_part_writes_only_the_tables_it_owns(store: Store) -> None:
    owners = documented_owners()
    module_owner = {
        Path(inspect.getfile(type(part))).name: name for name, part in parts(store).items()
    }
    assert len(module_owner) == len(parts(store)), "one part per module"
    checked = 0
    for module in sorted(STORE_DIR.glob("*.py")):
        if module.name == MIGRATIONS:
            continue
        allowed = owners.get(module_owner.get(module.name, ""), set())
        trespass = written_tables(module.read_text(encoding="utf-8")) - allowed
        assert not trespass, f"{module.name} writes {sorted(trespass)}, owned by another part"
        checked += 1
    assert checked > len(owners)  # the whole-store modules were scanned too
