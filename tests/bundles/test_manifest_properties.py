"""Properties of the pure manifest reader: whatever a vendor sends, it answers and never raises.

Either the manifest is read (details, no problems) or every problem is listed, each starting
with the key path it is about; bytes that are not UTF-8 JSON are reported with line and column.

Numbers too large for a float, times out of range and integers beyond Python's digit limit
have their own tests at the end.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer_app.bundles.manifest import ManifestReading, parse_manifest_bytes, read_manifest
from tests.bundle_builder import base_manifest

FAST = settings(max_examples=200, deadline=None)

# Every problem starts with a key path: "case.json", "format", "questions[2].id", "records[0].sha256", ...
KEY_PATH = re.compile(r"^(case\.json|[a-z_][a-z0-9_]*(\[\d+\])*(\.[a-z_][a-z0-9_]*(\[\d+\])*)*): \S")

# Keys of the format, so that random objects reach the validators rather than only being ignored.
KNOWN_KEYS = [
    "format", "format_version", "case", "reference", "vendor", "name", "contact", "phone", "service", "form",
    "line_of_business", "jurisdiction", "specialty_requested", "received_at", "due_at", "related_reference",
    "instructions", "exam", "claimant", "given", "family", "date_of_birth", "sex", "claim_number",
    "date_of_injury", "employer", "occupation", "mechanism_of_injury", "claim", "parties", "requested_services",
    "id", "description", "code", "code_system", "quantity", "unit", "requested_by", "requested_on", "questions",
    "text", "topic", "services", "billing", "records", "path", "sha256", "title", "kind", "provider",
    "date_from", "date_to",
]  # fmt: skip
WORDS = [
    "reviewer-case-bundle", "peer_review", "ime", "addendum", "records_review", "workers_comp", "necessity",
    "causation", "mmi", "other", "svc1", "q1", "records/001-note.txt", "../x", "/abs", "a\\b", "",
    "0" * 64, "A" * 64,
]  # fmt: skip

_ZONES = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-8)), dt.timezone(dt.timedelta(hours=5, minutes=30))])
_TEXTS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(WORDS),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(dt.date.isoformat),
    st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2100, 12, 31),
        timezones=st.none() | _ZONES,
    ).map(dt.datetime.isoformat),
)
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(),  # NaN and infinities included: Python's json reads them
    _TEXTS,
)
_KEYS = st.sampled_from(KNOWN_KEYS) | st.text(max_size=8)

json_values = st.recursive(
    _LEAVES,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=5),
    max_leaves=25,
)


def full_manifest() -> dict[str, Any]:
    """The builder's valid manifest with its record listed, as a bundle carries it."""
    document = base_manifest()
    note = b"Progress note: low back pain.\n"
    document["records"] = [
        {"path": "records/001-note.txt", "sha256": hashlib.sha256(note).hexdigest(), "title": "Note"},
        {"path": "records/002-mri.pdf", "sha256": "ab" * 32, "date_from": "2025-07-02"},
    ]
    document["billing"] = [{"date_of_service": "2026-09-02", "code": "97110", "units": 4}]
    document["claim"] = {"body_parts": ["lumbar spine"]}
    return document


