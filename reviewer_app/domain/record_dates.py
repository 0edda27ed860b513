"""Dates found in record pages, each with its role: service, birth, injury, signed, printed, faxed, received.

Real records write one date half a dozen ways (03/16/2026, 3/16/26, March 16, 2026, Mar 16 2026,
16-Mar-26, 2026-03-16, 16 March 2026) and carry many dates per page: the patient's date of birth
in every header, the fax machine's stamp on top, the signature's time at the bottom. Only the
date of the encounter may become a document's date of service, so each date gets its role from
the words before it on its line and from the kind of line it sits on. Deterministic rules: the
same page always gives the same dates. "Strength 5/5" and "BP 120/80" carry no year and are
never dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class DateRole(StrEnum):
    """What a date on a page is the date of."""

    SERVICE = "service"  # the encounter: "Date of service", "DOS", "Visit date", "Admission"...
    SERVICE_END = "service_end"  # the last day of a stay or a span: "Discharge date", "to 03/20/2026"
    BIRTH = "birth"
    INJURY = "injury"
    SIGNED = "signed"  # signed, dictated, transcribed, authenticated
    PRINTED = "printed"
    FAXED = "faxed"  # a fax header's stamp
    RECEIVED = "received"
    ISSUED = "issued"  # the document's own date: "Date of notice", "Date of report", "Today's date"
    PLANNED = "planned"  # a follow-up or a next appointment: not yet happened
    MENTIONED = "mentioned"  # an earlier study or visit spoken of in the text ("MRI of 04/24/2026 reviewed")
    UNLABELLED = "unlabelled"  # a date on its own ("Date: 03/16/2026" counts as service)


@dataclass(frozen=True)
class FoundDate:
    """One date on a page: where it is (line, characters), what it is, and the words that said so."""

    date: dt.date
    role: DateRole
    line: int  # 0-based line of the page
    start: int  # character offset in the page's text
    label: str  # the words before it on its line, lower case (what gave the role)
    specific: bool = False  # a label that names the role ("Date of service"), not a bare "Date:"


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    "|".join(
        (
            # 2026-03-16 (ISO) first: its parts would otherwise read as nothing.
            r"(?<![\d/.-])(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)(?![\d/-])",
            # 03/16/2026, 3/16/26, 03-16-2026, 03.16.2026 (US order); a lone "5/5" or "120/80" has no year.
            r"(?<![\d/.:-])(?P<nm>\d{1,2})(?P<sep>[/.-])(?P<nd>\d{1,2})(?P=sep)(?P<ny>(?:19|20)\d\d|\d\d)(?![\d/.-]?\d)",
            # March 16, 2026 / Mar 16 2026 / Mar. 16th, 2026
            rf"\b{_MONTH.replace('mon', 'am')}\s+(?P<ad>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ay>(?:19|20)\d\d)\b",
            # 16 March 2026 / 16-Mar-26 / 16-MAR-2026
            rf"(?<![\d/.-])(?P<bd>\d{{1,2}})(?:\s+|-){_MONTH.replace('mon', 'bm')}"
            r"(?:,?\s+|-)(?P<by>(?:19|20)\d\d|\d\d)\b",
        )
    ),
    re.IGNORECASE,
)


# Labels, matched against the words just before a date on its line (lower case). Order matters:
# the most specific first ("date of birth" before "date"), the nearest label wins.
def _any(*alternatives: str) -> str:
    return "|".join(alternatives)


_LABELS: tuple[tuple[DateRole, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        (DateRole.BIRTH, _any(r"\bd\.?[o0]\.?b\b", "date of birth", "birth ?date", r"\bborn\b", r"\bbirthday")),
        (
            DateRole.INJURY,
            _any(
                r"\bd\.?o\.?i\b",
                "date (?:and hour )?of (?:injury|accident|loss)",
                "injury date",
                "injured on",
                r"\bd/i\b",
            )
            + "|accident date",
        ),
        (
            DateRole.SIGNED,
            _any(
                "signed",
                "signature",
                "authenticated",
                "attested",
                "dictated",
                "transcribed",
                r"\bd:\s*$",
                "prepared",
                "executed on",
            )
            + "|"
            + _any(r"\bt:\s*$", "finali[sz]ed", "verified by", "approved by", "reviewed and signed"),
        ),
        (
            DateRole.PRINTED,
            _any("printed", "print date", "run date", "generated on", "report generated", "statement date")
            + "|"
            + _any("billing date", "invoice date", "due date", "date billed", "bill date", "reported"),
        ),
        (
            DateRole.ISSUED,
            _any("date of (?:notice|determination|decision|report|letter)", "(?:notice|determination|decision) date")
            + "|"
            + _any("today'?s date", "report date", "letter date", "date of this (?:report|letter|form)"),
        ),
        (DateRole.RECEIVED, _any("received", r"rec'?d\b", "date rec", "intake date")),
        (DateRole.FAXED, _any(r"\bfax(?:ed)?\b", r"\bsent\b", "transmi")),
        (
            DateRole.SERVICE_END,
            _any("discharge(?:d)?(?: date)?", "date of discharge", r"\bthrough\b", r"\bthru\b", r"\bto\s*$")
            + "|"
            + _any(r"\s-\s*$", "end date"),
        ),
        (
            DateRole.PLANNED,
            _any("follow[- ]?up", "next (?:visit|appointment|appt)", "return (?:on|visit|to clinic)", r"\brtc\b")
            + "|"
            + _any("scheduled", "recheck on"),
        ),
        (
            DateRole.SERVICE,
            _any("dates? of service", r"\bd\.?o\.?s\b", "service date", r"\b[bd][o0]s\s*:\s*$")
            + "|dates? of (?:visit|exam|examination|evaluation|treatment|procedure|surgery|study|encounter|consult)"
            + "|(?:visit|exam|examination|evaluation|encounter|treatment|procedure|surgery|study) date"
            + "|(?:consult(?:ation)?|collection|specimen|admission|admit|session|test|injection|therapy) date"
            + "|"
            + _any(r"\badmi(?:tted|ssion|t)\b", "date seen", "seen on", r"\bcollected\b", r"\bfrom\s*$")
            + "|"
            + _any(r"\bexam(?:ined)? on", r"\bperformed on", r"\bvisit\b", r"\barriv(?:al|ed)\b")
            + "|first (?:examination|treatment|visit)",
        ),
        (DateRole.UNLABELLED, r"\bdate\s*(?:/\s*time)?\s*:?\s*$"),  # a bare "Date:": service at a note's top
        (
            DateRole.MENTIONED,
            _any(r"\bprior\b", "previous", "last (?:visit|seen)", r"\bon\s*$", r"\bof\s*$", r"\bin\s*$")
            + "|"
            + _any(r"\bsince\b", r"\bbefore\b", r"\bafter\b", r"\bdated\b", "from the", "date of hire", r"\bhired\b"),
        ),
    )
)

# A fax machine's header line: "FROM: Coast Ortho  03/17/2026 10:42  P. 3/9", "Fax Server ... Page 2 of 7".
FAX_LINE = re.compile(
    r"\bfax\b|^\s*(?:from|to)\s*:|\bp\.\s*\d+\s*/\s*\d+\b|\bpage\s*\d+\s*/\s*\d+\b.*\d:\d\d|\d:\d\d\s*(?:am|pm)?\s+.*\bp(?:age|g)?\.?\s*\d+\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_OCR_SLIP = re.compile(r"(?<=[\d/])[OolI](?=[\d/])|(?<=\d)[OolI]|[OolI](?=\d{1,3}/)")
_OCR_DIGITS = {"O": "0", "o": "0", "l": "1", "I": "1"}
# A line that ends in a date's label (its value on the next line): "Date of Service:", "DOB".
_LABEL_ENDING = re.compile(
    r"(?:date|dos|dob|doi|d\.o\.s\.?|service|birth|injury|admission|discharge|treatment|examination|illness)\s*:?\s*$",
    re.I,
)
_WEAK = (DateRole.UNLABELLED, DateRole.MENTIONED)
_SIGNER_BEFORE = re.compile(r"[a-z]\.?,?\s+(?:m\.?d|d\.?o|dpt|pt|pa-c|np|d\.?c|rn|otr/l)\b\.?[\s,]*date\s*:?\s*$")
_LABEL_REACH = 48  # characters before a date that may hold its label


def two_digit_year(year: int, text: str) -> int:
    """A year written as "26" or "78": this century up to 50 years ahead of 2000, the last one otherwise."""
    if len(text) == 4:
        return year
    return 2000 + year if year <= 50 else 1900 + year


def _to_date(match: re.Match[str]) -> dt.date | None:
    g = match.groupdict()
    try:
        if g["iy"]:
            return dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["nm"]:
            return dt.date(two_digit_year(int(g["ny"]), g["ny"]), int(g["nm"]), int(g["nd"]))
        if g["am"]:
            return dt.date(int(g["ay"]), _MONTHS[g["am"].lower().rstrip(".")], int(g["ad"]))
        if g["bm"]:
            return dt.date(two_digit_year(int(g["by"]), g["by"]), _MONTHS[g["bm"].lower().rstrip(".")], int(g["bd"]))
    except (ValueError, KeyError):
        return None  # 02/30/2026, 13/01/2026: not a date
    return None


def _role(label: str, line_text: str, at_line_start: bool) -> tuple[DateRole, bool]:
    """The role the words before a date give it, and whether a label named it; a fax header's dates are the fax's."""
    best: tuple[int, DateRole] | None = None
    for role, pattern in _LABELS:
        for found in pattern.finditer(label):
            # The label nearest the date wins ("DOB 01/02/1970  Visit date 03/16/2026"); a label that
            # names a role beats a bare "Date:" or "on" ("Electronically signed by A. Chu, MD on 3/18/26").
            distance = len(label) - found.end() + (1000 if role in _WEAK else 0)
            if best is None or distance < best[0]:
                best = (distance, role)
    if FAX_LINE.search(line_text) and (
        best is None or best[1] in (DateRole.SERVICE, DateRole.MENTIONED, DateRole.UNLABELLED)
    ):
        return DateRole.FAXED, True
    if best is not None and best[1] is DateRole.UNLABELLED:
        # "Signature: ________  Date: 03/17/2026" is the signature's date, and so is the "Date:" after a
        # clinician's name ("Daniel K. Whitfield, MD   Date: 04/01/2026").
        lowered = line_text.lower()
        if _SIGNER_BEFORE.search(label):
            return DateRole.SIGNED, True
        for role, word in ((DateRole.SIGNED, "sign"), (DateRole.PRINTED, "print"), (DateRole.RECEIVED, "receiv")):
            if word in lowered:
                return role, True
        return DateRole.UNLABELLED, False
    if best is not None:
        return best[1], True
    return (DateRole.UNLABELLED if at_line_start or len(label.strip()) < 3 else DateRole.MENTIONED), False


# A claim form's service line: "04 20 26  04 20 26  11  97110 ..." (CMS-1500 box 24A, from and to, MM DD YY).
_FORM_SPAN = re.compile(r"(?<![\d/.-])(\d\d) (\d\d) (\d\d|\d{4})\s+(\d\d) (\d\d) (\d\d|\d{4})(?![\d/.-])")


def _form_spans(line: str, number: int, offset: int) -> list[FoundDate]:
    found = []
    for match in _FORM_SPAN.finditer(line):
        try:
            start = dt.date(
                two_digit_year(int(match.group(3)), match.group(3)), int(match.group(1)), int(match.group(2))
            )
        except ValueError:
            continue
        found.append(FoundDate(start, DateRole.SERVICE, number, offset + match.start(), "date of service", True))
    return found


def find_dates(text: str) -> list[FoundDate]:
    """Every date on a page, in reading order, each with its role."""
    found: list[FoundDate] = []
    offset = 0
    previous_line = ""
    previous_lines: list[str] = []  # the lines before this one
    for number, line in enumerate(text.split("\n")):
        if not _DIGIT.search(line):  # every date has a digit: most lines are passed over at once
            offset += len(line) + 1
            previous_line = line
            previous_lines.append(line)
            continue
        if "|" in line:  # OCR's table rules ("Date: | 10/30/2026") are no words: spaces, one for one
            line = line.replace("|", " ")
        if _OCR_SLIP.search(line):  # a scan's "O3/16/2O26": letters read for digits, one for one
            line = _OCR_SLIP.sub(lambda m: _OCR_DIGITS[m.group(0)], line)
        previous_end = 0
        if "  " in line or "\t" in line:
            found += _form_spans(line, number, offset)
        for match in _DATE.finditer(line):
            date = _to_date(match)
            if date is None:
                continue
            before = line[max(previous_end, match.start() - _LABEL_REACH) : match.start()].lower()
            at_start = not line[: match.start()].strip()
            if at_start and previous_end == 0 and _LABEL_ENDING.search(previous_line):
                # "Date of Service:" on one line and its date on the next, as table cells come out; a long
                # label wraps over two or three short lines ("15. Date and hour" / "of first" / "examination:").
                wrapped = [previous_line]
                for earlier in reversed(previous_lines[-3:-1]):
                    if len(earlier) > _LABEL_REACH or _DATE.search(earlier):
                        break
                    wrapped.insert(0, earlier)
                before = " ".join(wrapped)[-_LABEL_REACH * 2 :].lower() + " "
            # A label never reaches back across another date's label: "DOB 1/2/70 DOS 3/16/26".
            role, specific = _role(before, line, at_start)
            found.append(FoundDate(date, role, number, offset + match.start(), before.strip(), specific))
            previous_end = match.end()
        offset += len(line) + 1
        previous_line = line
        previous_lines.append(line)
    return found
