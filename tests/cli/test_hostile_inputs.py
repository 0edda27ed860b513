"""The command line as an attacker (or a tired physician) drives it: every bad input gets a sentence.

Each case must exit 1 (2 for wrong usage) with a message on stderr, never "unexpected error" or a
traceback, and answer within seconds: subprocess timeouts below are guards, not measurements.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec

REFERENCE = "PR-TEST-0001"
GUARD = 60  # seconds; a hang is a failure, not a slow pass


class Cli:
    """``reviewer --data-dir DATA ...`` in this process, with what it printed."""

    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        try:
            code = main(["--data-dir", str(self.data_dir), *args])
        except SystemExit as usage:
            code = int(usage.code or 0)
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


@pytest.fixture
def case(cli: Cli, tmp_path: Path) -> str:
    code, _, err = cli("import", str(BundleSpec().write_folder(tmp_path / "bundle")))
    assert code == 0, err
    return REFERENCE


def assert_said(outcome: tuple[int, str, str], *words: str, code: int = 1) -> str:
    """Refused with exit ``code`` and a sentence holding each of ``words``; no traceback."""
    got, _, err = outcome
    assert got == code, (got, err)
    assert err.startswith(("reviewer: ", "usage: ")), err
    assert "unexpected error" not in err and "Traceback" not in err, err
    for word in words:
        assert word in err, f"{word!r} not in {err!r}"
    return err


def reviewer(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real program in its own process (for what would hang or abort the test's own)."""
    base = {"PATH": "/usr/bin:/bin", "HOME": str(data_dir.parent), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "reviewer_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=GUARD,
        env=base if env is None else env,
    )


def assert_process_said(done: subprocess.CompletedProcess[str], *words: str, code: int = 1) -> None:
    assert_said((done.returncode, done.stdout, done.stderr), *words, code=code)


# -- the database URL ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["nonsense", "postgresql://clerk@[::1/reviews", "postgresql://clerk@db:port/reviews"])
def test_a_nonsense_database_url_is_named(cli: Cli, url: str) -> None:
    assert_said(cli("--database-url", url, "cases"), "database URL", url)


def test_a_sqlite_url_naming_a_folder_or_a_file_that_is_no_database_is_named(cli: Cli, tmp_path: Path) -> None:
    assert_said(cli("--database-url", f"sqlite:///{tmp_path}", "cases"), "is a folder")
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("Progress note\n" * 200, "utf-8")
    assert_said(cli("--database-url", f"sqlite:///{not_a_database}", "cases"), "notes.txt", "not a database")


def test_an_unsupported_kind_of_database_is_named(cli: Cli) -> None:
    assert_said(cli("--database-url", "mysql://clerk@127.0.0.1/reviews", "cases"), "mysql", "SQLite", "PostgreSQL")


def test_a_database_url_does_not_echo_its_password(cli: Cli) -> None:
    err = assert_said(cli("--database-url", "oracle://clerk:hunter2@127.0.0.1/reviews", "cases"), "oracle")
    assert "hunter2" not in err


