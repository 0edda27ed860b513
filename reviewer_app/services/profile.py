"""The physician's profile: read and change it."""

from __future__ import annotations

from typing import Any

from reviewer_app.domain.profile import PhysicianProfile, profile_from_json
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.repositories import ProfileRepository


def get_profile(folder: DataFolder) -> PhysicianProfile:
    with folder.database.transaction() as session:
        return ProfileRepository(session).get()


def update_profile(folder: DataFolder, changes: dict[str, Any]) -> PhysicianProfile:
    """Apply the keys given over the current profile; invalid values change nothing."""
    with folder.database.transaction() as session:
        repository = ProfileRepository(session)
        profile = profile_from_json(changes, base=repository.get())
        repository.save(profile, folder.clock())
    return profile


def save_profile(folder: DataFolder, profile: PhysicianProfile) -> None:
    with folder.database.transaction() as session:
        ProfileRepository(session).save(profile, folder.clock())
