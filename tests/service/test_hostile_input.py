"""Hostile input on every route family: never a 5xx, never a traceback; the 4xx of the API and of the
Slack and Telegram webhooks are problem+json naming the field (or the body, path or header) at
fault, and the web pages answer with their own pages.

One app per database for the whole module (SQLite and PostgreSQL through `db_url`), with Slack and
Telegram plugged in against the fakes of their Web APIs, and one stored assessment, interview and
triage case to aim at. Each case is one request; `check` holds what every answer must satisfy.
"""
from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass, field

import pytest

from core.db import session_scope, shared_db_engine
from engine.facts import MAX_LIST_SIZE, MAX_PRACTICES
from service import create_app
from service.errors import MAX_PATH
from service.jsonprovider import MAX_DEPTH
from tests.fakes.slack_api import FakeSlackAPI, signed_headers
from tests.fakes.slack_user import SECRET as SLACK_SECRET
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_user import SECRET as TELEGRAM_SECRET
from tests.service.conftest import new_key
from tests.web.helpers import token
from web.users import create_user

TRACEBACK_MARKS = ("Traceback", 'File "')
JSON = "application/json"
DEEP_ARRAYS = "[" * 10_000 + "]" * 10_000
DEEP_OBJECTS = '{"a":' * 10_000 + "1" + "}" * 10_000
JUST_TOO_DEEP = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)


@dataclass
class Env:
    """The app under attack and the things in it worth aiming at."""

    client: object
    auth: dict
    adviser: dict
    aid: str
    item: str
    interview: str
    case: int


@pytest.fixture(scope="module")
def env(db_url):
    with FakeSlackAPI() as slack, FakeTelegramAPI() as telegram:
        app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "hostile-test-secret-key-for-web-pages",
                          "SLACK_SIGNING_SECRET": SLACK_SECRET, "SLACK_BOT_TOKEN": "xoxb-test-token",
                          "SLACK_API_URL": slack.url, "TELEGRAM_BOT_TOKEN": "123:test-token",
                          "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET, "TELEGRAM_API_URL": telegram.url})
        client = app.test_client()
        auth = {"Authorization": f"Bearer {new_key(db_url)[1]}"}
        adviser = {"Authorization": f"Bearer {new_key(db_url, 'adviser')[1]}"}
        stored = client.post("/v1/assessments", json={"population": 20000, "as_of": "2019-07-01"}, headers=auth)
        stored = stored.get_json()
        case = client.post(f"/v1/assessments/{stored['id']}/escalate", headers=auth).get_json()["cases"][0]["id"]
        interview = client.post("/v1/interviews", headers=auth).get_json()["id"]
        yield Env(client, auth, adviser, stored["id"], stored["checklist"][0]["id"], interview, case)


def check(resp, fields: set[str] | None, problem: bool = True) -> None:
    """No 5xx, no traceback; a 4xx from the API is problem+json naming one of `fields`."""
    text = resp.get_data(as_text=True)
    assert resp.status_code < 500, text[:500]
    for mark in TRACEBACK_MARKS:
        assert mark not in text, text[:500]
    if 400 <= resp.status_code < 500 and problem:
        assert resp.mimetype == "application/problem+json", (resp.status_code, text[:300])
        body = resp.get_json()
        assert body["status"] == resp.status_code and body["title"]
        assert all(isinstance(m, str) and m for msgs in body["errors"].values() for m in msgs)
        if fields is not None:
            assert set(body["errors"]) & fields, (resp.status_code, body)


@dataclass
class Req:
    """One hostile request: `path` may name {aid}, {item}, {interview} and {case}."""

    method: str
    path: str
    data: bytes | str | None = None
    content_type: str | None = JSON
    headers: dict = field(default_factory=dict)
    fields: set | None = None     # a 4xx must name one of these
    status: set | None = None     # when given, the status must be one of these
    key: str = "auth"             # which key: auth, adviser or none

    def send(self, env: Env):
        path = self.path.format(aid=env.aid, item=env.item, interview=env.interview, case=env.case)
        headers = dict(getattr(env, self.key, {}) if self.key != "none" else {})
        headers.update(self.headers)
        if self.content_type:
            headers["Content-Type"] = self.content_type
        return env.client.open(path, method=self.method, data=self.data, headers=headers)