def test_a_sqlite_file_in_a_missing_folder_is_named(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "reviews.sqlite3"
    assert_said(cli("--database-url", f"sqlite:///{missing}", "cases"), "no-such-folder", "does not exist")


def test_a_postgresql_server_on_a_closed_port_is_named(cli: Cli) -> None:
    pytest.importorskip("psycopg")  # the test extra installs it; without it the driver's absence is named
    with socket.socket() as probe:  # a port nobody listens on: bind, read it, close
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    assert_said(cli("--database-url", f"postgresql://clerk@127.0.0.1:{port}/reviews", "cases"), f"127.0.0.1:{port}")
    assert time.monotonic() - started < GUARD


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_a_postgresql_server_that_never_answers_is_given_up_on(cli: Cli, silent_server: int) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://clerk@127.0.0.1:{silent_server}/reviews?connect_timeout=2"
    started = time.monotonic()
    assert_said(cli("--database-url", url, "cases"), f"127.0.0.1:{silent_server}", "does not answer")
    assert time.monotonic() - started < 20


def test_postgresql_connections_have_a_time_limit_unless_the_url_gives_one() -> None:
    from reviewer_app.storage.database import database_url

    assert database_url("postgresql://clerk@db.example.test/reviews").query["connect_timeout"] == "10"
    assert database_url("postgresql://clerk@db.example.test/reviews?connect_timeout=3").query["connect_timeout"] == "3"


# -- the case named ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["99999999999999999999999", "9" * 5000, "²", "١٢", "x" * 100_000])
def test_a_case_name_that_cannot_be_a_case_is_not_found(cli: Cli, case: str, name: str) -> None:
    for command in (["show"], ["audit"], ["check"]):
        assert_said(cli(*command, name), "There is no case")


def test_a_non_ascii_digit_is_not_taken_for_a_case_id(cli: Cli, case: str) -> None:
    # "١" is ARABIC-INDIC DIGIT ONE: int() reads it as 1, but nobody types it meaning case 1.
    assert_said(cli("show", "١"), "There is no case")


# -- files the physician names -----------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "answers.fifo"
    os.mkfifo(path)
    return path


def test_a_fifo_as_findings_file_is_refused_without_waiting(case: str, cli: Cli, fifo: Path) -> None:
    done = reviewer("findings", "set", case, str(fifo), data_dir=cli.data_dir)
    assert_process_said(done, str(fifo), "not a regular file")


def test_a_fifo_given_to_verify_is_refused_without_waiting(cli: Cli, fifo: Path) -> None:
    assert_process_said(reviewer("verify", str(fifo), data_dir=cli.data_dir), "not a regular file")


def test_a_fifo_as_password_file_or_certificate_is_refused(cli: Cli, fifo: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.p12"
    done = reviewer("profile", "certificate", "--out", str(out), "--password-file", str(fifo), data_dir=cli.data_dir)
    assert_process_said(done, "not a regular file")
    assert not out.exists()


def test_a_fifo_as_certificate_to_sign_with_is_refused(case: str, cli: Cli, fifo: Path, tmp_path: Path) -> None:
    password = tmp_path / "password.txt"
    password.write_text("secret\n", "utf-8")
    done = reviewer(
        "sign", case, "--out", str(tmp_path / "s.pdf"), "--p12", str(fifo), "--password-file", str(password),
        data_dir=cli.data_dir,
    )  # fmt: skip
    assert_process_said(done, "not a regular file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_as_findings_file_is_refused(case: str, cli: Cli, device: str) -> None:
    assert_said(cli("findings", "set", case, device), device, "not a regular file")


def test_a_folder_as_profile_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    assert_said(cli("profile", "set", str(tmp_path)), "is a folder")


def test_a_huge_findings_file_is_refused_unread(case: str, cli: Cli, tmp_path: Path) -> None:
    huge = tmp_path / "answers.json"
    huge.touch()
    os.truncate(huge, 10 * 1024**3)
    started = time.monotonic()
    assert_said(cli("findings", "set", case, str(huge)), "larger than")
    assert time.monotonic() - started < 10


def test_findings_with_a_huge_integer_are_refused_naming_the_number(case: str, cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"q1.determination": ' + "9" * 5000 + "}", "utf-8")
    assert_said(cli("findings", "set", case, str(answers)), "number", "line 1")


def test_findings_with_an_integer_beyond_what_a_database_holds_are_refused(case: str, cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"q1.determination": 10**20}), "utf-8")
    assert_said(cli("findings", "set", case, str(answers)), "q1.determination", "too large")


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_findings_are_refused(case: str, cli: Cli, tmp_path: Path, opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    answers = tmp_path / "answers.json"
    answers.write_text("{" + '"x": ' + opening * 50_000 + "1" + closing * 50_000 + "}", "utf-8")
    assert_said(cli("findings", "set", case, str(answers)), "nested")


def test_a_megabyte_of_text_in_the_profile_is_refused(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"name": "Dr. " + "A" * 1_000_000}), "utf-8")
    assert_said(cli("profile", "set", str(profile)), "name", "characters")


def test_a_profile_listing_thousands_of_licenses_is_refused(cli: Cli, tmp_path: Path) -> None:
    # Every license is printed on every report: 15,000 of them made a draft take seconds, not a blink.
    licenses = [{"state": "CA", "number": f"A{n}", "expires": "2030-01-01"} for n in range(15_000)]
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"name": "Dr. Ada Park", "licenses": licenses}), "utf-8")
    assert_said(cli("profile", "set", str(profile)), "licenses", "15,000 items")


