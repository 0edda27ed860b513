"""Parse and validate ``case.json``: every problem found, each named by its key path."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from reviewer_app.bundles.document_checks import DocumentCaps, oversized_values
from reviewer_app.bundles.duplicate_keys import DuplicateKeyHook, duplicate_key_paths
from reviewer_app.bundles.limits import ManifestLimits
from reviewer_app.bundles.manifest_keys import FREE_KEYS, KNOWN_KEYS, LONG_KEYS, SHORT_KEYS
from reviewer_app.bundles.paths import normalised_bundle_path, unsafe_path_reason
from reviewer_app.domain.case import (
    CaseDetails,
    Claimant,
    LineOfBusiness,
    PersonName,
    QuestionTopic,
    ReferralQuestion,
    RequestedService,
    Service,
    Vendor,
)

FORMAT_NAME = "reviewer-case-bundle"
SUPPORTED_FORMAT_VERSION = 1
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class ManifestRecord:
    """A record file as the manifest names it."""

    path: str
    sha256: str
    title: str | None = None
    kind: str | None = None
    provider: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    index: int = 0  # position in the manifest's records list, for messages naming records[i]


@dataclass
class ManifestReading:
    """The outcome of reading a manifest: details and records, or the problems found."""

    details: CaseDetails | None = None
    records: list[ManifestRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_manifest_bytes(raw: bytes) -> tuple[Any, list[str]]:
    """Decode UTF-8 JSON; on failure return the problem with its line and column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw, exc.start)
        return None, [f"case.json is not UTF-8 text: byte 0x{raw[exc.start]:02x} at line {line}, column {column}"]
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark is harmless; some Windows editors write one
    hook = DuplicateKeyHook()
    try:
        document = json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        return None, [f"case.json is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]
    except RecursionError:
        return None, ["case.json is nested too deeply to be a case manifest"]
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        huge = re.search(r"\d{1000,}", text)
        offset = huge.start() if huge else 0
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return None, [f"case.json is not valid JSON: a number too long to read at line {line}, column {column}"]
    twice = duplicate_key_paths(document) if hook.seen_any else []
    if twice:
        return None, [f"{key}: is given twice in case.json; each key may appear once" for key in twice]
    return document, []


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as an editor shows them) of a byte offset."""
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def read_manifest(document: Any, caps: ManifestLimits | None = None) -> ManifestReading:
    """Validate a decoded manifest; all problems are collected, none stops the others."""
    return _ManifestValidator(caps or ManifestLimits()).run(document)


class _ManifestValidator:
    def __init__(self, caps: ManifestLimits) -> None:
        self.caps = caps
        self.list_caps = {
            "questions": caps.questions,
            "requested_services": caps.requested_services,
            "services": caps.requested_services,
            "records": caps.records,
            "billing": caps.billing_lines,
        }
        self.flagged: set[str] = set()  # key paths already refused as oversized: one problem each
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.unknown_keys: list[str] = []

    def note_unknown_keys(self, value: dict[str, Any], path: str, shape: str) -> None:
        known = KNOWN_KEYS[shape]
        prefix = f"{path}." if path else ""
        self.unknown_keys += [prefix + key for key in value if key not in known]

    # -- small typed accessors that record a problem and return None on failure --

    def problem(self, path: str, message: str) -> None:
        if path not in self.flagged:
            self.problems.append(f"{path}: {message}")

    def obj(self, parent: dict[str, Any], key: str, path: str, required: bool = False) -> dict[str, Any] | None:
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(path, f"must be an object, not {_type_name(value)}")
            return None
        return value

    def array(self, parent: dict[str, Any], key: str, path: str, required: bool = False) -> list[Any] | None:
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        if not isinstance(value, list):
            self.problem(path, f"must be a list, not {_type_name(value)}")
            return None
        cap = self.list_caps.get(key)
        if cap is not None and len(value) > cap:
            # Its items are not read one by one: a hostile list would cost minutes and bury the message.
            self.problem(path, f"lists {len(value):,} items, more than the {cap:,} a case bundle may have")
            self.flagged.add(path)
            return None
        return value

    def text(self, parent: dict[str, Any], key: str, path: str, required: bool = False) -> str | None:
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(path, f"must be text, not {_type_name(value)}")
            return None
        cap = self.text_cap(key)
        if len(value) > cap:
            self.problem(path, f"is {len(value):,} characters long, more than the {cap:,} allowed")
            self.flagged.add(path)
            return None
        if required and not value.strip():
            self.problem(path, "must not be empty")
            return None
        return value

    def text_cap(self, key: str) -> int:
        if key in SHORT_KEYS:
            return self.caps.short_text
        if key in LONG_KEYS:
            return self.caps.long_text
        if key in FREE_KEYS:
            return self.caps.free_text
        return self.caps.text

    def number(self, parent: dict[str, Any], key: str, path: str) -> float | None:
        value = self._get(parent, key, path, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, f"must be a number, not {_type_name(value)}")
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.problem(path, "must be a finite number")
            return None
        return number

    def date(self, parent: dict[str, Any], key: str, path: str) -> dt.date | None:
        value = self.text(parent, key, path)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(path, f"must be a date like 2026-11-20, not {value!r}")
            return None

    def moment(self, parent: dict[str, Any], key: str, path: str) -> dt.datetime | None:
        value = self.text(parent, key, path)
        if value is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            self.problem(path, f"must be a time like 2026-11-23T17:00:00-08:00, not {value!r}")
            return None
        if moment.tzinfo is None:
            try:
                moment = moment.astimezone()
            except (ValueError, OverflowError, OSError):
                self.problem(path, f"{value!r} is not a time this application can place; give it with a UTC offset")
                return None
            self.warnings.append(
                f"The time {value!r} ({_where(path)}) has no time zone; it was read as this computer's local time"
            )
        return moment

    def enum_value(
        self, parent: dict[str, Any], key: str, path: str, choices: type[Any], required: bool = False
    ) -> Any:
        value = self.text(parent, key, path, required)
        if value is None:
            return None
        try:
            return choices(value)
        except ValueError:
            allowed = " | ".join(c.value for c in choices)
            self.problem(path, f"{value!r} is not one of {allowed}")
            return None

    def _get(self, parent: dict[str, Any], key: str, path: str, required: bool) -> Any:
        value = parent.get(key)
        if value is None and required:
            self.problem(path, "is required but missing" if key not in parent else "is required but null")
        return value

    # -- the manifest's parts --

    def run(self, document: Any) -> ManifestReading:
        if not isinstance(document, dict):
            self.problem("case.json", f"must be a JSON object, not {_type_name(document)}")
            return ManifestReading(problems=self.problems)
        fmt = self.text(document, "format", "format", required=True)
        if fmt is not None and fmt != FORMAT_NAME:
            self.problem("format", f"is {fmt!r}; a case bundle says {FORMAT_NAME!r}")
        version = document.get("format_version")
        if version is None:
            self.problem("format_version", "is required but missing")
        elif isinstance(version, bool) or not isinstance(version, int):
            self.problem("format_version", f"must be a whole number, not {_type_name(version)}")
        elif version > SUPPORTED_FORMAT_VERSION:
            self.problem(
                "format_version",
                f"is {version}, but this application reads case bundles up to version "
                f"{SUPPORTED_FORMAT_VERSION}; update the application to import it",
            )
        elif version < 1:
            self.problem("format_version", f"is {version}; versions start at 1")
        if fmt is not None and fmt != FORMAT_NAME:
            # Another kind of file altogether: its other keys would only add noise.
            return ManifestReading(problems=self.problems)

        self.note_unknown_keys(document, "", "")
        case = self.obj(document, "case", "case", required=True) or {}
        self.note_unknown_keys(case, "case", "case")
        claimant = self.claimant(self.obj(document, "claimant", "claimant", required=True))
        services = self.requested_services(document)
        questions = self.questions(document, {s.key for s in services})
        records = self.records(document)
        claim = self.obj(document, "claim", "claim") or {}
        self.note_unknown_keys(claim, "claim", "claim")
        parties = self.obj(document, "parties", "parties") or {}
        self.note_unknown_keys(parties, "parties", "parties")
        billing = self.billing(document)
        details = self.case_details(case, claimant, services, questions, claim, parties, billing)
        caps = DocumentCaps(self.caps.depth, self.caps.free_text, self.caps.integer, items=self.caps.billing_lines)
        for path, message in oversized_values(document, caps).items():
            self.problem(path, message)  # the kept blocks too; a path refused above is not named twice
        if self.unknown_keys:
            shown = ", ".join(self.unknown_keys[:12]) + (" …" if len(self.unknown_keys) > 12 else "")
            self.warnings.append(
                f"The vendor's case file holds details this version of Reviewer does not use ({shown}); "
                "they are kept with the case and ignored"
            )
        if self.problems:
            # The records are returned all the same, so that their files are checked too.
            return ManifestReading(records=records, problems=self.problems, warnings=self.warnings)
        return ManifestReading(details=details, records=records, warnings=self.warnings)

    def case_details(
        self,
        case: dict[str, Any],
        claimant: Claimant | None,
        services: list[RequestedService],
        questions: list[ReferralQuestion],
        claim: dict[str, Any],
        parties: dict[str, Any],
        billing: list[dict[str, Any]],
    ) -> CaseDetails | None:
        reference = self.text(case, "reference", "case.reference", required=True)
        service = self.enum_value(case, "service", "case.service", Service, required=True)
        vendor = self.vendor(case)
        form = self.text(case, "form", "case.form")
        lob_text = self.text(case, "line_of_business", "case.line_of_business")
        line_of_business: LineOfBusiness | None = None
        if lob_text is not None:
            try:
                line_of_business = LineOfBusiness(lob_text)
            except ValueError:
                self.warnings.append(
                    f"The line of business \u201c{lob_text}\u201d is not one Reviewer knows; the case is shown as Other"
                )
                line_of_business = LineOfBusiness.OTHER
        jurisdiction = self.text(case, "jurisdiction", "case.jurisdiction")
        specialty = self.text(case, "specialty_requested", "case.specialty_requested")
        received_at = self.moment(case, "received_at", "case.received_at")
        due_at = self.moment(case, "due_at", "case.due_at")
        related = self.text(case, "related_reference", "case.related_reference")
        instructions = self.text(case, "instructions", "case.instructions")
        exam = self.obj(case, "exam", "case.exam") or {}
        self.note_unknown_keys(exam, "case.exam", "case.exam")
        if reference is None or service is None or claimant is None:
            return None
        return CaseDetails(
            reference=reference.strip(),
            vendor=vendor,
            service=service,
            claimant=claimant,
            form=form,
            line_of_business=line_of_business,
            jurisdiction=jurisdiction.strip().upper() if jurisdiction else None,
            specialty_requested=specialty,
            received_at=received_at,
            due_at=due_at,
            related_reference=related.strip() if related and related.strip() else None,
            instructions=instructions,
            exam=exam,
            claim=claim,
            parties=parties,
            billing=tuple(billing),
            requested_services=tuple(services),
            questions=tuple(questions),
        )

    def vendor(self, case: dict[str, Any]) -> Vendor:
        raw = case.get("vendor")
        if raw is None:
            return Vendor(name="")
        if isinstance(raw, str):  # a plain name is unambiguous; accept it
            return Vendor(name=raw.strip())
        vendor = self.obj(case, "vendor", "case.vendor") or {}
        self.note_unknown_keys(vendor, "case.vendor", "case.vendor")
        name = self.text(vendor, "name", "case.vendor.name") or ""
        return Vendor(
            name=name.strip(),
            contact=self.text(vendor, "contact", "case.vendor.contact"),
            phone=self.text(vendor, "phone", "case.vendor.phone"),
        )

    def claimant(self, raw: dict[str, Any] | None) -> Claimant | None:
        if raw is None:
            return None
        self.note_unknown_keys(raw, "claimant", "claimant")
        name = self.obj(raw, "name", "claimant.name", required=True)
        given = family = None
        if name is not None:
            self.note_unknown_keys(name, "claimant.name", "claimant.name")
            given = self.text(name, "given", "claimant.name.given", required=True)
            family = self.text(name, "family", "claimant.name.family", required=True)
        claimant = Claimant(
            name=PersonName(given=(given or "").strip(), family=(family or "").strip()),
            date_of_birth=self.date(raw, "date_of_birth", "claimant.date_of_birth"),
            sex=self.text(raw, "sex", "claimant.sex"),
            claim_number=self.text(raw, "claim_number", "claimant.claim_number"),
            date_of_injury=self.date(raw, "date_of_injury", "claimant.date_of_injury"),
            employer=self.text(raw, "employer", "claimant.employer"),
            occupation=self.text(raw, "occupation", "claimant.occupation"),
            mechanism_of_injury=self.text(raw, "mechanism_of_injury", "claimant.mechanism_of_injury"),
        )
        return claimant if given is not None and family is not None else None

    def requested_services(self, document: dict[str, Any]) -> list[RequestedService]:
        items = self.array(document, "requested_services", "requested_services") or []
        services: list[RequestedService] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            path = f"requested_services[{index}]"
            if not isinstance(item, dict):
                self.problem(path, f"must be an object, not {_type_name(item)}")
                continue
            self.note_unknown_keys(item, path, "requested_services[]")
            key = self.text(item, "id", f"{path}.id", required=True)
            description = self.text(item, "description", f"{path}.description")
            if key is not None:
                if key in seen:
                    self.problem(f"{path}.id", f"{key!r} is used twice (also requested_services[{seen[key]}].id)")
                seen.setdefault(key, index)
            services.append(
                RequestedService(
                    key=key or "",
                    description=description or key or "",
                    code=self.text(item, "code", f"{path}.code"),
                    code_system=self.text(item, "code_system", f"{path}.code_system"),
                    quantity=self.number(item, "quantity", f"{path}.quantity"),
                    unit=self.text(item, "unit", f"{path}.unit"),
                    requested_by=self.text(item, "requested_by", f"{path}.requested_by"),
                    requested_on=self.date(item, "requested_on", f"{path}.requested_on"),
                )
            )
        return services

    def questions(self, document: dict[str, Any], service_keys: set[str]) -> list[ReferralQuestion]:
        items = self.array(document, "questions", "questions", required=True)
        if items is None:
            return []
        if not items:
            self.problem("questions", "must list at least one referral question")
        questions: list[ReferralQuestion] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            path = f"questions[{index}]"
            if not isinstance(item, dict):
                self.problem(path, f"must be an object, not {_type_name(item)}")
                continue
            self.note_unknown_keys(item, path, "questions[]")
            key = self.text(item, "id", f"{path}.id", required=True)
            text = self.text(item, "text", f"{path}.text", required=True)
            if key is not None:
                if key in seen:
                    self.problem(f"{path}.id", f"{key!r} is used twice (also questions[{seen[key]}].id)")
                seen.setdefault(key, index)
            topic = QuestionTopic.OTHER
            topic_text = self.text(item, "topic", f"{path}.topic")
            if topic_text is not None:
                try:
                    topic = QuestionTopic(topic_text)
                except ValueError:
                    self.warnings.append(
                        f"Referral question {index + 1} ({key or 'no id'}) has the topic \u201c{topic_text}\u201d, "
                        "which Reviewer does not know; it is answered with the general (Other) answer block"
                    )
            named: list[str] = []
            for s_index, service_key in enumerate(self.array(item, "services", f"{path}.services") or []):
                s_path = f"{path}.services[{s_index}]"
                if not isinstance(service_key, str):
                    self.problem(s_path, f"must be a service id (text), not {_type_name(service_key)}")
                elif service_key not in service_keys:
                    self.problem(s_path, f"names service {service_key!r}, which requested_services does not list")
                else:
                    named.append(service_key)
            if key is not None and text is not None:
                questions.append(ReferralQuestion(key=key, text=text, topic=topic, service_keys=tuple(named)))
        return questions

    def records(self, document: dict[str, Any]) -> list[ManifestRecord]:
        items = self.array(document, "records", "records", required=True)
        if items is None:
            return []
        if not items:
            self.problem("records", "must list at least one record file")
        records: list[ManifestRecord] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            path = f"records[{index}]"
            if not isinstance(item, dict):
                self.problem(path, f"must be an object, not {_type_name(item)}")
                continue
            self.note_unknown_keys(item, path, "records[]")
            record_path = self.text(item, "path", f"{path}.path", required=True)
            sha = self.text(item, "sha256", f"{path}.sha256", required=True)
            unsafe = unsafe_path_reason(record_path) if record_path is not None else None
            if unsafe:
                self.problem(f"{path}.path", f"{record_path!r} {unsafe}")
                record_path = None
            elif record_path is not None:
                given, record_path = record_path, normalised_bundle_path(record_path)
                if record_path in seen:
                    same = "is listed twice" if given == record_path else f"names {record_path!r}, which is listed"
                    self.problem(f"{path}.path", f"{given!r} {same} (also records[{seen[record_path]}].path)")
                seen.setdefault(record_path, index)
            if sha is not None and not _SHA256.match(sha):
                self.problem(f"{path}.sha256", "must be 64 hexadecimal characters (the SHA-256 of the file)")
                sha = None
            record = ManifestRecord(
                path=record_path or "",
                sha256=(sha or "").lower(),
                title=self.text(item, "title", f"{path}.title"),
                kind=self.text(item, "kind", f"{path}.kind"),
                provider=self.text(item, "provider", f"{path}.provider"),
                date_from=self.date(item, "date_from", f"{path}.date_from"),
                date_to=self.date(item, "date_to", f"{path}.date_to"),
                index=index,
            )
            if record_path and sha:
                records.append(record)
        return records

    def billing(self, document: dict[str, Any]) -> list[dict[str, Any]]:
        lines = self.array(document, "billing", "billing") or []
        kept: list[dict[str, Any]] = []
        for index, line in enumerate(lines):
            if not isinstance(line, dict):
                self.problem(f"billing[{index}]", f"must be an object, not {_type_name(line)}")
                continue
            self.note_unknown_keys(line, f"billing[{index}]", "billing[]")
            kept.append(line)
        return kept


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _where(path: str) -> str:
    """A manifest key path as the physician reads it: "case.due_at" as "the case's due date"."""
    return _PLACES.get(path, f"{path} in the case file")


_PLACES = {
    "case.received_at": "when the case was received",
    "case.due_at": "when the report is due",
}