# ---- JSON body routes x hostile bodies ------------------------------------------------------------

#: Each route taking a JSON body: (method, path, a field it reads, a value of the wrong type for it,
#: which key may call it).
BODY_ROUTES = {
    "assess": ("POST", "/v1/assessments", "population", '"many"', "auth"),
    "batch": ("POST", "/v1/assessments/batch", "items", '"all of them"', "auth"),
    "checklist": ("PATCH", "/v1/assessments/{aid}/checklist/{item}", "done", '"yes"', "auth"),
    "what_if": ("POST", "/v1/assessments/{aid}/what-if", "changes", "[1, 2]", "auth"),
    "escalate": ("POST", "/v1/assessments/{aid}/escalate", "note", "[[]]", "auth"),
    "questions": ("POST", "/v1/questions", "question", "{}", "auth"),
    "interview": ("POST", "/v1/interviews", "facts", "[[]]", "auth"),
    "answer": ("POST", "/v1/interviews/{interview}/answers", "question", "7", "auth"),
    "refine": ("POST", "/v1/interviews/{interview}/refine", "topic", "{}", "auth"),
    "change": ("POST", "/v1/interviews/{interview}/change", "question", "true", "auth"),
    "resolve": ("POST", "/v1/triage/cases/{case}/resolve", "note", "12", "adviser"),
}

OPTIONAL_BODY = {"escalate", "interview", "refine"}
#: Other fields a route may name first when the one aimed at is wrong (an answer needs a value too).
ALSO_NAMED = {"answer": {"value"}}


def body_cases():
    for name, (method, path, key, wrong, who) in BODY_ROUTES.items():
        def req(data, fields, content_type=JSON, status=None, _m=method, _p=path, _w=who, _n=name):
            if key in fields:
                fields = fields | ALSO_NAMED.get(_n, set())
            return Req(_m, _p, data, content_type, fields=fields, status=status, key=_w)
        yield f"{name}-deep-arrays", req(DEEP_ARRAYS, {"body"}, status={400})
        yield f"{name}-deep-objects", req(DEEP_OBJECTS, {"body"}, status={400})
        yield f"{name}-just-too-deep", req(f'{{"{key}": {JUST_TOO_DEEP}}}', {"body"}, status={400})
        yield f"{name}-invalid-json", req('{"' + key + '": ', {"body"}, status={400})
        # an empty body is no body where the body is optional (escalate, start or refine an interview)
        yield f"{name}-empty-body", req("", {"body"}, status={400, 200, 201} if name in OPTIONAL_BODY else {400})
        yield f"{name}-not-utf8", req(b'{"' + key.encode() + b'": "\xff\xfe"}', {"body"}, status={400})
        yield f"{name}-raw-nul-byte", req(b'{"' + key.encode() + b'": "a\x00b"}', {"body"}, status={400})
        yield f"{name}-text-plain", req(f'{{"{key}": 1}}', {"Content-Type"}, "text/plain", {415})
        yield f"{name}-form-encoded", req(f"{key}=1", {"Content-Type"}, "application/x-www-form-urlencoded", {415})
        yield f"{name}-top-level-array", req("[]", {"body", key}, status={422})
        yield f"{name}-top-level-string", req('"hello"', {"body", key}, status={422})
        yield f"{name}-wrong-type", req(f'{{"{key}": {wrong}}}', {key}, status={422})
        yield f"{name}-duplicate-key", req(f'{{"{key}": null, "{key}": {wrong}}}', {key}, status={400})
        yield f"{name}-duplicate-key-invalid-first", req(f'{{"{key}": {wrong}, "{key}": null}}', {key}, status={400})
        yield f"{name}-unknown-field", req(f'{{"{key}": {wrong}, "zz_unknown": 1}}', {key, "zz_unknown"}, status={422})
        yield f"{name}-nul-escape", req(f'{{"{key}": "a\\u0000b"}}', {key}, status={422})
        yield f"{name}-lone-surrogate", req(f'{{"{key}": "\\ud800"}}', {key}, status={422})
        yield f"{name}-huge-string", req(json.dumps({key: "x" * 200_000}), {key}, status={422})
        yield f"{name}-over-a-megabyte", req(json.dumps({key: "x" * (1024 * 1024 + 1)}), {"body"}, status={413})


