"""Stored results are compressed JSON: zstd at level 1 with a dictionary trained on assessments.

An assessment is ~95 KB of JSON in which most of the text (rule explanations, flag messages,
citations) recurs from one assessment to the next. A zstd dictionary trained on sample assessments
holds that text once: with it a result packs to ~5 KB in well under a tenth of a millisecond,
against ~15 KB and twice the time without. Writing fewer bytes is most of what makes storing an
assessment cheap.

Dictionaries live in `core/dictionaries/` as `<dict id>.dict` and are never deleted or changed:
every frame records the id of the dictionary it was made with (0 for none), and `unpack` finds it
by that id, so rows stored with an older dictionary stay readable. `current` names the one new
rows use. When the knowledge base changes a lot, `pcn db train-dictionary` (`core.cli`) writes a
new dictionary from fresh sample assessments and makes it current.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import zstandard

LEVEL = 1
DICT_DIR = Path(__file__).resolve().parent / "dictionaries"
DICT_SIZE = 110_000
_local = threading.local()


@lru_cache(maxsize=None)
def dictionary(dict_id: int) -> zstandard.ZstdCompressionDict:
    """The stored dictionary with this id (a clear error if it is missing)."""
    path = DICT_DIR / f"{dict_id}.dict"
    if not path.exists():
        raise LookupError(f"stored data needs zstd dictionary {dict_id}, which is not in {DICT_DIR}")
    return zstandard.ZstdCompressionDict(path.read_bytes())


def current_id() -> int:
    """The id of the dictionary new data is packed with (0: none)."""
    path = DICT_DIR / "current"
    return int(path.read_text().strip()) if path.exists() else 0


def _compressor() -> zstandard.ZstdCompressor:
    # zstd contexts are not thread-safe, and making one per call costs more than the compression.
    c = getattr(_local, "compressor", None)
    if c is None:
        dict_id = current_id()
        c = _local.compressor = zstandard.ZstdCompressor(
            level=LEVEL, dict_data=dictionary(dict_id) if dict_id else None)
    return c


def _decompressor(dict_id: int) -> zstandard.ZstdDecompressor:
    cache = getattr(_local, "decompressors", None)
    if cache is None:
        cache = _local.decompressors = {}
    d = cache.get(dict_id)
    if d is None:
        d = cache[dict_id] = zstandard.ZstdDecompressor(dict_data=dictionary(dict_id) if dict_id else None)
    return d


def pack(data: bytes) -> bytes:
    """`data` compressed (the frame records its size and dictionary, so `unpack` needs nothing else)."""
    return _compressor().compress(data)


def unpack(blob: bytes) -> bytes:
    """The bytes `pack` was given, whichever dictionary (or none) packed them."""
    blob = bytes(blob)
    return _decompressor(zstandard.get_frame_parameters(blob).dict_id).decompress(blob)
