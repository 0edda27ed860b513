"""An editing session in its own process: answers saved one at a time, as the findings panel saves them.

``python -m tests.reliability.edit_driver DATA_DIR CASE ANSWERS_JSON`` prints ``saved FIELD_ID`` after
each answer is saved (what the panel would show as saved), then ``done``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.findings import set_answers
from reviewer_app.services.writer_lock import writing


def main(data_dir: Path, reference: str, answers_file: Path) -> None:
    answers = json.loads(answers_file.read_text(encoding="utf-8"))
    with writing(data_dir, "the edit driver"):
        folder = open_data_folder(data_dir)
        try:
            case = find_case(folder, reference)
            for field_id, value in answers.items():
                set_answers(folder, case, {field_id: value})
                print(f"saved {field_id}", flush=True)
        finally:
            folder.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