# ---- facts, field by field -------------------------------------------------------------------------

def facts(value: dict | str, fields: set, status: set) -> Req:
    data = value if isinstance(value, str) else json.dumps(value)
    return Req("POST", "/v1/assessments", data, fields=fields, status=status)


FACT_CASES = {
    "population-as-string": facts({"population": "42000"}, {"population"}, {422}),
    "population-fraction": facts({"population": 42000.5}, {"population"}, {422}),
    "population-integral-float": facts({"population": 42000.0}, set(), {201}),
    "population-negative": facts({"population": -1}, {"population"}, {422}),
    "population-huge": facts({"population": 10**30}, {"population"}, {422}),
    "population-beyond-64-bits": facts('{"population": 1' + "0" * 400 + "}", {"population"}, {422}),
    "population-exponent": facts('{"population": 1e308}', {"population"}, {422}),
    "population-nan": facts('{"population": NaN}', {"population", "body"}, {400, 422}),
    "population-infinity": facts('{"population": -Infinity}', {"population", "body"}, {400, 422}),
    "population-boolean": facts({"population": True}, {"population"}, {422}),
    "population-object": facts({"population": {"$gt": 0}}, {"population"}, {422}),
    "as-of-impossible-day": facts({"as_of": "2019-02-30"}, {"as_of"}, {422}),
    "as-of-words": facts({"as_of": "yesterday'; DROP TABLE assessments;--"}, {"as_of"}, {422}),
    "as-of-year-99999": facts({"as_of": "99999-01-01"}, {"as_of"}, {422}),
    "as-of-number": facts({"as_of": 20190701}, {"as_of"}, {422}),
    "as-of-rtl-override": facts({"as_of": "\u202e2019-07-01"}, {"as_of"}, {422}),
    "model-sql": facts({"operating_model": "' OR '1'='1"}, {"operating_model"}, {422}),
    "model-traversal": facts({"operating_model": "../../etc/passwd"}, {"operating_model"}, {422}),
    "boolean-as-string": facts({"exceptional_circumstances": "true"}, {"exceptional_circumstances"}, {422}),
    "boolean-as-number": facts({"exceptional_circumstances": 1}, {"exceptional_circumstances"}, {422}),
    "list-size-as-string": facts({"practices": [{"list_size": "12000"}]}, {"practices"}, {422}),
    "list-size-integral-float": facts({"practices": [{"list_size": 12000.0}]}, set(), {201}),
    "list-size-fraction": facts({"practices": [{"list_size": 12000.5}]}, {"practices"}, {422}),
    "list-size-over-limit": facts({"practices": [{"list_size": MAX_LIST_SIZE + 1}]}, {"practices"}, {422}),
    "too-many-practices": facts({"practices": [{"list_size": 1}] * (MAX_PRACTICES + 1)}, {"practices"}, {422}),
    "practice-not-object": facts({"practices": ["Riverside"]}, {"practices"}, {422}),
    "practice-unknown-field": facts({"practices": [{"list_size": 1, "admin": True}]}, {"practices"}, {422}),
    "practice-name-nul": facts({"practices": [{"list_size": 1, "name": "a\u0000b"}]}, {"practices"}, {422}),
    "practice-name-surrogate": facts({"practices": [{"list_size": 1, "name": "\udfff"}]}, {"practices"}, {422}),
    "practice-name-too-long": facts({"practices": [{"list_size": 1, "name": "n" * 201}]}, {"practices"}, {422}),
    "practice-name-rtl-and-html": facts({"practices": [{"list_size": 9, "name": "\u202e<script>x</script>"}]},
                                        set(), {201}),
    "practices-not-list": facts({"practices": {"0": {"list_size": 1}}}, {"practices"}, {422}),
    "population-disagrees-with-practices": facts({"population": 5, "practices": [{"list_size": 6}]},
                                                 {"population"}, {422}),
    "unknown-fact": facts({"is_admin": True}, {"is_admin"}, {422}),
    "unicode-key": facts({"popu\u200blation": 42000}, {"popu\u200blation"}, {422}),
    "batch-items-not-objects": Req("POST", "/v1/assessments/batch", json.dumps({"items": [1, "x", None]}),
                                   status={200}),
    "batch-empty": Req("POST", "/v1/assessments/batch", '{"items": []}', fields={"items"}, status={422}),
    "batch-too-many": Req("POST", "/v1/assessments/batch", json.dumps({"items": [{}] * 1001}),
                          fields={"items"}, status={422}),
    "batch-bad-include": Req("POST", "/v1/assessments/batch?include=everything", '{"items": [{}]}',
                             fields={"include"}, status={422}),
    "what-if-bad-change": Req("POST", "/v1/assessments/{aid}/what-if", json.dumps({"changes": {"population": "x"}}),
                              fields={"population", "changes"}, status={422}),
    "checklist-note-nul": Req("PATCH", "/v1/assessments/{aid}/checklist/{item}",
                              '{"done": true, "note": "a\\u0000"}', fields={"note"}, status={422}),
    "checklist-note-lone-surrogate": Req("PATCH", "/v1/assessments/{aid}/checklist/{item}",
                                         '{"done": true, "note": "\\udc00"}', fields={"note"}, status={422}),
    "checklist-note-empty": Req("PATCH", "/v1/assessments/{aid}/checklist/{item}", '{"done": true, "note": ""}',
                                fields={"note"}, status={422}),
    "checklist-note-too-long": Req("PATCH", "/v1/assessments/{aid}/checklist/{item}",
                                   json.dumps({"done": True, "note": "b" * 256}), fields={"note"}, status={422}),
    "checklist-by-forged": Req("PATCH", "/v1/assessments/{aid}/checklist/{item}",
                               '{"done": true, "by": "\\n# Forged\\n- [x] item"}', fields={"by"}, status={422}),
    "checklist-done-missing": Req("PATCH", "/v1/assessments/{aid}/checklist/{item}", '{"note": "me"}',
                                  fields={"done"}, status={422}),
    "answer-unknown-question": Req("POST", "/v1/interviews/{interview}/answers",
                                   '{"question": "../../etc/passwd", "value": 1}', fields={"question"}, status={409}),
    "interview-facts-bad-value": Req("POST", "/v1/interviews", json.dumps({"facts": {"population": [1]}}),
                                     fields={"facts.population"}, status={422}),
    "interview-facts-null": Req("POST", "/v1/interviews", json.dumps({"facts": {"federation_remote": None,
                                                                           "population": 20000}}), status={201}),
    "question-blank": Req("POST", "/v1/questions", '{"question": "   "}', fields={"question"}, status={422}),
    "question-rtl": Req("POST", "/v1/questions", json.dumps({"question": "\u202eledom tlaf"}), status={200}),
}