def key_paths(value: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every position below ``value`` as a tuple of keys and list indexes."""
    if isinstance(value, dict):
        items: list[tuple[str | int, Any]] = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return
    for key, child in items:
        yield (*prefix, key)
        yield from key_paths(child, (*prefix, key))


def parent_of(document: Any, path: tuple[str | int, ...]) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


@st.composite
def mutated_manifests(draw: st.DrawFn) -> dict[str, Any]:
    """The valid manifest with a few keys deleted or replaced by random JSON."""
    document = full_manifest()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = list(key_paths(document))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = parent_of(document, path)
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return document


def check(reading: Any) -> None:
    assert isinstance(reading, ManifestReading)
    assert (reading.details is not None) == (not reading.problems), reading
    for problem in reading.problems:
        assert isinstance(problem, str) and KEY_PATH.match(problem), problem
    for warning in reading.warnings:
        assert isinstance(warning, str) and warning.strip()


# -- read_manifest -----------------------------------------------------------------------------


def test_the_builders_manifest_is_read() -> None:
    reading = read_manifest(full_manifest())
    check(reading)
    assert reading.problems == []
    assert reading.details is not None and reading.details.reference == "PR-TEST-0001"
    assert [r.path for r in reading.records] == ["records/001-note.txt", "records/002-mri.pdf"]


@FAST
@given(json_values)
def test_any_json_value_is_read_or_refused_with_named_problems(document: Any) -> None:
    check(read_manifest(document))


@FAST
@given(st.dictionaries(st.sampled_from(KNOWN_KEYS), json_values, max_size=8))
def test_any_object_of_known_keys_is_read_or_refused_with_named_problems(document: dict[str, Any]) -> None:
    check(read_manifest({"format": "reviewer-case-bundle", "format_version": 1, **document}))


@FAST
@given(mutated_manifests())
def test_a_damaged_manifest_is_read_or_refused_with_named_problems(document: dict[str, Any]) -> None:
    check(read_manifest(document))


REQUIRED = [
    "format",
    "format_version",
    "case",
    "case.reference",
    "case.service",
    "claimant",
    "claimant.name",
    "claimant.name.given",
    "claimant.name.family",
    "questions",
    "questions[0].id",
    "questions[0].text",
    "questions[1].id",
    "questions[1].text",
    "records",
    "records[0].path",
    "records[0].sha256",
    "records[1].path",
    "records[1].sha256",
]


def _steps(path: str) -> tuple[str | int, ...]:
    return tuple(int(t[1:-1]) if t.startswith("[") else t for t in re.findall(r"[^.\[\]]+|\[\d+\]", path))


@FAST
@given(st.sets(st.sampled_from(REQUIRED), min_size=1))
def test_every_missing_required_key_is_named(deleted: set[str]) -> None:
    document = full_manifest()
    named: list[str] = []
    for path in sorted(deleted, key=len):  # parents before their children
        if any(other != path and path.startswith(other) and path[len(other)] in ".[" for other in named):
            continue  # its parent is gone already; the parent is the one to name
        steps = _steps(path)
        del parent_of(document, steps)[steps[-1]]
        named.append(path)

    reading = read_manifest(document)
    check(reading)
    for path in named:
        assert any(p.startswith(f"{path}: ") and "missing" in p for p in reading.problems), (path, reading.problems)


# -- parse_manifest_bytes ----------------------------------------------------------------------


def check_parsed(raw: bytes) -> None:
    document, problems = parse_manifest_bytes(raw)
    if problems:
        assert document is None
        for problem in problems:
            if "is given twice in case.json" in problem:
                continue  # a key given twice is named by its key path (bundles/duplicate_keys.py), not a place
            assert problem.startswith("case.json")
            assert re.search(r"line \d+, column \d+", problem), problem
    else:
        # compared as JSON text, so that a NaN equals itself
        assert json.dumps(document) == json.dumps(json.loads(raw.decode("utf-8-sig")))


@st.composite
def damaged_json_bytes(draw: st.DrawFn) -> bytes:
    """A real manifest's bytes with a slice replaced by random bytes."""
    raw = json.dumps(full_manifest(), ensure_ascii=False, indent=draw(st.sampled_from([None, 1, 2]))).encode()
    start = draw(st.integers(min_value=0, max_value=len(raw)))
    end = draw(st.integers(min_value=start, max_value=min(len(raw), start + 40)))
    return raw[:start] + draw(st.binary(max_size=8)) + raw[end:]


@FAST
@given(st.binary(max_size=200) | damaged_json_bytes())
def test_any_bytes_are_parsed_or_reported_with_line_and_column(raw: bytes) -> None:
    check_parsed(raw)


@FAST
@given(
    json_values,
    st.booleans(),
    st.sampled_from([None, 2]),
)
def test_any_json_in_utf8_reads_back_as_written(value: Any, bom: bool, indent: int | None) -> None:
    raw = (codecs.BOM_UTF8 if bom else b"") + json.dumps(value, ensure_ascii=False, indent=indent).encode()
    document, problems = parse_manifest_bytes(raw)
    assert problems == []
    assert json.dumps(document) == json.dumps(value)


@FAST
@given(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126) | st.just("\n"), max_size=120),
    st.data(),
)
def test_a_byte_that_is_not_utf8_is_reported_at_its_line_and_column(text: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    bad = data.draw(st.sampled_from([b"\xe9", b"\xff", b"\x80", b"\xc3("]))  # Latin-1 é, never-valid, stray, cut
    raw = text[:at].encode() + bad + text[at:].encode()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1

    document, problems = parse_manifest_bytes(raw)
    assert document is None
    assert len(problems) == 1 and "UTF-8" in problems[0]
    assert f"line {line}, column {column}" in problems[0], problems[0]


# -- counterexamples the properties above keep out of range ------------------------------------


def test_a_number_too_large_for_a_float_is_a_problem_not_a_crash() -> None:
    document = full_manifest()
    document["requested_services"][0]["quantity"] = 10**400
    reading = read_manifest(document)
    check(reading)
    assert any(p.startswith("requested_services[0].quantity: ") for p in reading.problems)


def test_a_time_without_offset_in_year_one_is_a_problem_not_a_crash() -> None:
    document = full_manifest()
    document["case"]["due_at"] = "0001-01-01T00:00:00"
    check(read_manifest(document))


def test_an_integer_over_pythons_digit_limit_is_reported_not_raised() -> None:
    check_parsed(b'{"format": "reviewer-case-bundle", "format_version": 1' + b"0" * 5000 + b"}")
