"""Missing records: studies and visits the records speak of but do not contain.

A follow-up note says "MRI of 04/24/2026 reviewed", "EMG/NCS performed 5/2/26 showed...", "per
operative report dated 1/12/26", "seen by Dr. Raman on 3/30/2026" or "X-rays taken at Mercy
Urgent Care on 3/2/26". When no document of that kind, on or near that date (and by that
clinician or place when one is named), is among the records, the report the vendor asked for
rests on records the physician has not seen: those are the ones to request, each with the page
that mentions it.

False alarms cost the physician's trust, so a mention is passed over when:
- the study is in the records, even under another title, a day or three off, or as a faxed copy
  (the held document's own text is checked for the study's words and the date);
- it is a plan ("MRI to be scheduled", "recommend EMG/NCS", "will obtain x-rays");
- its date is the patient's birth date, or the injury's ("injured on 6/14/2025" is no visit);
- it is the note's own day (an office's x-rays read in the note that ordered them);
- it sits in a bill (billing against the records answers that).

Deterministic rules over :mod:`domain.record_dates`; no model, no network.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from reviewer_app.domain.chronology import ChronologyEntry, RecordPages
from reviewer_app.domain.providers import PersonName, parse_person
from reviewer_app.domain.record_dates import DateRole, FoundDate, find_dates

DAYS_NEAR = 3  # a held document this many days either side of the mention's date is the one meant
_REACH = 70  # characters between a study's word and its date, within one sentence
_SENTENCE_MAX = 240
_TITLE_LINES = 6
_TITLE_CHARS = 70


@dataclass(frozen=True)
class StudyKind:
    """A kind of study or visit a note may mention, and how a held document is recognised as one."""

    key: str
    label: str  # in the letter: "MRI", "EMG/NCS"
    mention: re.Pattern[str]  # in a note's sentence (lower case)
    types: frozenset[str]  # chronology types a held document of this kind may have
    confirm: re.Pattern[str] | None = None  # words a held document's text must hold (lower case)
    study: bool = True  # a study or procedure (False: a visit, which a named clinician narrows)


def _kind(
    key: str, label: str, mention: str, types: Iterable[str], confirm: str | None = None, study: bool = True
) -> StudyKind:
    return StudyKind(key, label, re.compile(mention), frozenset(types), re.compile(confirm) if confirm else None, study)


_IMAGING = ("imaging", "other", "hospital", "emergency")
# Order matters: a sentence naming a study and a place ("X-rays taken at Mercy Urgent Care") is the study's.
KINDS: tuple[StudyKind, ...] = (
    _kind("mri", "MRI", r"\bmri\b|\bmris\b|\bmr imaging\b|magnetic resonance", _IMAGING, r"\bmri\b|magnetic resonance"),
    _kind(
        "ct",
        "CT scan",
        r"\bct\b(?! ?(?:state|licen))|\bcat scan|computed tomography",
        _IMAGING,
        r"\bct\b|computed tomography|cat scan",
    ),
    _kind(
        "xray",
        "X-rays",
        r"\bx-?rays?\b|\bradiographs?\b|\bxr\b|\bfilms\b",
        _IMAGING,
        r"x-?ray|radiograph|\bxr\b|\bviews?\b",
    ),
    _kind("ultrasound", "Ultrasound", r"ultrasound|sonogra|\bus of\b", _IMAGING, r"ultrasound|sonogra"),
    _kind("bone_scan", "Bone scan", r"bone scan", _IMAGING, r"bone scan|scintigra"),
    _kind(
        "emg",
        "EMG/NCS",
        r"\bemg\b|\bncs\b|\bncv\b|nerve conduction|electrodiagnostic|electromyogra",
        ("imaging", "procedure", "consultation", "other"),
        r"\bemg\b|\bncs\b|\bncv\b|nerve conduction|electrodiagnostic|electromyogra",
    ),
    _kind(
        "operative",
        "Operative report",
        r"operative (?:report|note)|\bop (?:report|note)|\bsurgery\b|arthroscop\w*|\w+ectomy\b|\bfusion\b|"
        r"arthroplasty|\brepair\b|\bsurgical\b|\boperation\b",
        ("procedure", "hospital"),
        r"operative|operation|surgeon|anesthesia|arthroscop|ectomy|fusion|arthroplasty|repair",
    ),
    _kind(
        "injection",
        "Injection",
        r"\binjections?\b|\besi\b|epidural|nerve block|facet block|medial branch|trigger point|radiofrequency",
        ("procedure", "office_visit", "other"),
        r"injection|epidural|\besi\b|nerve block|facet|medial branch|radiofrequency|trigger point",
    ),
    _kind(
        "fce",
        "Functional capacity evaluation",
        r"functional capacity (?:evaluation|exam)|\bfce\b",
        ("therapy", "ime_or_peer_review", "work_status", "other"),
        r"functional capacity|\bfce\b",
    ),
    _kind(
        "lab",
        "Laboratory results",
        r"\blabs\b|\blab (?:work|results?|tests?)\b|blood ?work|\bcbc\b|urinalysis|drug screen",
        ("lab", "other", "hospital", "emergency"),
        r"laborator|\blab\b|specimen|result|reference range|\bcbc\b|urinalysis|screen",
    ),
    _kind(
        "emergency",
        "Emergency visit",
        r"emergency (?:room|department)|\ber\b(?! ?/)|\bed visit|urgent care",
        ("emergency", "hospital", "office_visit"),
        study=False,
    ),
    _kind(
        "hospital",
        "Hospital stay",
        r"\badmitted\b|hospitali[sz]\w*|discharge summary|inpatient stay",
        ("hospital", "emergency"),
        study=False,
    ),
    _kind(
        "therapy",
        "Therapy visit",
        r"physical therapy (?:evaluation|eval|visit|session|note)|\bpt (?:evaluation|eval|visit|session|note)|"
        r"therapy (?:evaluation|session)|chiropractic (?:visit|treatment|evaluation)",
        ("therapy",),
        study=False,
    ),
    _kind(
        "visit",
        "Visit",
        r"\b(?:was |were )?seen (?:by|at|in)\b|\bevaluated by\b|\bexamined by\b|\bconsult(?:ation|ed)?\b|"
        r"\bappointment with\b|\boffice visit\b|\bvisit (?:with|to|at)\b|\bsaw dr\b|\bseen on\b|\btreated by\b",
        ("office_visit", "consultation", "emergency", "hospital", "therapy", "ime_or_peer_review", "work_status"),
        study=False,
    ),
)
_BY_KEY = {kind.key: kind for kind in KINDS}
# Every word a study's or visit's name (KINDS' patterns) can start with, or end with: a cheap gate before them.
_WORDS = re.compile(r"[a-z]+")
_GATE = frozenset(
    re.findall(
        r"[a-z]+",
        "mri mris mr magnetic ct cat computed x xray xrays radiograph radiographs xr films ultrasound us bone "
        "emg ncs ncv nerve electrodiagnostic operative op surgery fusion arthroplasty repair surgical operation "
        "injection injections esi epidural facet medial trigger radiofrequency functional fce labs lab blood "
        "bloodwork cbc urinalysis drug emergency er ed urgent admitted discharge inpatient physical pt therapy "
        "chiropractic seen evaluated examined consult consultation consulted appointment office visit saw treated",
    )
)
_GATE_STARTS = (
    "hospitali",
    "arthroscop",
    "sonogra",
    "electromyogra",
    "electrodiagnos",
    "radiograph",
    "consult",
    "inject",
)
_OWN_DATE_LINE = re.compile(r"date|\bdos\b|d\.o\.s|exam|visit|service|admi|seen|study|procedure", re.IGNORECASE)
_ANY_KIND = re.compile("|".join(f"(?:{kind.mention.pattern})" for kind in KINDS))

# Plans and orders, not what happened: "MRI to be scheduled", "will obtain EMG/NCS", "recommend x-rays".
_PLANNED = re.compile(
    r"\b(?:to be|will|would|should|plan(?:s|ned)?|recommend\w*|schedul\w*|pending|consider\w*|await\w*|"
    r"authori[sz]\w*|request(?:s|ed|ing)?|denied|non-?certif\w*|cancel+ed|if|needs?|upcoming|"
    r"anticipat\w*|expected|proposed|possible|obtain|certif\w*|approv\w*|determination|modif\w*|rfa|"
    r"prior auth\w*)\b"
)
# A date's label reads as a plan when it is one of these, just before the date.
_NEXT = re.compile(
    r"(?:follow[- ]?up|next(?: visit| appointment| appt)?|return(?: visit)?|\brtc|scheduled(?: for)?|recheck|"
    r"appointment|appt|due)\s*(?:on|for|in|at|:|-)?\s*$"
)
_CANDIDATE_ROLES = (DateRole.MENTIONED, DateRole.UNLABELLED, DateRole.SERVICE, DateRole.PLANNED)
_PROSE_ROLES = (DateRole.RECEIVED, DateRole.ISSUED)  # a mention only when the label is a phrase in a sentence
_TIMESTAMP = re.compile(r",?\s*(?:at\s+)?\d{1,2}:\d\d")
_ORDERED = re.compile(r"\border(?:s|ed)?\b")
_HAPPENED = re.compile(
    r"\b(?:performed|done|obtained|showed|shows|show|revealed|reveals|demonstrat\w*|taken|completed|dated|"
    r"reviewed|report|results?|findings|noted|was|were|had|underwent|seen|evaluated|examined)\b"
)
_INJURY_WORDS = re.compile(r"\b(?:injur\w*|accident|incident|fell|fall|lifting|struck|hurt|d\.?o\.?i)\b")
# A line after which a sentence does not run on: a heading, a field ("Date of service: 06/20/2026"), a short line.
_ENDS_BLOCK = re.compile(r"^.{0,40}$|:\s*$|^\s*[A-Za-z /#]{2,30}:\s*\S.{0,30}$")
_SENTENCE_END = re.compile(r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bvs)(?<!\b[A-Za-z])[.;!?](?=\s)|\n\s*\n")
_DOCTOR = re.compile(
    r"\b(?:Dr\.?|Doctor)\s+((?:[A-Z]\.\s*)?[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?)"
    r"|\b([A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][A-Za-z'’-]+),?\s+(?:M\.?D|D\.?O|PA-C|NP|DC|DPT|PT)\b"
)
_PLACE = re.compile(
    r"\b(?:at|from|by|to)\s+((?:the\s+)?(?:[A-Z][A-Za-z'’&.-]*\s+){0,4}"
    r"(?:Urgent Care|Hospital|Medical Center|Clinic|Imaging|Radiology|Health|Orthop\w*|Therapy|Rehab\w*|"
    r"Diagnostics?|Institute|Center|Centre|Neurology|Spine|Surgery Center|Emergency Department|ER|Associates)"
    r"(?:\s+(?:of|at)\s+[A-Z][A-Za-z'’-]+)?)"
)


@dataclass(frozen=True)
class Mention:
    """A page's sentence speaking of a study or visit on a date."""

    kind: str  # a StudyKind key
    date: dt.date
    record_id: int
    record: str
    page: int  # 1-based
    sentence: str
    provider: str | None = None
    facility: str | None = None


