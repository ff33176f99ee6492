"""JSON in and out of the service: request bodies parsed strictly (the standard library) with a
nesting limit, responses encoded by `core.jsonutil` (orjson) with keys in insertion order, so GET
returns what POST returned.

An object naming a key twice is refused (`DuplicateKey`, a 400 naming the key): which of the two
values counts would otherwise depend on the parser. A body nested deeper than `MAX_DEPTH` is refused as a whole (`TooDeep`, a 400 naming the body):
no request the service takes needs more than a few levels, and deeper bodies would only reach the
interpreter's recursion limit somewhere further in.
"""
from __future__ import annotations

import json

from flask.json.provider import DefaultJSONProvider

from core.jsonutil import dumps, dumps_bytes

#: The deepest nesting of arrays and objects a request body may have (a batch of facts needs four).
MAX_DEPTH = 32


class DuplicateKey(ValueError):
    """A JSON object naming the same key twice (the standard library would keep the last silently,
    so a value checked by one reader could differ from the value used by another)."""

    def __init__(self, key: str):
        super().__init__(f"the key {key!r} appears more than once in one object")
        self.key = key


def unique_keys(pairs: list) -> dict:
    """An object's pairs as a dict; DuplicateKey if a key repeats."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return obj


class TooDeep(ValueError):
    """A JSON body nested deeper than MAX_DEPTH."""

    def __init__(self):
        super().__init__(f"nested deeper than {MAX_DEPTH} levels of arrays and objects")


def nested_deeper(value, limit: int = MAX_DEPTH) -> bool:
    """Whether `value` has arrays or objects nested more than `limit` levels deep."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def parse(raw: bytes | str):
    """A request body's JSON value; ValueError if it is not JSON, TooDeep if nested too deep,
    DuplicateKey if an object names a key twice."""
    try:
        value = json.loads(raw, object_pairs_hook=unique_keys)
    except RecursionError:  # far deeper than MAX_DEPTH: the parser gave up first
        raise TooDeep() from None
    if isinstance(value, (dict, list)):
        brackets = (b"[", b"{") if isinstance(raw, bytes) else ("[", "{")
        opened = sum(raw.count(b) for b in brackets)
        # fewer brackets than the limit cannot nest beyond it: most bodies need no walk at all
        if opened > MAX_DEPTH and nested_deeper(value):
            raise TooDeep()
    return value


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON provider: bodies read by `parse` (so `request.get_json` has the nesting limit
    too), responses encoded with orjson."""

    sort_keys = False

    def loads(self, s, **kwargs):
        return parse(s)

    def dumps(self, obj, **kwargs) -> str:
        return dumps(obj)

    def response(self, *args, **kwargs):
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(dumps_bytes(obj), mimetype=self.mimetype)
