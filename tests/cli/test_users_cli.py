"""`workbench users …` on a real store: hashes only, roles enforced, approvals attributed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import SWEDISH_SEED
from workbench.records import NewTranslation, Origin, Role
from workbench.review.passwords import login_wait_s, verify_password
from workbench.store import Store

PASSWORD = "correct horse battery"


def test_add_list_passwd_remove(invoke, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    added = invoke("users", "add", "anna", "--role", "reviewer", "--password-stdin", input=PASSWORD)
    assert added.exit_code == 0, added.stderr
    assert PASSWORD not in added.stdout + added.stderr
    invoke("users", "add", "tom", "--password-stdin", input="tom's secret\n")
    listing = invoke("users", "list", "--json")
    assert [(u["name"], u["role"]) for u in json.loads(listing.stdout)] == [
        ("anna", "reviewer"),
        ("tom", "translator"),
    ]
    assert PASSWORD not in listing.stdout
    with Store.open(store_path) as store:
        stored = store.accounts.password_hash("anna")
        assert stored is not None and PASSWORD not in stored
        assert verify_password(PASSWORD, stored)
        assert not verify_password("wrong password", stored)
        # Salted: the same password twice gives two hashes.
        assert store.accounts.password_hash("tom") != stored

    assert (
        invoke("users", "passwd", "anna", "--password-stdin", input="a new password").exit_code == 0
    )
    with Store.open(store_path) as store:
        assert verify_password("a new password", store.accounts.password_hash("anna"))
        assert not verify_password(PASSWORD, store.accounts.password_hash("anna"))

    assert invoke("users", "remove", "tom").exit_code == 0
    assert [u["name"] for u in json.loads(invoke("users", "list", "--json").stdout)] == ["anna"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("add", "anna", "--password-stdin"), "short", "at least 8 characters"),
        (("add", "anna", "--role", "admin", "--password-stdin"), PASSWORD, "admin"),
        (("passwd", "nobody", "--password-stdin"), PASSWORD, "no account named 'nobody'"),
        (("remove", "nobody"), None, "no account named 'nobody'"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(  # type: ignore[no-untyped-def]
    invoke, store_path: Path, args: tuple[str, ...], stdin: str | None, message: str
) -> None:
    invoke("ingest", str(SWEDISH_SEED))
    with Store.open(store_path) as store:
        before = store.accounts.list_all()
    result = invoke("users", *args, input=stdin)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    with Store.open(store_path) as store:
        assert store.accounts.list_all() == before


def test_a_taken_name_is_refused(invoke) -> None:  # type: ignore[no-untyped-def]
    invoke("users", "add", "anna", "--password-stdin", input=PASSWORD)
    again = invoke("users", "add", "anna", "--password-stdin", input="another password")
    assert again.exit_code == 2
    assert "already an account named 'anna'" in again.stderr


def test_approving_needs_the_reviewer_role_and_is_attributed(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0
    with Store.open(store_path) as store:
        ids = store.documents.segment_ids(1, translatable_only=True)
        store.reviews.record_translations(
            [NewTranslation(i, f"English {i}", Origin.MT) for i in ids]
        )
    invoke("users", "add", "tom", "--role", "translator", "--password-stdin", input=PASSWORD)
    invoke("users", "add", "anna", "--role", "reviewer", "--password-stdin", input=PASSWORD)

    refused = invoke("approve", "1", "--segments", str(ids[0]), "--reviewer", "tom")
    assert refused.exit_code == 2
    assert "approving needs the reviewer role" in refused.stderr
    assert invoke("approve", "1", "--segments", str(ids[0]), "--reviewer", "anna").exit_code == 0

    segments = {s["id"]: s for s in json.loads(invoke("segments", "1", "--json").stdout)}
    assert segments[ids[0]]["approved_by"] == "anna"
    assert segments[ids[0]]["approved_at"].startswith("20")
    assert segments[ids[1]]["approved_by"] is None and segments[ids[1]]["approved_at"] is None
    with Store.open(store_path) as store:
        # A translator may still edit.
        store.reviews.save_edit(
            ids[1], "Edited by Tom", "tom", store.documents.segment(ids[1]).translation_id
        )
        assert store.accounts.get("tom") is not None
        assert store.accounts.get("tom").role == Role.TRANSLATOR  # type: ignore[union-attr]


def test_login_back_off_grows_after_a_few_failures_and_is_capped() -> None:
    waits = [login_wait_s(failures) for failures in range(12)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] > 0
    assert all(later >= earlier for earlier, later in zip(waits, waits[1:], strict=False))
    assert waits[-1] == 300


def test_failed_logins_count_since_the_last_success(store: Store) -> None:
    for success in (False, False, True, False, False):
        store.accounts.record_login("anna", success=success)
    failures, last = store.accounts.failed_logins("anna")
    assert failures == 2 and last is not None
    assert store.accounts.failed_logins("nobody") == (0, None)
