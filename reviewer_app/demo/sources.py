"""Reading the demo sources in ``resources/demo/``: case TOMLs, letterheads, record texts."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from typing import Any

from reviewer_app.resources import resource_path

CASE_NAMES = ("peer_review", "ime")
RENDER_TYPES = ("pdf", "scan", "tiff", "text")


@dataclass(frozen=True)
class Sender:
    """Who a record comes from, as printed on its letterhead and footer."""

    name: str
    tagline: str
    address: tuple[str, ...]
    phone: str
    fax: str
    accent: str
    initials: str
    style: str
    footer: str


@dataclass(frozen=True)
class FaxSpec:
    """The transmission a faxed record went through (printed in the fax header line)."""

    from_name: str
    from_number: str
    to_number: str
    sent: dt.datetime
    seed: int


@dataclass(frozen=True)
class RenderSpec:
    """Everything that decides a record file's bytes.

    Two records with equal specs get byte-identical files, which is how the IME
    shares a document with the peer review.
    """

    type: str
    source: str
    sender: Sender | None
    header: str
    fax: FaxSpec | None


@dataclass(frozen=True)
class RecordSource:
    """One record: its manifest entry (without the hash) and how to render it."""

    entry: dict[str, Any]
    render: RenderSpec


@dataclass(frozen=True)
class Schedule:
    """The case dates, relative to the moment the demo is generated."""

    utc_offset: dt.timezone
    received_before: dt.timedelta
    due_in_days: int
    due_time: dt.time
    exam_in_days: int | None
    exam_time: dt.time | None


@dataclass(frozen=True)
class CaseSource:
    """A demo case as written in its TOML."""

    name: str
    manifest: dict[str, Any]
    schedule: Schedule
    records: tuple[RecordSource, ...]

    @property
    def reference(self) -> str:
        """The vendor reference, also used as the bundle's folder name."""
        return str(self.manifest["case"]["reference"])


def read_record_text(source: str) -> str:
    """The text of a record source file under ``resources/demo/records``."""
    return resource_path("demo", "records", source).read_text(encoding="utf-8")


def load_senders() -> dict[str, Sender]:
    """The letterheads, by key."""
    with resource_path("demo", "letterheads.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {
        key: Sender(
            name=value["name"],
            tagline=value.get("tagline", ""),
            address=tuple(value.get("address", ())),
            phone=value.get("phone", ""),
            fax=value.get("fax", ""),
            accent=value.get("accent", "#333333"),
            initials=value.get("initials", ""),
            style=value.get("style", "logo"),
            footer=value.get("footer", value["name"]),
        )
        for key, value in data.items()
    }


def load_case(name: str, senders: dict[str, Sender]) -> CaseSource:
    """Read ``resources/demo/cases/<name>.toml``."""
    path = resource_path("demo", "cases", f"{name}.toml")
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    schedule = _schedule(data.pop("schedule"))
    records_data = data.pop("records")
    header = _patient_header(data)
    records = tuple(_record(item, senders, header, path.name) for item in records_data)
    return CaseSource(name, data, schedule, records)


def _schedule(data: dict[str, Any]) -> Schedule:
    sign = -1 if data["utc_offset"].startswith("-") else 1
    hours, minutes = (int(part) for part in data["utc_offset"].lstrip("+-").split(":"))
    offset = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    return Schedule(
        utc_offset=offset,
        received_before=dt.timedelta(hours=data["received_hours_before"]),
        due_in_days=data["due_in_days"],
        due_time=data["due_local_time"],
        exam_in_days=data.get("exam_in_days"),
        exam_time=data.get("exam_local_time"),
    )


def _patient_header(data: dict[str, Any]) -> str:
    # The running header of printed medical records: who the pages belong to.
    claimant = data["claimant"]
    dob: dt.date = claimant["date_of_birth"]
    return (
        f"Patient: {claimant['name']['family'].upper()}, {claimant['name']['given']}"
        f"   DOB: {dob:%m/%d/%Y}   Claim #: {claimant['claim_number']}"
    )


def _record(item: dict[str, Any], senders: dict[str, Sender], header: str, where: str) -> RecordSource:
    entry = dict(item)
    render = entry.pop("render")
    if render["type"] not in RENDER_TYPES:
        raise ValueError(f"{where}: {entry['path']}: unknown render type {render['type']!r}")
    sender_key = render.get("letterhead")
    if sender_key is not None and sender_key not in senders:
        raise ValueError(f"{where}: {entry['path']}: unknown letterhead {sender_key!r}")
    fax = None
    if "fax" in render:
        fax_data = render["fax"]
        fax = FaxSpec(
            from_name=fax_data["from_name"],
            from_number=fax_data["from_number"],
            to_number=fax_data["to_number"],
            sent=fax_data["sent"],
            seed=fax_data["seed"],
        )
    elif render["type"] in ("scan", "tiff"):
        raise ValueError(f"{where}: {entry['path']}: a faxed record needs a [fax] table")
    spec = RenderSpec(
        type=render["type"],
        source=render["source"],
        sender=senders[sender_key] if sender_key is not None else None,
        header=render.get("header", header),
        fax=fax,
    )
    return RecordSource(entry, spec)