# ---- paths, query strings and headers --------------------------------------------------------------

HOSTILE_IDS = {
    "sql": "'%20OR%201=1--",
    "traversal": "..%2F..%2Fetc%2Fpasswd",
    "dot-dot": "..",
    "nul": "%00",
    "rtl": "%E2%80%AEdi",
    "bad-utf8": "%ED%A0%80",
    "overlong": "a" * (MAX_PATH + 10),
    "five-thousand": "b" * 5000,
}
ID_ROUTES = {
    "assessment": ("GET", "/v1/assessments/{id}", {"assessment_id"}),
    "checklist": ("GET", "/v1/assessments/{id}/checklist", {"assessment_id"}),
    "item": ("PATCH", "/v1/assessments/{aid}/checklist/{id}", {"item_id"}),
    "interview": ("GET", "/v1/interviews/{id}", {"interview_id"}),
    "case": ("GET", "/v1/triage/cases/{id}", {"case_id"}),
}


def path_cases():
    for route, (method, path, fields) in ID_ROUTES.items():
        for kind, hostile in HOSTILE_IDS.items():
            body = '{"done": true}' if method == "PATCH" else None
            yield f"{route}-{kind}", Req(method, path.replace("{id}", hostile.replace("{", "{{")), body,
                                         JSON if body else None, fields=fields | {"path"},
                                         status={404, 414}, key="adviser" if route == "case" else "auth")
    for size in (2**31, 2**63, 10**30):
        yield f"case-number-{size}", Req("GET", f"/v1/triage/cases/{size}", None, None, fields={"case_id", "path"},
                                         status={404}, key="adviser")
        yield f"claim-number-{size}", Req("POST", f"/v1/triage/cases/{size}/claim", None, None,
                                          fields={"case_id", "path"}, status={404}, key="adviser")


