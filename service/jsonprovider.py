"""Flask's JSON provider for the service: responses encoded by `core.jsonutil` (orjson), keys in
insertion order, so GET returns what POST returned."""
from __future__ import annotations

from flask.json.provider import DefaultJSONProvider

from core.jsonutil import dumps, dumps_bytes


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, encoding with orjson; request bodies are still parsed strictly by json."""

    sort_keys = False

    def dumps(self, obj, **kwargs) -> str:
        return dumps(obj)

    def response(self, *args, **kwargs):
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(dumps_bytes(obj), mimetype=self.mimetype)
