"""`reviewer verify` and `reviewer sign` under attack: forgeries exit 1 with words, the genuine report exits 0.

One data folder with the demo cases filled and the peer review signed with the profile's own
certificate; each test forges from that signed report (or signs with someone else's certificate)
as an attacker would, through the command line a vendor or the physician uses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.signing import create_local_ca, issue_signing_certificate, load_local_ca, sign_pdf
from tests.reports.demo_findings import IME, PEER_REVIEW, PHYSICIAN, fill_demo_findings
from tests.signing.forgeries import (
    look_alike_p12,
    one_page_report,
    with_annotation,
    with_covering_signature,
    with_page_content_changed,
)

PASSWORD = "signing password 1"
FORGER_PASSWORD = "forger password"


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def workplace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("forgeries")
    folder = open_data_folder(root / "data")
    ensure_demo_cases(folder)
    fill_demo_findings(folder)
    folder.close()
    (root / "password.txt").write_text(PASSWORD + "\n", encoding="utf-8")
    (root / "forger.txt").write_text(FORGER_PASSWORD + "\n", encoding="utf-8")
    data = str(root / "data")
    assert main(["--data-dir", data, "profile", "certificate", "--out", str(root / "me.p12"),
                 "--password-file", str(root / "password.txt")]) == 0  # fmt: skip
    assert main(["--data-dir", data, "sign", PEER_REVIEW, "--out", str(root / "signed.pdf"),
                 "--password-file", str(root / "password.txt")]) == 0  # fmt: skip
    return root


@pytest.fixture(scope="module")
def data_dir(workplace: Path) -> Path:
    return workplace / "data"


@pytest.fixture(scope="module")
def signed(workplace: Path) -> bytes:
    return (workplace / "signed.pdf").read_bytes()


def _verify(data_dir: Path, capsys: pytest.CaptureFixture[str], pdf: bytes, at: Path, *extra: str) -> tuple[int, str]:
    at.write_bytes(pdf)
    code, out, err = run(data_dir, capsys, "verify", str(at), *extra)
    assert "Traceback" not in out + err and "unexpected error" not in (out + err).lower()
    return code, out + err


def test_the_genuine_report_verifies_with_every_verdict_apart(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(data_dir, capsys, "verify", str(workplace / "signed.pdf"), "--json")
    check = json.loads(out)
    assert code == 0, err
    assert {key: check[key] for key in ("valid", "intact", "trusted", "covers_document", "later_changes")} == {
        "valid": True, "intact": True, "trusted": True, "covers_document": True, "later_changes": [],
    }  # fmt: skip
    assert check["signer"] == PHYSICIAN and check["signed_at"]
    code, out, _ = run(data_dir, capsys, "verify", str(workplace / "signed.pdf"))
    assert code == 0 and out.startswith(f"Valid: signed by {PHYSICIAN}")


def test_another_data_folder_verifies_the_report_only_when_told_to_trust_the_authority(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor = workplace / "vendor-data"
    code, words = _verify(vendor, capsys, (workplace / "signed.pdf").read_bytes(), workplace / "at-vendor.pdf")
    assert code == 1 and "No certificate authority to trust was given" in words
    code, words = _verify(
        vendor, capsys, (workplace / "signed.pdf").read_bytes(), workplace / "at-vendor.pdf",
        "--trust", str(data_dir / "signing" / "ca.pem"),
    )  # fmt: skip
    assert code == 0 and words.startswith(f"Valid: signed by {PHYSICIAN}")


def test_a_changed_determination_signed_with_a_look_alike_certificate_is_refused(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = sign_pdf(
        one_page_report("Determination: Denied"), look_alike_p12(PHYSICIAN, "pw"), "pw", reason="Physician's report"
    )
    code, words = _verify(data_dir, capsys, forged, workplace / "look-alike.pdf")
    assert code == 1
    assert f"NOT VALID (it names {PHYSICIAN}): the signer is not certified by an authority you trust." in words
    assert "nothing was changed" not in words


def test_a_report_signed_through_a_strangers_authority_is_refused(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stranger = issue_signing_certificate(create_local_ca("Another Authority"), name="Mallory Someone", password="pw")
    forged = sign_pdf(one_page_report("Determination: Denied"), stranger, "pw", reason="Physician's report")
    code, words = _verify(data_dir, capsys, forged, workplace / "stranger.pdf")
    assert code == 1 and "not issued by a certificate authority you trust" in words


def test_a_covering_second_signature_is_refused_as_a_later_change(
    data_dir: Path, workplace: Path, signed: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    covered = with_covering_signature(signed, look_alike_p12(PHYSICIAN, "pw"), "pw")
    path = workplace / "covered.pdf"
    code, words = _verify(data_dir, capsys, covered, path)
    assert code == 1 and "something a reader sees was added after signing" in words
    code, out, _ = run(data_dir, capsys, "verify", str(path), "--json")
    check = json.loads(out)
    assert code == 1 and not check["valid"] and check["intact"] and not check["covers_document"]
    assert len(check["later_changes"]) == 1 and "'Cover'" in check["later_changes"][0]


@pytest.mark.parametrize("forge", ["page edited", "annotation added"])
def test_an_edit_appended_after_signing_is_refused_in_words(
    data_dir: Path, workplace: Path, signed: bytes, capsys: pytest.CaptureFixture[str], forge: str
) -> None:
    if forge == "page edited":
        forged = with_page_content_changed(signed)
    else:
        forged = with_annotation(signed, "DETERMINATION: NON-CERTIFY")
    code, words = _verify(data_dir, capsys, forged, workplace / f"{forge.replace(' ', '-')}.pdf")
    assert code == 1 and "something a reader sees was added after signing" in words
    assert "Content was added to the file after it was signed." in words


def test_a_trust_file_that_is_not_a_certificate_is_named_and_trusts_nothing(
    workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = workplace / "junk.pem"
    junk.write_text("not a certificate\n", encoding="utf-8")
    code, words = _verify(
        workplace / "vendor-junk", capsys, (workplace / "signed.pdf").read_bytes(), workplace / "j.pdf",
        "--trust", str(junk),
    )  # fmt: skip
    assert code == 1 and "Trusted certificate 1 is not a certificate and was ignored." in words


def _someone_elses(kind: str, data_dir: Path) -> bytes:
    if kind == "self-signed stranger":
        return look_alike_p12("Mallory Someone", FORGER_PASSWORD)
    if kind == "look-alike with the physician's name":
        return look_alike_p12(PHYSICIAN, FORGER_PASSWORD)
    authority = load_local_ca(data_dir / "signing")
    assert authority is not None
    return issue_signing_certificate(authority, name="Mallory Someone", password=FORGER_PASSWORD)


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        ("self-signed stranger", "was not issued by this data folder's certificate authority"),
        ("look-alike with the physician's name", "was not issued by this data folder's certificate authority"),
        ("the folder's authority, another name", f"made out to Mallory Someone, not to {PHYSICIAN}"),
    ],
)
def test_sign_refuses_a_certificate_that_is_not_the_physicians_and_changes_nothing(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str], kind: str, why: str
) -> None:
    p12 = workplace / "someone-else.p12"
    p12.write_bytes(_someone_elses(kind, data_dir))
    out = workplace / "by-someone-else.pdf"
    _, history_before, _ = run(data_dir, capsys, "audit", IME)

    code, _, err = run(
        data_dir, capsys, "sign", IME, "--out", str(out), "--p12", str(p12),
        "--password-file", str(workplace / "forger.txt"),
    )  # fmt: skip

    assert code == 1 and why in err and "nothing was signed or locked" in err
    assert "Traceback" not in err
    assert not out.exists()
    _, history_after, _ = run(data_dir, capsys, "audit", IME)
    assert history_after == history_before
    code, cases, _ = run(data_dir, capsys, "cases", "--json")
    assert next(c for c in json.loads(cases) if c["reference"] == IME)["status"] != "signed"
