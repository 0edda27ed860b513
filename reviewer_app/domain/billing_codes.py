"""Procedure codes as records write them, and the services a note documents (codes, units, minutes).

A bill names CPT and HCPCS codes; a note mostly names services in words ("Therapeutic exercise
25 min", "Manual therapy x2") and sometimes the code itself ("97110 x2", "E/M 99213"). The
timed therapy codes are billed in 15-minute units by the 8-minute rule: 8-22 minutes are one
unit, 23-37 two, 38-52 three, and so on. Five-digit numbers are also ZIP codes, MRNs and phone
numbers: a number counts as a code only where a label, a unit count or the known code ranges say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# CPT (five digits, or four and F/T), HCPCS level II (a letter and four digits).
CODE = r"(?:\d{4}[0-9FT]|[A-V]\d{4})"
# A code may carry its modifier after a hyphen ("99213-25", "97110-GP"); "90802-1234" is a ZIP+4.
_CODE_TOKEN = re.compile(rf"(?<![\w/.$-]){CODE}(?![\w/]|-(?![A-Z0-9]{{2}}\b)|\.\d)")
# Codes that records name without a label: evaluation and management, therapy, chiropractic,
# radiology, injections, EMG, psychiatry. A ZIP code in these ranges is caught by its state.
_KNOWN_RANGES = (
    (99202, 99499),
    (97010, 97799),
    (98925, 98943),
    (70010, 79999),
    (20550, 20611),
    (62320, 62327),
    (64400, 64999),
    (95860, 95913),
    (90785, 90899),
    (96101, 96161),
    (22010, 22899),
    (63001, 63295),
    (29805, 29999),
)
_CODE_LABEL = re.compile(r"\b(?:cpt|hcpcs|code|codes|procedure|proc|billing|e/m|em level|level of service)\b", re.I)
_STATE_ZIP = re.compile(r"\b[A-Z]{2},?\s+$")  # "Long Beach, CA " before a ZIP code
_UNITS_AFTER = re.compile(r"^\s*(?:[-:(]\s*)?(?:x\s*(\d{1,2})\b|(\d{1,2})\s*(?:units?|u)\b)", re.I)
_MINUTES = re.compile(r"(\d{1,3})\s*(?:min(?:ute)?s?|mins?|')(?![a-z])", re.I)
_UNITS_WORD = re.compile(r"(?:\bx\s*(\d{1,2})\b|\b(\d{1,2})\s*units?\b)", re.I)

TIMED_CODES = frozenset(
    {"97032", "97033", "97034", "97035", "97036", "97110", "97112", "97113", "97116", "97124", "97140"}
    | {"97530", "97533", "97535", "97537", "97542", "97750", "97760", "97761", "97763", "G0283"}
)
# Services in words, as therapy, chiropractic and clinic notes write them, and the codes they are billed as.
SERVICE_WORDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern, re.I), frozenset(codes))
    for pattern, codes in (
        (r"\bther(?:apeutic|\.)?\s*ex(?:ercises?|\.)?\b|\bther-?ex\b|\bTE\b(?=\s*[:x(]|\s*\d)", ("97110",)),
        (r"neuro-?\s*muscular\s*re-?\s*ed(?:ucation|\.)?|\bNMR(?:E)?\b", ("97112",)),
        (r"\bgait\s*train(?:ing)?\b", ("97116",)),
        (r"\bmanual\s*therapy\b|\bmanual tx\b|\bjoint\s*mobili[sz]ation|\bsoft\s*tissue\s*mobili[sz]ation", ("97140",)),
        (r"\btherapeutic\s*activit(?:y|ies)\b|\bther(?:\.)?\s*act(?:ivities)?\b", ("97530",)),
        (r"\bmassage\b", ("97124",)),
        (r"\baquatic therapy\b", ("97113",)),
        (r"\bself[- ]care\b|\bhome management training\b", ("97535",)),
        (r"\bultrasound\b(?! (?:report|guid|of the|exam|study|imaging))", ("97035",)),
        (r"\biontophoresis\b", ("97033",)),
        (r"\belectrical stim(?:ulation)?\b|\be-?stim\b|\bTENS\b|\bIFC\b", ("97014", "G0283", "97032")),
        (r"\b(?:hot|cold) packs?\b|\bice packs?\b|\bmoist heat\b|\bcryotherapy\b", ("97010",)),
        (r"\bmechanical traction\b", ("97012",)),
        (r"\bphysical performance test\b|\bfunctional capacity evaluation\b|\bFCE\b", ("97750",)),
        (r"\b(?:PT|physical therapy|OT|occupational therapy)?\s*re-?evaluation\b", ("97164", "97168")),
        (
            r"\b(?:PT|physical therapy)\s+(?:initial\s+)?evaluation\b|\binitial evaluation\b",
            ("97161", "97162", "97163"),
        ),
        (
            r"\bspinal manipulation\b|\bchiropractic manipulat\w*\b|\bCMT\b|\bchiropractic adjustment\b",
            ("98940", "98941", "98942"),
        ),
    )
)
# Words every pattern above (and an E/M level) holds: a line with none of them names no service in words.
_SERVICE_KEYWORDS = (
    *("ther", "neuro", "nmr", "gait", "manual", "mobili", "massage", "aquatic", "self", "home management"),
    *("ultrasound", "ionto", "stim", "tens", "ifc", "pack", "heat", "cryo", "traction", "performance"),
    *("fce", "capacity", "evaluation", "manipul", "cmt", "adjustment", "level"),
)


# "Level 3 established patient visit" names an E/M code.
_EM_LEVEL = re.compile(
    r"\blevel\s*([1-5])\b[^.\n]{0,30}?\b(new|established)\b|\b(new|established)\b[^.\n]{0,30}?\blevel\s*([1-5])\b", re.I
)


@dataclass(frozen=True)
class DocumentedService:
    """A service a note documents: its code (or the codes its words are billed as), and units if it says."""

    codes: frozenset[str]
    units: int | None = None
    minutes: int | None = None
    explicit: bool = False  # the note wrote the code itself
    page: int = 0  # 0-based index within the record


def units_for_minutes(minutes: int) -> int:
    """Units of a timed code by the 8-minute rule: fewer than 8 minutes bill nothing, then one unit each 15."""
    return (minutes + 7) // 15


def _in_known_range(code: str) -> bool:
    if not code.isdigit():
        return code[0] in "AEGJKLQ"  # HCPCS families seen in these records (ambulance, DME, G-codes, drugs)
    number = int(code)
    return any(low <= number <= high for low, high in _KNOWN_RANGES)


def codes_on_line(line: str) -> list[tuple[str, int, int]]:
    """The procedure codes a line names, with where each is: (code, start, end)."""
    found: list[tuple[str, int, int]] = []
    labelled = bool(_CODE_LABEL.search(line))
    for match in _CODE_TOKEN.finditer(line):
        code = match.group(0)
        before = line[: match.start()]
        if _STATE_ZIP.search(before):
            continue
        after = line[match.end() :]
        if labelled or _in_known_range(code) or _UNITS_AFTER.match(after) or before.rstrip().endswith("("):
            found.append((code, match.start(), match.end()))
    return found


_OCR_CODE = re.compile(r"(?<![\w$.])(?=[\dOolI]{5}\b)(?=(?:[OolI]*\d){3})[\dOolI]{5}(?=\b|-)")
_OCR_TABLE = str.maketrans("OolI", "0011")


def ocr_digits(line: str) -> str:
    """A scan's "9711O" and "97l1O" read back as 97110: letters for digits in a five-character code of digits."""
    if not any(c in line for c in "OolI"):
        return line
    return _OCR_CODE.sub(lambda m: m.group(0).translate(_OCR_TABLE), line)