@dataclass(frozen=True)
class HeldDocument:
    """A document among the records, as the comparison needs it: its chronology entry and first page's text."""

    entry: ChronologyEntry
    text: str  # lower case
    own_dates: frozenset[dt.date] = frozenset()  # its "Date of service:" and "Exam date" (a faxed copy keeps them)

    def covers(self, day: dt.date, days: int = DAYS_NEAR) -> bool:
        entry = self.entry
        if entry.date is None:
            return False
        last = entry.date_to or entry.date
        return entry.date - dt.timedelta(days=days) <= day <= last + dt.timedelta(days=days)

    def holds_page(self, record_id: int, page: int) -> bool:
        return self.entry.record_id == record_id and self.entry.first_page <= page <= self.entry.last_page


@dataclass(frozen=True)
class MissingRecord:
    """A study or visit the records mention but do not contain, with every page that mentions it."""

    kind: str
    label: str
    date: dt.date
    provider: str | None
    facility: str | None
    mentions: tuple[Mention, ...] = field(default=())

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def description(self) -> str:
        """ "MRI of 04/24/2026 (Coast Imaging)" for the list and the letter."""
        who = ", ".join(x for x in (self.provider, self.facility) if x)
        return f"{self.label} of {self.date:%m/%d/%Y}" + (f" ({who})" if who else "")

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "what": self.label,
            "date": self.date.isoformat(),
            "provider": self.provider,
            "facility": self.facility,
            "mentions": [{"record": m.record, "page": m.page, "sentence": m.sentence} for m in self.mentions],
        }


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a date: punctuation ends one, and so does a line that is a heading or a field."""
    low = max(0, start - _SENTENCE_MAX)
    begin = low
    for found in _SENTENCE_END.finditer(text, low, start):
        begin = found.end()
    line_start = text.rfind("\n", 0, start) + 1
    while line_start > begin:  # wrapped prose runs on from the line above; "PROGRESS NOTE" does not
        above_start = text.rfind("\n", 0, line_start - 1) + 1
        if _ENDS_BLOCK.search(text[above_start : line_start - 1]):
            begin = line_start
            break
        line_start = above_start
    high = min(len(text), end + _SENTENCE_MAX)
    stop = _SENTENCE_END.search(text, end, high)
    stop_at = stop.start() + 1 if stop else high
    line_end = text.find("\n", end)
    while 0 <= line_end < stop_at:
        if _ENDS_BLOCK.search(text[text.rfind("\n", 0, line_end) + 1 : line_end]):
            return begin, line_end
        line_end = text.find("\n", line_end + 1)
    return begin, stop_at


def page_mentions(
    text: str,
    record_id: int,
    record: str,
    page: int,
    not_encounters: frozenset[dt.date] = frozenset(),
    own_date: dt.date | None = None,
) -> list[Mention]:
    """The studies and visits a page speaks of, each with its date and the sentence that says it.

    ``not_encounters`` are the patient's birth and injury dates; ``own_date`` the date of the
    document the page belongs to (a study on its own day was done and read in that visit).
    """
    found: list[Mention] = []
    lowered = text.lower()
    near_kinds = _near_kind_lines(lowered)
    if near_kinds is None:
        return found  # no study or visit named on the page: its dates are not read at all
    all_dates = find_dates(near_kinds)
    # "She received an ESI on 11/19/2025" is prose; "Received: 11/19/2025" is the office's stamp.
    # Likewise "per operative report dated 01/12/2026" speaks of another paper; "Report date:" is this one's.
    dates = [
        d for d in all_dates if d.role in _CANDIDATE_ROLES or (d.role in _PROSE_ROLES and len(d.label.split()) >= 4)
    ]
    if not dates:
        return found
    for date in dates:
        if date.role is DateRole.PLANNED and _NEXT.search(lowered[max(0, date.start - 28) : date.start]):
            continue  # "Follow-up on 06/15/2026"; but "returns for follow-up of her MRI of 4/24/26" is past
        if date.date in not_encounters and date.role is not DateRole.SERVICE:
            continue
        if _TIMESTAMP.match(text, _date_end(text, date)):
            continue  # "05/07/2026 09:50 DW MRI: ..." is a log entry's time, not the study's date
        if own_date is not None and date.date > own_date:
            continue  # after the note's own day: a plan ("Follow-up MRI on 06/15/2026"), not a record to ask for
        date_end = _date_end(text, date)
        begin, stop = _sentence_bounds(text, date.start, date_end)
        sentence = text[begin:stop]
        kind, at = _nearest_kind(text, lowered, begin, stop, date.start, date_end, all_dates)
        if kind is None:
            continue
        if not _happened(lowered, begin, stop, at, date.start):
            continue
        if kind.study and own_date is not None and date.date == own_date:
            continue  # the office's own x-rays, read in the note of that day
        before = lowered[max(begin, date.start - 30) : date.start]
        if date.date in not_encounters or (_INJURY_WORDS.search(before) and not kind.mention.search(before)):
            continue  # "injured on 6/14/2025": the injury, not a visit
        provider = _provider(sentence)
        facility = _facility(sentence)
        shown = " ".join(sentence.split())
        found.append(Mention(kind.key, date.date, record_id, record, page, shown, provider, facility))
    return found


def _near_kind_lines(lowered: str) -> str | None:
    """The page with only the lines near a study's or visit's name kept (the rest blanked, offsets kept), or None.

    Reading dates is most of the work; a page's dates far from any such name cannot be a mention's.
    """
    lines = lowered.split("\n")
    keep = [False] * len(lines)
    named = False
    for number, line in enumerate(lines):
        words = _WORDS.findall(line)
        # A word of the gate first (a set look-up), the full patterns only then: most lines name nothing.
        gated = not _GATE.isdisjoint(words) or any(w.endswith("ectomy") or w.startswith(_GATE_STARTS) for w in words)
        if gated and _ANY_KIND.search(line):
            named = True
            for near in range(max(0, number - 2), min(len(lines), number + 3)):
                keep[near] = True
    if not named:
        return None
    return "\n".join(line if kept else " " * len(line) for line, kept in zip(lines, keep, strict=True))


def _date_end(text: str, date: FoundDate) -> int:
    match = re.match(r"(?:[\w/-]|\.(?=\d))+(?:\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})?", text[date.start :])
    return date.start + (match.end() if match else 1)


def _nearest_kind(
    text: str, lowered: str, begin: int, stop: int, start: int, end: int, dates: Sequence[FoundDate]
) -> tuple[StudyKind | None, int]:
    """The kind of study the date belongs to: the nearest one named before it, else just after it; no date between."""
    others = [d.start for d in dates if d.start != start and begin <= d.start < stop]
    # "X-rays taken at Mercy Urgent Care on ...": a place's name is where the study was, not a visit of its own.
    places = [(m.start(1), m.end(1)) for m in _PLACE.finditer(text, begin, stop)]
    best: tuple[int, int, StudyKind, int] | None = None  # (side, distance, kind, offset)
    for kind in KINDS:
        for match in kind.mention.finditer(lowered, max(begin, start - _REACH), min(stop, end + _REACH)):
            if match.end() <= start:
                side, distance = 0, start - match.end()
                between = any(match.end() <= o < start for o in others)
            elif match.start() >= end:
                side, distance = 1, match.start() - end
                between = any(end <= o < match.start() for o in others)
            else:
                continue
            if between:
                continue
            if any(a <= match.start() < b for a, b in places):
                distance += 1000
            if best is None or (side, distance) < (best[0], best[1]):  # nearest wins; the order above breaks ties
                best = (side, distance, kind, match.start())
    if best is None:
        return None, -1
    return best[2], best[3]


def _happened(lowered: str, begin: int, stop: int, at: int, start: int) -> bool:
    """Whether the sentence says the study took place (not that it is planned, ordered or asked for).

    Only the words around the study and its date count: "returns for follow-up of her MRI of 4/24/26" is past.
    """
    clause = lowered[max(begin, min(at, start) - 30) : min(stop, max(at, start) + 40)]
    if _PLANNED.search(clause):
        return False
    return not (_ORDERED.search(clause) and not _HAPPENED.search(clause))


def _provider(sentence: str) -> str | None:
    match = _DOCTOR.search(sentence)
    if match is None:
        return None
    name = match.group(1) or match.group(2)
    person = parse_person(name)
    return f"Dr. {person.shown}" if person is not None and match.group(1) else (person.shown if person else None)


def _facility(sentence: str) -> str | None:
    match = _PLACE.search(sentence)
    if match is None:
        return None
    return re.sub(r"^the\s+", "", " ".join(match.group(1).split())).strip(" .,")


def find_missing(
    mentions: Iterable[Mention], held: Sequence[HeldDocument], days: int = DAYS_NEAR
) -> list[MissingRecord]:
    """The mentions no held document answers, one item per study (every page that mentions it kept), by date."""
    # Each document filed under the days it may answer for: a mention is compared with a few, not all.
    near: dict[dt.date, list[HeldDocument]] = {}
    for doc in held:
        if doc.entry.date is not None:
            last = doc.entry.date_to or doc.entry.date
            span = min((last - doc.entry.date).days, 400) + 2 * days
            for n in range(span + 1):
                near.setdefault(doc.entry.date + dt.timedelta(days=n - days), []).append(doc)
    for doc in held:
        for day in {d + dt.timedelta(days=n) for d in doc.own_dates for n in (-1, 0, 1)}:
            near.setdefault(day, []).append(doc)
    groups: dict[tuple[str, dt.date, str], list[Mention]] = {}
    for mention in mentions:
        if any(_answers(doc, mention, days) for doc in near.get(mention.date, ())):
            continue
        who = _who_key(mention)
        groups.setdefault((mention.kind, mention.date, who), []).append(mention)
    missing = []
    for (kind_key, date, _), found in groups.items():
        kind = _BY_KEY[kind_key]
        provider = next((m.provider for m in found if m.provider), None)
        facility = next((m.facility for m in found if m.facility), None)
        missing.append(
            MissingRecord(kind_key, _label(kind, provider, facility), date, provider, facility, tuple(found))
        )
    missing.sort(key=lambda m: (m.date, m.label))
    return missing


def _label(kind: StudyKind, provider: str | None, facility: str | None) -> str:
    if kind.key == "visit" and provider:
        return "Visit"
    return kind.label


def _who_key(mention: Mention) -> str:
    if mention.provider:
        person = parse_person(mention.provider)
        return person.family if person else mention.provider.lower()
    return ""


def _answers(doc: HeldDocument, mention: Mention, days: int) -> bool:
    """Whether a held document is the study or visit a mention speaks of."""
    kind = _BY_KEY[mention.kind]
    entry = doc.entry
    if entry.type == "bill":
        return False
    if doc.holds_page(mention.record_id, mention.page):
        # The note that mentions the study is not its record, unless it is the study's own report
        # ("MRI of 04/24/2026" in the MRI report itself).
        return entry.type in kind.types and entry.type != "other" and doc.covers(mention.date, days)
    if entry.type not in kind.types and not (kind.confirm is not None and kind.confirm.search(_title_area(doc.text))):
        return False
    if kind.confirm is not None and not kind.confirm.search(doc.text):
        return False
    if not (doc.covers(mention.date, days) or any(abs((d - mention.date).days) <= 1 for d in doc.own_dates)):
        return False
    if mention.provider and not kind.study:
        return _same_clinician(doc, mention.provider)
    if mention.facility and not kind.study and entry.facility:
        return _same_place(doc, mention.facility)
    return True


def _title_area(text: str) -> str:
    # A letterhead, a fax line and the title: where a document says what it is.
    # Prose is not a title: "Radiographs of the lumbar spine obtained 06/14/2025 show..." is a note's body.
    lines = text.split("\n", _TITLE_LINES)[:_TITLE_LINES]
    return "\n".join(line for line in lines if len(line) <= _TITLE_CHARS and not line.rstrip().endswith("."))


def own_dates(text: str) -> frozenset[dt.date]:
    """A document's own dates ("Date of service:", "Exam date"): a faxed copy dated by the fax still has them.

    Not the earlier visits it mentions: only labelled and bare "Date:" dates count.
    """
    # Only the lines that can carry such a label are read (the rest blanked, offsets kept): seconds on a long case.
    lines = text[:3000].split("\n")
    kept = "\n".join(line if _OWN_DATE_LINE.search(line) else "" for line in lines)
    return frozenset(d.date for d in find_dates(kept) if d.role in (DateRole.SERVICE, DateRole.UNLABELLED))


def _same_clinician(doc: HeldDocument, provider: str) -> bool:
    wanted = parse_person(provider)
    if wanted is None:
        return True
    if doc.entry.provider:
        held = parse_person(doc.entry.provider)
        if held is not None and _same(held, wanted):
            return True
    return re.search(rf"\b{re.escape(wanted.family)}\b", doc.text) is not None


def _same(held: PersonName, wanted: PersonName) -> bool:
    return held.same_person(wanted)


def _same_place(doc: HeldDocument, facility: str) -> bool:
    held = doc.entry.facility or ""
    if fuzz.token_set_ratio(held.lower(), facility.lower()) >= 80:
        return True
    words = [w for w in re.findall(r"[a-z]{4,}", facility.lower()) if w not in {"urgent", "care", "medical", "center"}]
    return bool(words) and all(w in doc.text for w in words)


def missing_from_chronology(
    records: Sequence[RecordPages],
    entries: Sequence[ChronologyEntry],
    not_encounters: frozenset[dt.date] = frozenset(),
) -> list[MissingRecord]:
    """The case's missing records: every page's mentions against every document the chronology found."""
    by_record: dict[int, list[ChronologyEntry]] = {}
    for entry in entries:
        by_record.setdefault(entry.record_id, []).append(entry)
    texts = {record.record_id: record.texts for record in records}
    held = []
    for entry in entries:
        first = _first_page(texts.get(entry.record_id, ()), entry.first_page)
        held.append(HeldDocument(entry, first.lower(), own_dates(first)))
    mentions: list[Mention] = []
    for record in records:
        mine = by_record.get(record.record_id, [])
        for index, text in enumerate(record.texts):
            page = index + 1
            document = next((e for e in mine if e.first_page <= page <= e.last_page), None)
            if document is not None and document.type == "bill":
                continue  # a bill's lines are checked against the records by the billing table
            own = document.date if document is not None else None
            mentions += page_mentions(text, record.record_id, record.path, page, not_encounters, own)
    return find_missing(mentions, held)


def _first_page(texts: Sequence[str], page: int) -> str:
    return texts[page - 1] if 0 < page <= len(texts) else ""
