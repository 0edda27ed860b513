"""Protection at rest: the keys that encrypt a data folder and the formats that hold them.

Below storage and records (both encrypt through it), above the pure domain. Nothing here
writes a key or a plaintext to disk; callers hand in bytes and receive bytes.
"""
