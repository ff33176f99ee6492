"""Stored results are compressed JSON: zstd at level 1, one compression context per thread.

An assessment is ~95 KB of JSON with many repeated texts and citations; zstd level 1 packs it to
~15 KB in about a tenth of a millisecond and unpacks it in a twentieth. Writing six times fewer
bytes is what makes storing an assessment cheap on SQLite (fewer pages, rarer WAL checkpoints).
"""
from __future__ import annotations

import threading

import zstandard

LEVEL = 1
_local = threading.local()


def _contexts() -> tuple:
    # zstd contexts are not thread-safe, and making one per call costs more than the compression.
    ctx = getattr(_local, "ctx", None)
    if ctx is None:
        ctx = _local.ctx = (zstandard.ZstdCompressor(level=LEVEL), zstandard.ZstdDecompressor())
    return ctx


def pack(data: bytes) -> bytes:
    """`data` compressed (the frame records its size, so `unpack` needs nothing else)."""
    return _contexts()[0].compress(data)


def unpack(blob: bytes) -> bytes:
    """The bytes `pack` was given."""
    return _contexts()[1].decompress(bytes(blob))