def test_findings_with_a_list_of_millions_are_refused_at_the_door(case: str, cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"q1.svc1.citations": [{"record": "records/001-note.txt"}] * 200_000}), "utf-8")
    assert_said(cli("findings", "set", case, str(answers)), "q1.svc1.citations", "200,000 items")


def test_a_signature_image_that_is_a_device_is_refused(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"name": "Dr. Ada Park", "signature_image": "/dev/zero"}), "utf-8")
    assert_said(cli("profile", "set", str(profile)), "signature_image", "not a regular file")


# -- output files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["report", REFERENCE, "--out"],
        ["findings", "export", REFERENCE, "--out"],
        ["export", REFERENCE, "--out"],
    ],
)
def test_an_output_name_too_long_for_the_file_system_is_named(
    case: str, cli: Cli, tmp_path: Path, command: list[str]
) -> None:
    out = tmp_path / ("r" * 300 + ".pdf")
    assert_said(cli(*command, str(out)), "too long")


def test_a_report_into_a_missing_folder_is_named(case: str, cli: Cli, tmp_path: Path) -> None:
    assert_said(cli("report", case, "--out", str(tmp_path / "nowhere" / "r.pdf")), "does not exist")


# -- search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["99999999999999999999", "-5", "0", "ten"])
def test_a_search_limit_out_of_range_is_wrong_usage(case: str, cli: Cli, limit: str) -> None:
    assert_said(cli("search", case, "pain", "--limit", limit), "--limit", code=2)


def test_a_huge_search_query_is_refused(case: str, cli: Cli) -> None:
    assert_said(cli("search", case, "pain " * 20_000), "query", "characters")


# -- bundles too large for any real case, through the command line -------------------------------


def test_a_bundle_with_a_megabyte_question_is_refused_quickly(cli: Cli, tmp_path: Path) -> None:
    spec = BundleSpec()
    spec.manifest["questions"][0]["text"] = "Is it necessary? " * 60_000
    started = time.monotonic()
    assert_said(cli("import", str(spec.write_folder(tmp_path / "big-question"))), "questions[0].text")
    assert time.monotonic() - started < 10


def test_a_bundle_with_a_hundred_thousand_questions_is_refused_quickly(cli: Cli, tmp_path: Path) -> None:
    spec = BundleSpec()
    spec.manifest["questions"] = [{"id": f"q{i}", "text": "Necessary?"} for i in range(100_000)]
    started = time.monotonic()
    assert_said(cli("import", str(spec.write_folder(tmp_path / "many-questions"))), "questions", "100,000")
    assert time.monotonic() - started < 10


# -- no display ------------------------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY and WAYLAND_DISPLAY are Linux's")
@pytest.mark.parametrize("command", [[], ["demo"]])
def test_the_window_without_a_display_says_so(tmp_path: Path, command: list[str]) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no DISPLAY, WAYLAND_DISPLAY, QT_QPA_PLATFORM
    done = reviewer(*command, data_dir=tmp_path / "data", env=env)
    assert_process_said(done, "display")
    assert "qt.qpa" not in done.stderr and "plugin" not in done.stderr, done.stderr
