"""flask-smorest wired for problem+json: the `Api` and `Blueprint` every resource uses.

Request bodies go through `ProblemParser`, which answers 415 for a non-JSON content type, 400 for a
missing or malformed body and 422 with per-field errors for invalid values. Error responses are
documented in the OpenAPI document as `application/problem+json` with the `Problem` schema.
"""
from __future__ import annotations

import http
import json

import flask_smorest
import marshmallow as ma
from flask_smorest.utils import prepare_response
from webargs.flaskparser import FlaskParser, is_json_request

from core.problems import PROBLEM_JSON

from .errors import ProblemError, flatten, http_problem
from .jsonprovider import DuplicateKey, TooDeep, parse

LOCATIONS = {"json", "query", "querystring", "path", "view_args", "headers"}


class ProblemSchema(ma.Schema):
    """An error: RFC 9457 problem details plus `errors`, {field: [messages]}."""

    class Meta:
        unknown = ma.INCLUDE

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String()
    errors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()),
                            required=True)


def json_request_data(req) -> bytes:
    """The raw body of a JSON request: 415 unless the content type is JSON, 400 if empty."""
    if not is_json_request(req):
        raise ProblemError(415, detail="Send the body as application/json.",
                           errors={"Content-Type": [f"must be application/json, not {req.mimetype or 'missing'}"]})
    raw = req.get_data(cache=True)
    if not raw:
        raise ProblemError(400, detail="A JSON body is required.", errors={"body": ["a JSON body is required"]})
    return raw


def malformed_json(error: Exception) -> ProblemError:
    """The 400 for a body that is not valid JSON (or nested too deep), saying where when the parser knows."""
    if isinstance(error, TooDeep):
        return ProblemError(400, "Body nested too deep", detail="The body is nested too deep.",
                            errors={"body": [str(error)]})
    if isinstance(error, DuplicateKey):
        return ProblemError(400, "Duplicated key", detail="An object in the body names the same key twice.",
                            errors={error.key: ["appears more than once in one object: send it once"]})
    where = f" (line {error.lineno}, column {error.colno}: {error.msg})" if isinstance(error, json.JSONDecodeError) else ""
    return ProblemError(400, "Malformed JSON", detail="The body is not valid JSON.",
                        errors={"body": [f"not valid JSON{where}"]})


class ProblemParser(FlaskParser):
    """webargs parser whose every failure is a ProblemError naming the field."""

    def load_json(self, req, schema):
        """The JSON body; 415 unless the content type is JSON, 400 if empty or malformed. A schema
        with `optional_body = True` takes no body at all (no content, no content type) as `{}`."""
        if getattr(schema, "optional_body", False) and not req.mimetype and not req.get_data(cache=True):
            return {}
        json_request_data(req)
        return super().load_json(req, schema)

    def _raw_load_json(self, req):
        # webargs' own reader, with the service's parser (and its nesting limit)
        if not is_json_request(req):
            return ma.missing  # no JSON body: webargs then reports what is required
        try:
            return parse(req.get_data(cache=True))
        except (TooDeep, DuplicateKey) as exc:
            raise malformed_json(exc) from None

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        raise malformed_json(error)

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        messages = error.messages
        # webargs wraps messages by location ({"json": {...}}); the fields inside are what matter
        if isinstance(messages, dict) and len(messages) == 1 and next(iter(messages)) in LOCATIONS:
            messages = next(iter(messages.values()))
        errors = flatten(messages)
        if "_schema" in errors:  # the body as a whole, e.g. a list where an object belongs
            errors["body"] = errors.pop("_schema")
        raise ProblemError(error_status_code or 422, detail="Some values are not valid.", errors=errors)


def json_body(req) -> dict:
    """The request's JSON object, with the parser's 415/400/422 problems, for views whose values the
    engine checks itself (a marshmallow pass over every field first would only repeat its work)."""
    raw = json_request_data(req)
    try:
        body = parse(raw)
    except ValueError as exc:  # UnicodeDecodeError and TooDeep are ValueErrors too
        raise malformed_json(exc) from None
    if not isinstance(body, dict):
        raise ProblemError(422, detail="Some values are not valid.", errors={"body": ["must be a JSON object"]})
    return body


def json_request_body(schema, description: str) -> dict:
    """OpenAPI `requestBody` documenting `schema` for a view that reads its body with `json_body`."""
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}}}


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose argument errors are problem documents."""

    ARGUMENTS_PARSER = ProblemParser()


class Api(flask_smorest.Api):
    """flask-smorest's Api documenting and returning errors as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error):
        """Any HTTP error raised by Flask or flask-smorest, as a problem document."""
        return http_problem(error)

    def _register_responses(self):
        # Same as flask-smorest's, but the error responses are application/problem+json.
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error, naming the field at fault", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def errors(blp: Blueprint, *statuses: int):
    """Decorator documenting each status as the view's problem+json response."""
    def wrap(view):
        # alt_response documents by wrapping the view in a pass-through call; keep its documentation
        # and drop the wrapper, so a request does not pay for one call per documented error.
        doc = view
        for status in statuses:
            doc = blp.alt_response(status, response=http.HTTPStatus(status).name)(doc)
        view._apidoc = doc._apidoc
        return view
    return wrap
