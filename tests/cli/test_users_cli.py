"""`workbench users …` on a real store: hashes only, roles enforced, approvals attributed."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support import ROOT, SWEDISH_SEED
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


def _translated_document(invoke, store_path: Path) -> list[int]:  # type: ignore[no-untyped-def]
    """Document 1, every segment given an MT target; its segment ids."""
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0
    with Store.open(store_path) as store:
        ids = store.documents.segment_ids(1, translatable_only=True)
        store.reviews.record_translations(
            [NewTranslation(i, f"English {i}", Origin.MT) for i in ids]
        )
    return ids


def test_approving_needs_the_reviewer_role_and_is_attributed(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    ids = _translated_document(invoke, store_path)
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
        attempt, _ = store.accounts.claim_login(
            "anna", "198.51.100.1", datetime.now(UTC), lambda *_: 0.0
        )
        if success and attempt is not None:
            store.accounts.login_succeeded(attempt)
    failures, last = store.accounts.failed_logins("anna", "198.51.100.1")
    assert failures == 2 and last is not None
    assert store.accounts.failed_logins("nobody") == (0, None)


@pytest.mark.parametrize("name", ["anna\nroot", "tab\there", "x" * 65, " anna", "bell\x07"])
def test_names_that_cannot_be_typed_at_the_login_screen_are_refused(  # type: ignore[no-untyped-def]
    invoke, store_path: Path, name: str
) -> None:
    result = invoke("users", "add", name, "--password-stdin", input=PASSWORD)
    assert result.exit_code == 2
    assert result.stderr.startswith("workbench: error: an account name")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not store_path.exists() or Store.open(store_path).accounts.list_all() == []


@pytest.mark.parametrize("reviewer", ["Anna", "anna ", " anna", "ANNA", "removed", "someone-else"])
def test_with_accounts_only_an_exact_reviewer_account_approves(  # type: ignore[no-untyped-def]
    invoke, store_path: Path, reviewer: str
) -> None:
    ids = _translated_document(invoke, store_path)
    invoke("users", "add", "anna", "--role", "reviewer", "--password-stdin", input=PASSWORD)
    invoke("users", "add", "removed", "--role", "reviewer", "--password-stdin", input=PASSWORD)
    assert invoke("users", "remove", "removed").exit_code == 0
    refused = invoke("approve", "1", "--segments", str(ids[0]), "--reviewer", reviewer)
    assert refused.exit_code == 2, refused.stdout
    assert "is not an account of this store" in refused.stderr
    with Store.open(store_path) as store:
        assert store.reviews.approvals([ids[0]]) == {}


def _users_add_on_a_terminal(tmp_path: Path, keys: bytes) -> tuple[int, str]:
    """`workbench users add anna` on a real pseudo-terminal, sent `keys` at the prompt."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the terminal is its controlling terminal
        os.chdir(ROOT)
        os.execv(
            sys.executable,
            [sys.executable, "-m", "workbench", "users", "add", "anna",
             "--store", str(tmp_path / "w.db")],
        )  # fmt: skip
    shown = b""
    while b"Password" not in shown:
        shown += os.read(terminal, 1024)
    os.write(terminal, keys)
    while True:
        try:
            chunk = os.read(terminal, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def test_ctrl_c_at_the_password_prompt_is_one_line_and_exit_130(tmp_path: Path) -> None:
    code, shown = _users_add_on_a_terminal(tmp_path, b"\x03")
    assert code == 130
    assert "Traceback" not in shown
    assert shown.split("Password:", 1)[1].strip().count("\n") == 0


def test_ctrl_d_at_the_password_prompt_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, shown = _users_add_on_a_terminal(tmp_path, b"\x04")
    assert code == 2
    assert "Traceback" not in shown
    assert "workbench: error:" in shown


def test_no_terminal_to_ask_on_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "users", "add", "anna",
         "--store", str(tmp_path / "w.db")],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=ROOT,
        start_new_session=True,  # no controlling terminal either
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("workbench: error: ")
    assert "--password-stdin" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
