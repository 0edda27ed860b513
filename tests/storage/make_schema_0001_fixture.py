"""Write tests/storage/fixtures/schema_0001.sqlite: a database of the first released schema (0001).

An empty database is brought to revision 0001 by the application's own migration, then one
synthetic peer review is inserted as 0001's code wrote it: the case, its question, service,
record, stored file, warning and the physician's profile. Run from the repository root:

    .venv/bin/python -m tests.storage.make_schema_0001_fixture
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from reviewer_app.storage.database import _alembic_config

FIXTURE = Path(__file__).with_name("fixtures") / "schema_0001.sqlite"
NOTE = b"Progress note: lumbar strain after lifting a pallet; improving with therapy.\n"


def main() -> None:
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{FIXTURE}")
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()

    sha = hashlib.sha256(NOTE).hexdigest()
    manifest = {"format": "reviewer-case-bundle", "format_version": 1, "case": {"reference": "PR-2025-000123"}}
    with sqlite3.connect(FIXTURE) as db:
        db.execute(
            "INSERT INTO cases (id, reference, vendor_name, vendor, service, form, line_of_business, jurisdiction,"
            " specialty_requested, received_at, due_at, related_reference, instructions, exam, claim, parties,"
            " billing, manifest, claimant_given, claimant_family, claimant_date_of_birth, claimant_sex,"
            " claim_number, date_of_injury, employer, occupation, mechanism_of_injury, status, imported_at, version)"
            " VALUES (1, 'PR-2025-000123', 'Synthetic Review Services', ?, 'peer_review', NULL, 'workers_comp',"
            " 'CA', 'Orthopaedic Surgery', '2025-10-01T09:15:00-07:00', '2025-10-06T17:00:00-07:00', NULL,"
            " 'Address each question.', '{}', ?, '[]', '[]', ?, 'Testa', 'Sample', '1970-01-02', 'female',"
            " 'WC-25-000123', '2025-06-14', 'Example Logistics', 'Warehouse associate', 'Lifting a pallet',"
            " 'new', '2025-10-01T10:00:00-07:00', 1)",
            (
                json.dumps({"name": "Synthetic Review Services", "contact": "qa@example.test"}),
                json.dumps({"body_parts": ["lumbar spine"]}),
                json.dumps(manifest),
            ),
        )
        db.execute(
            "INSERT INTO requested_services (id, case_id, position, key, description, code, code_system, quantity,"
            " unit) VALUES (1, 1, 0, 'svc1', 'Physical therapy, 12 visits', '97110', 'CPT', 12, 'visits')"
        )
        db.execute(
            "INSERT INTO referral_questions (id, case_id, position, key, text, topic, service_keys)"
            " VALUES (1, 1, 0, 'q1', 'Is the requested physical therapy medically necessary?', 'necessity',"
            " '[\"svc1\"]')"
        )
        db.execute(
            "INSERT INTO stored_files (sha256, size, media_type, page_count, state, state_detail, scanned_pages)"
            " VALUES (?, ?, 'text/plain', 1, 'readable', '', 0)",
            (sha, len(NOTE)),
        )
        db.execute(
            "INSERT INTO records (id, case_id, position, path, sha256, title, kind, provider, date_from, date_to,"
            " version) VALUES (1, 1, 0, 'records/001-note.txt', ?, 'Progress note', 'progress_note',"
            " 'Example Clinic', '2025-07-02', '2025-07-02', 1)",
            (sha,),
        )
        db.execute(
            "INSERT INTO case_warnings (id, case_id, message, created_at)"
            " VALUES (1, 1, 'records/001-note.txt: sent twice; kept once', '2025-10-01T10:00:00-07:00')"
        )
        db.execute(
            "INSERT INTO physician_profile (id, document, updated_at) VALUES (1, ?, '2025-09-30T08:00:00-07:00')",
            (json.dumps({"name": "Dr. Synthetic Example", "credentials": "MD"}),),
        )
    with sqlite3.connect(FIXTURE) as db:
        db.execute("VACUUM")
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
