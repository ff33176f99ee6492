"""Fuzzing with schemathesis against the app's own OpenAPI document.

Every operation gets schema-valid and schema-violating requests (bounded in examples and time);
no response may be a 5xx, and every response must match the document: a documented status, the
documented content type and headers, and a body that conforms to the response schema. Requests the
document calls invalid must be refused (4xx), and valid ones accepted: the one exception is a 422
naming a field whose rule no schema can state (`RULES_NO_SCHEMA_STATES`: a population that is not
the sum of the list sizes, an answer of the wrong kind for the question being asked), which
`service.contract` says in words. Operations on one assessment are fuzzed both with random ids and
with a stored assessment's id and checklist items; those on one triage case with random ids and a
real case. The key has the adviser scope, so the advisers' endpoints are fuzzed too (an assess key
only ever gets their 403), and it is sent on every case (a generated Authorization header is
replaced: with it, every case was a 401 and then a 429, and nothing was tested).
"""
from __future__ import annotations

import time

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, negative_data_rejection, positive_data_acceptance]
#: Operation → fields a valid-looking request may still be refused for (422), by rules no schema states.
RULES_NO_SCHEMA_STATES = {
    "POST /v1/assessments": {"population"},
    "POST /v1/assessments/{assessment_id}/what-if": {"changes"},
    "POST /v1/interviews": {"facts.population"},
    "POST /v1/interviews/{interview_id}/answers": {"value"},
}
EXAMPLES = 12          # per operation, per mode, per variant
BUDGET_SECONDS = 25    # per database: the fuzz stops starting new operations after this

MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


def load_schema(app):
    """The app's OpenAPI document for schemathesis."""
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


def checks_for(operation, response) -> list:
    """Every check, but a 422 naming a field whose rule no schema states is not "valid data refused"."""
    allowed = RULES_NO_SCHEMA_STATES.get(operation.label, set())
    if response.status_code == 422 and allowed & set(response.json().get("errors", {})):
        return [c for c in CHECKS if c is not positive_data_acceptance]
    return CHECKS


def fuzz(operation, auth: dict, mode, path_parameters=None, statuses: list | None = None) -> None:
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])
    @given(case=strategy)
    def run(case):
        case.headers = {**(case.headers or {}), "Authorization": auth["Authorization"]}
        response = case.call()
        if statuses is not None:
            statuses.append(response.status_code)
        case.validate_response(response, checks=checks_for(operation, response))

    try:
        run()
    except hypothesis.errors.Unsatisfiable:  # nothing to break in this operation (e.g. GET /healthz)
        pass


@pytest.mark.filterwarnings("ignore")
def test_fuzz_every_operation(app, make_key, client):
    auth = {"Authorization": f"Bearer {make_key('adviser')[1]}"}
    stored = client.post("/v1/assessments", json={"population": 20000, "exceptional_circumstances": True},
                         headers=auth).get_json()
    items = [i["id"] for i in stored["checklist"]] or ["none"]
    case = client.post(f"/v1/assessments/{stored['id']}/escalate", headers=auth).get_json()["cases"][0]["id"]
    schema = load_schema(app)
    started = time.monotonic()
    ran, statuses = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        variants = [None]
        if "{assessment_id}" in operation.path:
            known = {"assessment_id": stored["id"]}
            if "{item_id}" in operation.path:
                known["item_id"] = items[0]
            variants.append(known)
        if "{case_id}" in operation.path:
            variants.append({"case_id": case})
        for params in variants:
            for mode in MODES:
                if time.monotonic() - started > BUDGET_SECONDS:
                    break
                fuzz(operation, auth, mode, params, statuses)
        ran.append(operation.label)
    assert len(ran) >= 16, ran
    # the key was taken: most cases reached the operation (not a 401 or a 429 for every one)
    assert sum(200 <= s < 300 for s in statuses) > len(statuses) // 4, sorted(set(statuses))


@pytest.mark.filterwarnings("ignore")
def test_fuzz_the_interview_api(app, make_key, client):
    """The interview operations on their own budget, with random ids and a real interview of the key."""
    auth = {"Authorization": f"Bearer {make_key()[1]}"}
    interview = client.post("/v1/interviews", headers=auth).get_json()["id"]
    schema = load_schema(app)
    ran = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/v1/interviews"):
            continue
        variants = [None] + ([{"interview_id": interview}] if "{interview_id}" in operation.path else [])
        for params in variants:
            for mode in MODES:
                fuzz(operation, auth, mode, params)
        ran.append(operation.label)
    assert len(ran) == 6, ran