QUERY_CASES = {
    "limit-word": Req("GET", "/v1/triage/cases?limit=abc", content_type=None, fields={"limit"}, status={422},
                      key="adviser"),
    "limit-negative": Req("GET", "/v1/triage/cases?limit=-1", content_type=None, fields={"limit"}, status={422},
                          key="adviser"),
    "limit-huge": Req("GET", f"/v1/triage/cases?limit={10**30}", content_type=None, fields={"limit"},
                      status={422}, key="adviser"),
    "limit-float": Req("GET", "/v1/triage/cases?limit=1.5", content_type=None, fields={"limit"}, status={422},
                       key="adviser"),
    "status-sql": Req("GET", "/v1/triage/cases?status=open'--", content_type=None, fields={"status"},
                      status={422}, key="adviser"),
    "topic-nul": Req("GET", "/v1/triage/cases?topic=a%00b", content_type=None, fields={"topic"}, status={422},
                     key="adviser"),
    "format-traversal": Req("GET", "/v1/assessments/{aid}/checklist?format=../../x", content_type=None,
                            fields={"format"}, status={422}),
    "accept-garbage": Req("GET", "/v1/assessments/{aid}/checklist", content_type=None,
                          headers={"Accept": "text/*;q=x, */*;q=-1, ;;;"}, status={200}),
    "batch-get": Req("GET", "/v1/assessments/batch", content_type=None, fields={"method"}, status={405}),
    **{f"knowledge-{what}-junk-query": Req("GET", f"/v1/knowledge/{what}?model=%00&topic=" + "%5B" * 1000 + "&x=%ED%A0%80",
                                           content_type=None, status={200, 422})
       for what in ("questions", "rules", "models")},
    **{f"knowledge-{what}-with-body": Req("GET", f"/v1/knowledge/{what}", DEEP_ARRAYS, status={200})
       for what in ("questions", "rules", "models")},
    "healthz-junk": Req("GET", "/healthz?%00=%ff", content_type=None, status={200}, key="none"),
}

BAD_AUTH = {
    "missing": None,
    "empty": "",
    "bearer-only": "Bearer",
    "bearer-space": "Bearer ",
    "basic": "Basic dXNlcjpwYXNz",
    "wrong-key": "Bearer pcn_not_a_real_key",
    "huge-key": "Bearer " + "k" * 100_000,
    "latin1": "Bearer caf\xe9",
    "sql": "Bearer ' OR 1=1--",
    "two-keys": "Bearer a, Bearer b",
}


