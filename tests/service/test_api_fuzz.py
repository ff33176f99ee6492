"""Fuzzing with schemathesis against the app's own OpenAPI document.

Every operation gets schema-valid and schema-violating requests (bounded in examples and time);
no response may be a 5xx, and every response must match the document: a documented status, the
documented content type and headers, and a body that conforms to the response schema. Requests the
document calls invalid must be refused (4xx), and valid ones never refused as malformed (400, 413,
415): a 422 is allowed, for what no schema can say (a population that is not the sum of the list
sizes, an answer of the wrong kind for the question being asked). Operations on one
assessment are fuzzed both with random ids and with a stored assessment's id and checklist items;
those on one triage case with random ids and a real case. The key has the adviser scope, so the
advisers' endpoints are fuzzed too (an assess key only ever gets their 403).
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
EXAMPLES = 12          # per operation, per mode, per variant
BUDGET_SECONDS = 25    # per database: the fuzz stops starting new operations after this

MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


def load_schema(app):
    """The app's OpenAPI document for schemathesis, valid requests allowed a 422 (see above)."""
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    accepted = schema.config.checks.positive_data_acceptance
    accepted.expected_statuses = [*accepted.expected_statuses, "422"]
    return schema


def fuzz(operation, auth: dict, mode, path_parameters=None) -> None:
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])
    @given(case=strategy)
    def run(case):
        headers = dict(case.headers or {})
        headers.setdefault("Authorization", auth["Authorization"])
        case.headers = headers
        response = case.call()
        case.validate_response(response, checks=CHECKS)

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
    ran = []
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
                fuzz(operation, auth, mode, params)
        ran.append(operation.label)
    assert len(ran) >= 16, ran


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
