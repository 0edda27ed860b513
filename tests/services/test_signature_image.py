"""The profile's signature image: checked when it is set, and kept as a copy the report draws."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.profile import get_profile, update_profile


def _signature(path: Path, size: tuple[int, int] = (600, 180), kind: str = "PNG") -> Path:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).line([(20, size[1] - 30), (size[0] // 2, 20), (size[0] - 20, size[1] - 40)], "navy", 6)
    image.save(path, kind)
    return path


def _refusal(data_folder: DataFolder, given: Path) -> str:
    before = get_profile(data_folder)
    with pytest.raises(InvalidInput) as refused:
        update_profile(data_folder, {"name": "Dr Changed", "signature_image": str(given)})
    assert get_profile(data_folder) == before, "a refused profile changes nothing"
    message = str(refused.value)
    assert "signature_image" in message and str(given) in message and "Traceback" not in message
    return message


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_png_or_jpeg_is_copied_into_the_data_folder(kind: str, data_folder: DataFolder, tmp_path: Path) -> None:
    original = _signature(tmp_path / f"signature.{kind.lower()}", kind=kind)
    sent = original.read_bytes()
    saved = update_profile(data_folder, {"signature_image": str(original)})
    kept = Path(saved.signature_image)
    assert kept.parent == data_folder.path / "profile" and kept.read_bytes() == sent
    # Later changes to the original do not change what the report draws.
    _signature(original, size=(300, 90), kind=kind)
    original.unlink()
    assert Path(get_profile(data_folder).signature_image).read_bytes() == sent
    # Saving the profile again with the kept copy (as the profile dialog does) keeps the one copy.
    assert update_profile(data_folder, {"signature_image": str(kept)}).signature_image == str(kept)
    assert len(list(kept.parent.iterdir())) == 1


def test_a_file_that_is_not_an_image_is_refused(data_folder: DataFolder, tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$not-a-real-hash:19000:0:99999:7:::\n", encoding="utf-8")
    assert "is not an image" in _refusal(data_folder, secret)
    assert not (data_folder.path / "profile").exists()


def test_an_unreadable_or_missing_file_is_refused_in_words(data_folder: DataFolder, tmp_path: Path) -> None:
    assert "cannot be read" in _refusal(data_folder, tmp_path / "nowhere.png")
    assert "not a regular file" in _refusal(data_folder, tmp_path)


def test_an_image_of_another_kind_is_refused(data_folder: DataFolder, tmp_path: Path) -> None:
    assert "not a PNG or JPEG" in _refusal(data_folder, _signature(tmp_path / "signature.gif", kind="GIF"))


def test_a_huge_picture_is_refused_from_its_header(data_folder: DataFolder, tmp_path: Path) -> None:
    # 20000 x 20000 pixels of one colour compress to a few hundred KB; decoding would need 1.2 GB.
    bomb = tmp_path / "bomb.png"
    Image.new("1", (20_000, 20_000)).save(bomb, "PNG")
    assert bomb.stat().st_size < 5 * 1024 * 1024
    message = _refusal(data_folder, bomb)
    assert "decompression bomb" in message or "20,000 x 20,000 pixels" in message


def test_a_picture_larger_than_a_signature_is_refused(data_folder: DataFolder, tmp_path: Path) -> None:
    assert "4,500 x 1,000 pixels" in _refusal(data_folder, _signature(tmp_path / "wide.png", size=(4500, 1000)))


def test_a_truncated_png_is_refused(data_folder: DataFolder, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((600, 180), 64).save(buffer, "PNG")
    cut = tmp_path / "cut.png"
    cut.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    assert "damaged image" in _refusal(data_folder, cut)


def test_a_file_over_the_size_cap_is_refused_unread(data_folder: DataFolder, tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    with open(big, "wb") as sink:
        sink.truncate(6 * 1024 * 1024)
    assert "larger than" in _refusal(data_folder, big)
