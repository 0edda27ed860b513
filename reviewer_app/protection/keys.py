"""The key hierarchy of a protected data folder.

The physician's passphrase (and, for a lost passphrase, the recovery key) never encrypts data
itself: each derives, with Argon2id, a key-encryption key that wraps one random master key.
Changing the passphrase therefore re-wraps 32 bytes instead of re-encrypting the folder. The
master key derives the database key (HKDF) and wraps each case's data key; a case key wraps the
keys of the files that case holds, so destroying a case key erases the case cryptographically.
"""

from __future__ import annotations

import base64
import hmac
import os
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12
SALT_BYTES = 16
_WRAP_VERSION = b"\x01"
_RECOVERY_GROUPS = 8  # 8 groups of 4 base32 characters: 160 bits


class KeyUnwrapError(Exception):
    """A wrapped key did not open: the wrong passphrase or key, or the wrapped bytes were altered."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, kept beside the salt so a folder opens with what protected it.

    The defaults follow RFC 9106's second recommended option (64 MiB, 3 passes), which takes
    about half a second on a two-core laptop: slow for a guesser, unnoticed by the physician.
    """

    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 2

    def as_dict(self) -> dict[str, int]:
        return {"time_cost": self.time_cost, "memory_cost_kib": self.memory_cost_kib, "parallelism": self.parallelism}

    @classmethod
    def from_dict(cls, values: dict[str, int]) -> KdfParams:
        return cls(int(values["time_cost"]), int(values["memory_cost_kib"]), int(values["parallelism"]))


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The key-encryption key a passphrase gives with this salt (Argon2id)."""
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def wrap_key(kek: bytes, key: bytes, purpose: str) -> bytes:
    """``key`` encrypted under ``kek`` (AES-256-GCM), bound to ``purpose`` so a wrapped case key
    cannot be passed off as a wrapped master key."""
    nonce = os.urandom(NONCE_BYTES)
    return _WRAP_VERSION + nonce + AESGCM(kek).encrypt(nonce, key, purpose.encode("utf-8"))


def unwrap_key(kek: bytes, wrapped: bytes, purpose: str) -> bytes:
    """The key ``wrap_key`` wrapped; :class:`KeyUnwrapError` when ``kek`` or ``purpose`` is wrong."""
    if len(wrapped) < 1 + NONCE_BYTES + 16 or wrapped[:1] != _WRAP_VERSION:
        raise KeyUnwrapError("The wrapped key is not in a format this version reads.")
    nonce = wrapped[1 : 1 + NONCE_BYTES]
    try:
        return AESGCM(kek).decrypt(nonce, wrapped[1 + NONCE_BYTES :], purpose.encode("utf-8"))
    except InvalidTag as exc:
        raise KeyUnwrapError("The key does not open this wrapped key.") from exc


def new_data_key() -> bytes:
    """A fresh random 256-bit key (a master key, a case key or a file key)."""
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


class MasterKey:
    """The folder's master key, held in memory only while the folder is unlocked."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("A master key is 32 bytes.")
        self._key = key

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(new_data_key())

    @property
    def material(self) -> bytes:
        """The raw key, for wrapping under a passphrase or recovery key; never written as is."""
        return self._key

    def derive(self, purpose: str) -> bytes:
        """A 32-byte subkey for one purpose (``"database"`` for SQLCipher, for instance)."""
        return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode("utf-8")).derive(
            self._key
        )

    def wrap(self, key: bytes, purpose: str) -> bytes:
        return wrap_key(self._key, key, purpose)

    def unwrap(self, wrapped: bytes, purpose: str) -> bytes:
        return unwrap_key(self._key, wrapped, purpose)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MasterKey) and hmac.compare_digest(self._key, other._key)

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:  # never the key itself, even in a traceback
        return "MasterKey(<hidden>)"


def new_recovery_key() -> str:
    """A recovery key to print and keep: 32 base32 characters in groups of four."""
    text = base64.b32encode(secrets.token_bytes(_RECOVERY_GROUPS * 4 * 5 // 8)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_recovery_key(typed: str) -> str:
    """The recovery key as typed, with spaces, dashes and case forgiven (and 0/1 read as O/I)."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum()).replace("0", "O").replace("1", "I")
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))