def auth_cases():
    for kind, value in BAD_AUTH.items():
        headers = {} if value is None else {"Authorization": value}
        yield f"assess-{kind}", Req("POST", "/v1/assessments", "{}", headers=headers, fields={"Authorization"},
                                    status={401}, key="none")
        yield f"triage-{kind}", Req("GET", "/v1/triage/cases", None, None, headers=headers,
                                    fields={"Authorization"}, status={401}, key="none")
    yield "assess-key-on-adviser-route", Req("GET", "/v1/triage/cases", None, None, fields={"Authorization"},
                                             status={403})
    yield "long-header", Req("GET", "/v1/knowledge/questions", None, None, headers={"X-Junk": "j" * 100_000},
                             status={200})


ALL_CASES = dict(
    [*body_cases(), *FACT_CASES.items(), *path_cases(), *QUERY_CASES.items(), *auth_cases()])


@pytest.mark.parametrize("name", list(ALL_CASES))
def test_api_answers_hostile_input_with_a_problem_naming_the_field(env, name):
    req = ALL_CASES[name]
    resp = req.send(env)
    if req.status:
        assert resp.status_code in req.status, (resp.status_code, resp.get_data(as_text=True)[:300])
    check(resp, req.fields or None)


# ---- Slack and Telegram webhooks -------------------------------------------------------------------

SLACK_TIMESTAMPS = {"word": "abc", "fraction": "1.5", "empty": "", "huge": "9" * 5000, "negative": "-1",
                    "spaces": " 1 ", "exponent": "1e9", "old": "1", "unicode-digits": "\u0661\u0662"}


@pytest.mark.parametrize("kind", list(SLACK_TIMESTAMPS))
def test_slack_refuses_timestamps_that_are_not_whole_seconds(env, kind):
    body = b"token=x&command=%2Fpcn&text=help"
    headers = signed_headers(SLACK_SECRET, body, "application/x-www-form-urlencoded")
    headers["X-Slack-Request-Timestamp"] = SLACK_TIMESTAMPS[kind]
    resp = env.client.post("/slack/events", data=body, headers=headers)
    assert resp.status_code == 401
    # a whole number too old to be signed now is Bolt's to refuse: it names the signature
    check(resp, {"X-Slack-Request-Timestamp"} | ({"X-Slack-Signature"} if kind == "old" else set()))


SLACK_BODIES = {
    "deep-arrays": DEEP_ARRAYS, "deep-objects": DEEP_OBJECTS, "invalid": "{not json", "string": '"string"',
    "array": "[]", "authorizations-text": '{"authorizations": "x"}', "team-number": '{"team": 5, "user": []}',
    "event-text": '{"type": "event_callback", "event": "x"}', "deep-payload": "payload=" + DEEP_ARRAYS,
    "payload-array": "payload=%5B%5D",
}


#: Bodies Bolt cannot read at all; signed or not, they are refused. (Signed objects whose fields have
#: shapes Slack never sends are Slack's to send: only it holds the signing secret.)
UNREADABLE = {"deep-arrays", "deep-objects", "invalid", "string", "array", "deep-payload", "payload-array"}
SLACK_CASES = [(kind, False) for kind in SLACK_BODIES] + [(kind, True) for kind in sorted(UNREADABLE)]


@pytest.mark.parametrize("kind, signed", SLACK_CASES, ids=[f"{k}-{'signed' if s else 'unsigned'}" for k, s in SLACK_CASES])
def test_slack_bodies_that_are_not_payloads_are_refused(env, kind, signed):
    raw = SLACK_BODIES[kind].encode()
    ctype = JSON if raw.startswith((b"{", b"[", b'"')) else "application/x-www-form-urlencoded"
    headers = signed_headers(SLACK_SECRET if signed else "not-the-secret", raw, ctype)
    resp = env.client.post("/slack/events", data=raw, headers=headers)
    assert resp.status_code in (400, 401)
    check(resp, {"body", "X-Slack-Signature"})


