"""Stored results: zstd with a trained dictionary, every past dictionary still readable."""
from __future__ import annotations

import orjson
import pytest
import zstandard

from core import compress
from engine import default_engine


def test_every_dictionary_file_is_named_by_its_id_and_current_names_one():
    files = sorted(compress.DICT_DIR.glob("*.dict"))
    assert files, "no dictionary shipped"
    for path in files:
        assert zstandard.ZstdCompressionDict(path.read_bytes()).dict_id() == int(path.stem), path.name
    assert (compress.DICT_DIR / f"{compress.current_id()}.dict").exists()


def test_an_assessment_packs_to_under_a_tenth_of_its_json_and_back():
    """If this fails after knowledge changes, run `pcn db train-dictionary` and commit the result."""
    for facts in ({"population": 42000, "as_of": "2021-06-01"},
                  {"population": 18000, "as_of": "2019-07-01", "exceptional_circumstances": True},
                  {"population": 96000, "as_of": "2020-05-01", "operating_model": "super_practice"}):
        body = orjson.dumps(default_engine().assess(facts, explain=True))
        packed = compress.pack(body)
        assert zstandard.get_frame_parameters(packed).dict_id == compress.current_id()
        assert len(packed) * 10 < len(body), (len(packed), len(body))
        assert compress.unpack(packed) == body


def test_data_packed_without_a_dictionary_still_unpacks():
    body = orjson.dumps({"rules_version": "x", "flags": ["a"] * 50})
    assert compress.unpack(zstandard.ZstdCompressor(level=3).compress(body)) == body


def test_data_needing_a_dictionary_we_do_not_have_gives_a_clear_error():
    other = zstandard.train_dictionary(4096, [orjson.dumps({"n": i, "text": f"sample {i % 7} " * 40})
                                              for i in range(400)])
    packed = zstandard.ZstdCompressor(dict_data=other).compress(b'{"n": 1, "text": "sample 1 sample 1"}')
    with pytest.raises(LookupError, match=str(other.dict_id())):
        compress.unpack(packed)
