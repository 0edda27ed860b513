"""The recommendation of the peer review an IME follows, for the IME's workspace."""

from __future__ import annotations

from reviewer_app.domain.case import Case, Service
from reviewer_app.domain.handoff import Handoff, handoff_from_answers
from reviewer_app.services.cases import find_related_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import get_answers


def peer_review_handoff(folder: DataFolder, case: Case, related: Case | None = None) -> Handoff | None:
    """The recommendation of the peer review ``case`` follows, or None (no related peer review, or nothing left).

    ``related`` may be given when the caller already found the related case.
    """
    earlier = related if related is not None else find_related_case(folder, case)
    if earlier is None or earlier.details.service is not Service.PEER_REVIEW:
        return None
    handoff = handoff_from_answers(earlier.reference, get_answers(folder, earlier))
    return None if handoff.empty else handoff