TELEGRAM_BODIES = {
    "deep-arrays": DEEP_ARRAYS, "deep-objects": DEEP_OBJECTS, "invalid": "{", "empty": "", "array": "[]",
    "no-update-id": '{"message": {}}', "bad-update": '{"update_id": "x", "message": [[1]]}',
    "nul": '{"update_id": 1, "message": "\\u0000"}',
}


@pytest.mark.parametrize("kind", list(TELEGRAM_BODIES))
def test_telegram_refuses_bodies_that_are_not_updates(env, kind):
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": JSON}
    resp = env.client.post("/telegram/webhook", data=TELEGRAM_BODIES[kind], headers=headers)
    assert resp.status_code == 400
    check(resp, {"body", "update_id"})


@pytest.mark.parametrize("secret", [None, "", "wrong", "x" * 10_000, TELEGRAM_SECRET + "\u00e9".encode().decode("latin-1")])
def test_telegram_refuses_a_wrong_secret(env, secret):
    headers = {"Content-Type": JSON} | ({} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret})
    resp = env.client.post("/telegram/webhook", data=DEEP_ARRAYS, headers=headers)
    assert resp.status_code == 401
    check(resp, {"X-Telegram-Bot-Api-Secret-Token"})


# ---- the web pages ---------------------------------------------------------------------------------

WEB_PATHS = ["/assessments/' OR 1=1--", "/assessments/..%2F..%2Fetc", "/assessments/%00",
             "/assessments/{aid}/checklist.exe", "/assessments/{aid}/checklist.md%00", "/advisers/cases/%00",
             "/ask?question=" + "%E2%80%AE" * 500, "/ask?question=%00%ED%A0%80", "/" + "p" * 5000]


@pytest.mark.parametrize("path", WEB_PATHS)
def test_web_pages_survive_hostile_paths(env, path):
    resp = env.client.get(path.format(aid=env.aid))
    check(resp, None, problem=False)
    assert resp.status_code in (200, 302, 400, 404, 414)


WEB_FORMS = {
    "answer-huge": ("/questions/population", {"answer": "9" * 100_000}),
    "answer-nul": ("/questions/population", {"answer": "4\x002000"}),
    "answer-rtl": ("/questions/as_of", {"answer": "\u202e1 July 2019"}),
    "answer-unknown-question": ("/questions/..%2Fadmin", {"answer": "1"}),
    "name-html": ("/assessments/{aid}/checklist", {"name": "<script>alert(1)</script>\x00", "done": ["x"] * 50}),
    "ask-adviser-nul": ("/ask/adviser", {"question": "\x00" * 10}),
    "note-huge": ("/assessments/{aid}/adviser", {"note": "n" * 200_000}),
}


@pytest.mark.parametrize("kind", list(WEB_FORMS))
def test_web_forms_survive_hostile_values(env, kind):
    path, data = WEB_FORMS[kind]
    client = env.client.application.test_client()
    client.post("/start", data={"csrf_token": token(client)})
    resp = client.post(path.format(aid=env.aid), data={"csrf_token": token(client), **data})
    check(resp, None, problem=False)
    assert resp.status_code in (200, 302, 400, 404, 413, 422)


#: Raw form bodies (the CSRF token is added in front where the body is a form).
WEB_BODIES = {
    "multipart-no-boundary": ("multipart/form-data", b"--x\r\n"),
    "multipart-unterminated": ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1'),
    "bad-percent-and-many-fields": ("application/x-www-form-urlencoded",
                                    b"&a=%zz%&" + b"&".join(b"f%d=1" % i for i in range(20_000))),
    "deep-brackets": ("application/x-www-form-urlencoded", b"&answer=" + b"[" * 10_000),
    "json-deep": (JSON, DEEP_ARRAYS.encode()),
}
WEB_POSTS = ["/start", "/questions/population", "/ask/adviser", "/advisers/sign-in"]


