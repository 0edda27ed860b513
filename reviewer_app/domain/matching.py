"""Whether the physician may take a case: specialty match and licensure, checked at import."""

from __future__ import annotations

import datetime as dt

from reviewer_app.domain.case import CaseDetails
from reviewer_app.domain.profile import PhysicianProfile


def _normalise(specialty: str) -> str:
    # "Orthopaedic Surgery" and "orthopedic surgery" are the same specialty.
    return " ".join(specialty.lower().replace("orthopaedic", "orthopedic").replace("&", "and").split())


def assignment_warnings(details: CaseDetails, profile: PhysicianProfile, today: dt.date) -> list[str]:
    """Warnings a vendor or regulator would raise first: specialty and licence."""
    warnings: list[str] = []
    requested = details.specialty_requested
    if requested and profile.specialties:
        if _normalise(requested) not in {_normalise(s) for s in profile.specialties}:
            warnings.append(
                f"The vendor asks for a reviewer in {requested}; your profile lists {', '.join(profile.specialties)}."
            )
    elif requested and not profile.specialties:
        warnings.append(f"The vendor asks for {requested}; your profile lists no specialty to match it.")
    jurisdiction = details.jurisdiction
    if jurisdiction:
        held = [lic for lic in profile.licenses if lic.state == jurisdiction]
        if not held:
            warnings.append(f"The case is in {jurisdiction}; your profile holds no {jurisdiction} license.")
        elif not any(lic.valid_on(today) for lic in held):
            expired = max(lic.expires for lic in held if lic.expires)
            warnings.append(
                f"The case is in {jurisdiction}; your {jurisdiction} license expired on {expired.isoformat()}."
            )
    return warnings