def documented_services(texts: Iterable[str]) -> list[DocumentedService]:
    """The services a document's pages document, line by line: codes written, services in words, units and minutes."""
    services: list[DocumentedService] = []
    for page, text in enumerate(texts):
        for line in text.split("\n"):
            if len(line) > 400 or not line.strip():
                continue
            services += _line_services(ocr_digits(line), page)
    return services


def _line_services(line: str, page: int) -> list[DocumentedService]:
    out: list[DocumentedService] = []
    codes = codes_on_line(line)
    for number, (code, _start, end) in enumerate(codes):
        stop = codes[number + 1][1] if number + 1 < len(codes) else len(line)
        tail = line[end:stop]
        units, minutes = _amount(tail)
        out.append(DocumentedService(frozenset({code}), units, minutes, explicit=True, page=page))
    if codes:
        return out
    lowered = line.lower()
    if "TE" not in line and not any(word in lowered for word in _SERVICE_KEYWORDS):
        return out
    for pattern, named in SERVICE_WORDS:
        match = pattern.search(line)
        if match is None:
            continue
        units, minutes = _amount(line[match.end() : match.end() + 60])
        out.append(DocumentedService(named, units, minutes, page=page))
    level = _EM_LEVEL.search(line)
    if level is not None:
        digit = level.group(1) or level.group(4)
        kind = (level.group(2) or level.group(3)).lower()
        out.append(DocumentedService(frozenset({f"992{'0' if kind == 'new' else '1'}{digit}"}), page=page))
    return out


def _amount(tail: str) -> tuple[int | None, int | None]:
    """Units and minutes written after a service: "x2", "2 units", "25 min" (the first of each)."""
    head = tail[:60]
    minutes_match = _MINUTES.search(head)
    units_match = _UNITS_WORD.search(head)
    minutes = int(minutes_match.group(1)) if minutes_match else None
    units = None
    if units_match is not None:
        number_at = units_match.start(1) if units_match.group(1) else units_match.start(2)
        # "x 23 min" is minutes, not 23 units: a number a minutes label follows is the minutes.
        if minutes_match is None or number_at != minutes_match.start(1):
            units = int(units_match.group(1) or units_match.group(2))
    return units, minutes


def documented_units(services: Iterable[DocumentedService], code: str) -> int | None:
    """The units of ``code`` the services document: units written, else minutes by the 8-minute rule; None if neither.

    A service written twice (a flowsheet and its summary) counts once: the largest figure stands.
    """
    best: int | None = None
    for service in services:
        if code not in service.codes:
            continue
        units = service.units
        if units is None and service.minutes is not None and code in TIMED_CODES:
            units = units_for_minutes(service.minutes)
        if units is not None:
            best = units if best is None else max(best, units)
    return best


def same_family(billed: str, documented: str) -> bool:
    """Whether two codes are levels of one service (99213 and 99214, 97161 and 97163)."""
    return billed[:4] == documented[:4]