@pytest.mark.parametrize("path", WEB_POSTS)
@pytest.mark.parametrize("kind", list(WEB_BODIES))
def test_web_posts_survive_hostile_bodies(env, kind, path):
    ctype, body = WEB_BODIES[kind]
    client = env.client.application.test_client()
    if ctype.startswith("application/x-www"):
        body = b"csrf_token=" + token(client).encode() + body
    resp = client.post(path, data=body, headers={"Content-Type": ctype})
    check(resp, None, problem=False)
    assert resp.status_code in (200, 302, 400, 401, 413, 422)


def test_web_forms_without_a_token_are_refused(env):
    resp = env.client.application.test_client().post("/start", data=DEEP_ARRAYS, content_type=JSON)
    check(resp, None, problem=False)
    assert resp.status_code == 400


def test_an_adviser_account_with_a_hostile_name_is_harmless(env, db_url):
    name = f"<img src=x onerror=alert(1)> {time.time_ns()}"
    with session_scope(shared_db_engine(db_url)) as s:
        create_user(s, name, "adviser", "correct horse battery")
    client = env.client.application.test_client()
    resp = client.post("/advisers/sign-in", data={"csrf_token": token(client, "/advisers/sign-in"),
                                                    "name": name, "password": "correct horse battery"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:300]   # signed in
    page = client.get("/advisers").get_data(as_text=True)
    assert "Signed in as &lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page


# ---- bodies, whatever their framing ----------------------------------------------------------------

MB = 1024 * 1024
TWO_MB_OF_SPACES = b'{"population": 20000}' + b" " * (2 * MB)


def chunked(env: Env, path: str, body: bytes, headers: dict | None = None, content_type: str = JSON):
    """POST `body` as a server passes on a chunked request: no Content-Length, the stream ended by
    the server (`wsgi.input_terminated`, as gunicorn and Werkzeug's server set it)."""
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Response

    environ = EnvironBuilder(path=path, method="POST", headers={**(headers or {}), "Content-Type": content_type,
                                                                "Transfer-Encoding": "chunked"}).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["wsgi.input_terminated"] = True
    return Response.from_app(env.client.application, environ)


@pytest.mark.parametrize("kind, body", [("json-then-two-mb-of-spaces", TWO_MB_OF_SPACES),
                                        ("two-point-six-mb", json.dumps({"population": "x" * int(2.6 * MB)}).encode()),
                                        ("one-byte-over", b'{"population": 1}'.ljust(MB + 1))])
def test_a_chunked_body_beyond_the_limit_is_a_413(env, kind, body):
    resp = chunked(env, "/v1/assessments", body, env.auth)
    assert resp.status_code == 413, resp.get_data(as_text=True)[:300]
    check(resp, {"body"})


def test_a_chunked_body_within_the_limit_is_read_whole(env):
    resp = chunked(env, "/v1/assessments", b'{"population": 20000}'.ljust(MB), env.auth)
    assert resp.status_code == 201, resp.get_data(as_text=True)[:300]
    assert resp.get_json()["eligibility"]["status"]


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
@pytest.mark.parametrize("path", ["/slack/events", "/telegram/webhook"])
def test_a_webhook_body_beyond_the_limit_is_a_413_signed_or_not(env, path, framing):
    body = b'{"update_id": 1, "type": "event_callback"}' + b" " * (2 * MB)
    if framing == "chunked":
        resp = chunked(env, path, body, {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    else:
        resp = env.client.post(path, data=body, headers={"Content-Type": JSON,
                                                         "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    assert resp.status_code == 413, resp.get_data(as_text=True)[:300]
    check(resp, {"body"})


def test_a_chunked_form_beyond_the_limit_is_a_413_page(env):
    client = env.client.application.test_client()
    form = b"csrf_token=" + token(client).encode() + b"&question=" + b"q" * (2 * MB)
    resp = chunked(env, "/ask/adviser", form, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 413 and resp.mimetype == "text/html"
    check(resp, None, problem=False)
