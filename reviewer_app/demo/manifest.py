"""The ``case.json`` of a demo bundle: the case source, dated from now, with record hashes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from reviewer_app.demo.sources import CaseSource, Schedule

FORMAT = "reviewer-case-bundle"
FORMAT_VERSION = 1
# The key order of the bundle-format page, so the file reads like the spec's example.
_TOP_LEVEL_ORDER = (
    "case",
    "claimant",
    "claim",
    "parties",
    "requested_services",
    "questions",
    "billing",
)


def case_dates(schedule: Schedule, now: dt.datetime) -> dict[str, Any]:
    """Received, due and (for an IME) exam times, so the case list shows a live deadline."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local_now = now.astimezone(schedule.utc_offset)

    def at(days: int, time: dt.time) -> dt.datetime:
        day = (local_now + dt.timedelta(days=days)).date()
        return dt.datetime.combine(day, time, tzinfo=schedule.utc_offset)

    dates: dict[str, Any] = {
        "received_at": _iso((local_now - schedule.received_before).replace(microsecond=0)),
        "due_at": _iso(at(schedule.due_in_days, schedule.due_time)),
    }
    if schedule.exam_in_days is not None and schedule.exam_time is not None:
        dates["exam_scheduled_at"] = _iso(at(schedule.exam_in_days, schedule.exam_time))
    return dates


def build_manifest(case: CaseSource, now: dt.datetime, record_hashes: dict[str, str]) -> dict[str, Any]:
    """The manifest: the TOML content, dates relative to ``now``, and each record's SHA-256."""
    dates = case_dates(case.schedule, now)
    body = _jsonable(case.manifest)
    case_block = dict(body["case"])
    case_block["received_at"] = dates["received_at"]
    case_block["due_at"] = dates["due_at"]
    if "exam_scheduled_at" in dates:
        exam = dict(case_block.get("exam", {}))
        case_block["exam"] = {"scheduled_at": dates["exam_scheduled_at"], **exam}
    body["case"] = case_block
    manifest: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    for key in _TOP_LEVEL_ORDER:
        if key in body:
            manifest[key] = body.pop(key)
    manifest.update(body)
    records = []
    for record in case.records:
        entry = _jsonable(record.entry)
        path = entry.pop("path")
        records.append({"path": path, "sha256": record_hashes[path], **entry})
    manifest["records"] = records
    return manifest


def dump(manifest: dict[str, Any]) -> bytes:
    """``case.json`` bytes: UTF-8, indented, names with accents kept readable."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def _jsonable(value: Any) -> Any:
    # TOML gives dates and times as Python objects; the manifest wants ISO strings.
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value
