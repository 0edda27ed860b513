"""The key hierarchy: a passphrase opens the master key, nothing else does."""

from __future__ import annotations

import pytest

from reviewer_app.protection.keys import (
    KdfParams,
    KeyUnwrapError,
    MasterKey,
    new_data_key,
    new_recovery_key,
    new_salt,
    normalise_recovery_key,
    passphrase_key,
    unwrap_key,
    wrap_key,
)

FAST = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)


def test_the_right_passphrase_opens_the_master_key_and_a_wrong_one_is_refused() -> None:
    salt = new_salt()
    master = MasterKey.generate()
    wrapped = wrap_key(passphrase_key("correct horse battery", salt, FAST), master.material, "master")

    opened = unwrap_key(passphrase_key("correct horse battery", salt, FAST), wrapped, "master")
    assert MasterKey(opened) == master
    with pytest.raises(KeyUnwrapError):
        unwrap_key(passphrase_key("correct horse batterY", salt, FAST), wrapped, "master")


def test_a_wrapped_key_is_bound_to_its_purpose_and_to_its_bytes() -> None:
    master = MasterKey.generate()
    case_key = new_data_key()
    wrapped = master.wrap(case_key, "case:1")
    assert master.unwrap(wrapped, "case:1") == case_key
    with pytest.raises(KeyUnwrapError):
        master.unwrap(wrapped, "case:2")
    tampered = wrapped[:-1] + bytes([wrapped[-1] ^ 1])
    with pytest.raises(KeyUnwrapError):
        master.unwrap(tampered, "case:1")
    assert case_key not in wrapped


def test_subkeys_differ_by_purpose_and_the_key_never_shows_in_its_repr() -> None:
    master = MasterKey.generate()
    assert master.derive("database") != master.derive("files")
    assert master.derive("database") == MasterKey(master.material).derive("database")
    assert master.material.hex() not in repr(master)


def test_a_recovery_key_typed_loosely_reads_the_same() -> None:
    recovery = new_recovery_key()
    assert len(recovery.replace("-", "")) == 32
    assert normalise_recovery_key(recovery.lower().replace("-", " ")) == recovery
