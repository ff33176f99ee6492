"""Asking and escalating in Slack, driven with signed requests against the fake Web API:
answers with citations, the adviser channel post, Claim, Resolve (modal), and the practice told."""
from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import update

from core.db import session_scope, shared_db_engine
from core.records import TriageCase
from core.triage import casework
from tests.fakes.slack_api import action_body, command_body, signed_headers, view_body
from tests.fakes.slack_user import SECRET, is_checklist

CHANNEL = "CADV"
ANSWERS = {"population": ("type", "about 20k"), "as_of": ("date", "2020-02-20"),
           "operating_model": ("click", "federation"), "exceptional_circumstances": ("click", "__unsure__"),
           "provider_holds_nhs_contract": ("click", "__unsure__"), "vat_advice_taken": ("click", "false")}


def uid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:8].upper()


@pytest.fixture
def advisers():
    return uid("UADV"), uid("UADV")


@pytest.fixture
def app(make_app, advisers):
    return make_app(PCN_ADVISER_CHANNEL=CHANNEL, PCN_ADVISERS=",".join(advisers))


def posts(fake, channel=CHANNEL) -> list[dict]:
    return fake.named("chat.postMessage", channel=channel)


def press(client, user: str, message: dict, prefix: str, channel: str, case: int | None = None):
    """Click the button whose action id starts with `prefix` on a posted message (for `case`, if given)."""
    for block in message["blocks"]:
        for el in block.get("elements") or []:
            if el.get("type") == "button" and el["action_id"].startswith(prefix) and (
                    case is None or json.loads(el["value"]).get("c") == case):
                action = {"type": "button", "action_id": el["action_id"], "block_id": block["block_id"],
                          "value": el["value"], "text": el["text"]}
                body, ct = action_body(user, action, {"ts": message.get("_ts") or message.get("ts"),
                                                      "blocks": message["blocks"]}, channel=channel)
                r = client.post("/slack/events", data=body, headers=signed_headers(SECRET, body, ct))
                assert r.status_code == 200
                return r
    raise AssertionError(f"no {prefix} button on {message.get('text')!r}")


def submit(client, user: str, view: dict, note: str):
    body, ct = view_body(user, view, {"note": {"note_input": note}})
    return client.post("/slack/events", data=body, headers=signed_headers(SECRET, body, ct))


def command(client, user: str, text: str):
    body, ct = command_body(user, text)
    return client.post("/slack/events", data=body, headers=signed_headers(SECRET, body, ct))


def leave_only_open(db_url, case_id):
    """Resolve every other case: the queue shows the most urgent first, a screenful at most, so cases
    other tests left open in the shared database must not push a routine one off it."""
    with session_scope(shared_db_engine(db_url)) as s:
        s.execute(update(TriageCase).where(TriageCase.id != case_id, TriageCase.status != "resolved")
                  .values(status="resolved"))


def case_row(db_url, case_id):
    with session_scope(shared_db_engine(db_url)) as s:
        case = casework.get_case(s, case_id)
        return casework.case_json(case, casework.events(s, case_id))


def test_escalate_post_claim_resolve_and_the_practice_is_told(slack_user, app, advisers, fake_slack, db_url):
    first, second = advisers
    u = slack_user(uid("UGP"), app=app)
    msgs = u.run_to_result(ANSWERS)
    result = next(m for m in msgs if "Ask an LMC adviser" in json.dumps(m["blocks"]) and not is_checklist(m))
    before = len(u.messages())
    press(u.client, u.user, result, "pcn_escalate", u.channel)
    told = fake_slack.wait(lambda _: [m for m in u.messages()[before:] if "passed this to the LMC advisers" in m["text"]
                                      or "LMC advisers" in json.dumps(m["blocks"])], what="the escalation reply")
    text = json.dumps(told[0]["blocks"])
    assert "Sub-30k approval" in text and "BMA, The primary care network handbook" in text
    # every new case is posted to the adviser channel with Claim and Resolve
    with session_scope(shared_db_engine(db_url)) as s:
        opened = {c.id: c.topic for c in casework.list_cases(s, user_ref=f"T0PCN:{u.user}")}
    assert list(opened.values()) == ["sub_30k_approval"]     # one request, one case
    channel_posts = fake_slack.wait(lambda _: len([p for p in posts(fake_slack) if u.user in json.dumps(p["blocks"])])
                                    == len(opened) and [p for p in posts(fake_slack) if u.user in json.dumps(p["blocks"])],
                                    what="the adviser channel posts")
    sub30k = next(p for p in channel_posts if "Sub-30k approval" in p["text"])
    assert "Why this priority" in json.dumps(sub30k["blocks"])
    case_id = json.loads(sub30k["blocks"][-1]["elements"][0]["value"])["c"]
    assert case_row(db_url, case_id)["priority"] == "high"
    # someone who is not an adviser cannot claim
    press(u.client, uid("UNOBODY"), sub30k, "pcn_triage_claim", CHANNEL)
    fake_slack.wait(lambda _: fake_slack.named("chat.postEphemeral", channel=CHANNEL), what="the 'only advisers' notice")
    assert case_row(db_url, case_id)["status"] == "open"
    # the first adviser claims; the post shows it; a second claim keeps the first owner
    press(u.client, first, sub30k, "pcn_triage_claim", CHANNEL)
    updated = fake_slack.wait(lambda _: [p for p in fake_slack.named("chat.update", channel=CHANNEL, ts=sub30k["_ts"])
                                         if "Claimed by" in json.dumps(p["blocks"])], what="the claimed post")
    assert f"<@{first}>" in json.dumps(updated[-1]["blocks"])
    press(u.client, second, sub30k, "pcn_triage_claim", CHANNEL)
    notice = fake_slack.wait(lambda _: fake_slack.named("chat.postEphemeral", user=second), what="the conflict notice")
    assert "claimed by" in notice[0]["text"] and case_row(db_url, case_id)["claimed_by"] == f"slack:{first}"
    # Resolve opens a modal; a blank note is refused; the note is sent to the practice
    press(u.client, first, updated[-1] | {"_ts": sub30k["_ts"]}, "pcn_triage_resolve", CHANNEL)
    view = fake_slack.wait(lambda _: fake_slack.named("views.open"), what="the resolve modal")[-1]["view"]
    assert view["callback_id"] == "pcn_triage_resolve_view"
    blank = submit(u.client, first, view, "   ")
    assert blank.status_code == 200 and "errors" in blank.get_data(as_text=True)
    before = len(u.messages())
    assert submit(u.client, first, view, "Talk to the CCG's primary care lead; we can join the call.").status_code == 200
    reply = fake_slack.wait(lambda _: [m for m in u.messages()[before:] if "adviser has replied" in json.dumps(m["blocks"])],
                            what="the reply in the practice's DM")
    assert "primary care lead" in json.dumps(reply[0]["blocks"])
    fake_slack.wait(lambda _: [p for p in fake_slack.named("chat.update", channel=CHANNEL, ts=sub30k["_ts"])
                               if "Resolved by" in json.dumps(p["blocks"])], what="the resolved post")
    fake_slack.wait(lambda _: "notified" in [e["action"] for e in case_row(db_url, case_id)["events"]], what="notified")
    case = case_row(db_url, case_id)
    assert case["status"] == "resolved" and case["resolution"].startswith("Talk to the CCG")
    assert [e["action"] for e in case["events"]] == ["opened", "posted", "claimed", "resolved", "notified"]
    assert case["conversation"]["channel"] == "slack" and case["conversation"]["id"] and case["assessment_id"]
    # asking again once it is answered is a new request: one new case, filed the same way
    before = len(u.messages())
    assert command(u.client, u.user, "adviser").status_code == 200
    fake_slack.wait(lambda _: [m for m in u.messages()[before:] if "LMC advisers" in json.dumps(m["blocks"])],
                    what="the second request's reply")
    with session_scope(shared_db_engine(db_url)) as s:
        now = [c.topic for c in casework.list_cases(s, user_ref=f"T0PCN:{u.user}")]
    assert now == ["sub_30k_approval", "sub_30k_approval"]
    # and asking a third time while that one is open opens nothing more
    before = len(u.messages())
    assert command(u.client, u.user, "adviser").status_code == 200
    fake_slack.wait(lambda _: [m for m in u.messages()[before:] if "Already with the advisers" in json.dumps(m["blocks"])],
                    what="already open")
    with session_scope(shared_db_engine(db_url)) as s:
        assert len(casework.list_cases(s, user_ref=f"T0PCN:{u.user}")) == 2


def test_pcn_ask_answers_with_citations(slack_user, app, fake_slack):
    u = slack_user(uid("UASK"), app=app)
    r = command(u.client, u.user, "ask Who chooses the clinical director?")
    assert r.status_code == 200
    answer = fake_slack.wait(lambda _: [m for m in u.messages() if "Q:" in json.dumps(m["blocks"])], what="the answer")[0]
    text = json.dumps(answer["blocks"])
    assert "Who chooses the clinical director?" in text and "Appointing a clinical director" in text
    assert "Ask an LMC adviser" in text and all(len(b.get("text", {}).get("text", "")) <= 3000 for b in answer["blocks"])
    fake_slack.wait(lambda _: [m for m in u.messages() if "type *start*" in m["text"]], what="the hint to start")


def test_an_unanswered_question_goes_to_the_queue_and_is_handled_from_it(slack_user, app, advisers, fake_slack, db_url):
    first, _ = advisers
    u = slack_user(uid("UQ"), app=app)
    u.say("What is the parking policy at the surgery?")
    nothing = fake_slack.wait(lambda _: [m for m in u.messages() if "could not find" in m["text"]], what="not found")[0]
    press(u.client, u.user, nothing | {"_ts": nothing["_ts"]}, "pcn_escalate", u.channel)
    post = fake_slack.wait(lambda _: [p for p in posts(fake_slack) if "parking policy" in json.dumps(p["blocks"])],
                           what="the question's case")[0]
    case_id = json.loads(post["blocks"][-1]["elements"][0]["value"])["c"]
    assert case_row(db_url, case_id)["kind"] == "question"
    leave_only_open(db_url, case_id)
    # /pcn triage lists it for the adviser, in their DM
    assert command(u.client, first, "triage").status_code == 200
    queue = fake_slack.wait(lambda _: [m for m in posts(fake_slack, "D" + first) if f"case:{case_id}:0" in json.dumps(m)],
                            what="the queue")[0]
    assert "LMC triage queue" in json.dumps(queue["blocks"])
    press(u.client, first, queue, "pcn_triage_claim", "D" + first, case_id)
    fake_slack.wait(lambda _: [p for p in fake_slack.named("chat.update", channel="D" + first, ts=queue["_ts"])
                               if "Claimed by" in json.dumps(p["blocks"])], what="the queue updated")
    fake_slack.wait(lambda _: fake_slack.named("chat.update", channel=CHANNEL, ts=post["_ts"]), what="the post updated")
    press(u.client, first, queue, "pcn_triage_resolve", "D" + first, case_id)
    view = fake_slack.wait(lambda _: [v for v in fake_slack.named("views.open") if f'"c": {case_id}' in v["view"]["private_metadata"]],
                           what="the modal")[-1]["view"]
    submit(u.client, first, view, "We don't advise on parking, sorry.")
    fake_slack.wait(lambda _: [m for m in u.messages() if "parking, sorry" in json.dumps(m["blocks"])], what="the reply")
    fake_slack.wait(lambda _: [p for p in fake_slack.named("chat.update", channel="D" + first, ts=queue["_ts"])
                               if "Resolved by" in json.dumps(p["blocks"])], what="the queue shows it resolved")


def test_triage_is_for_advisers_only_and_channel_members_are_advisers(slack_user, make_app, fake_slack, db_url):
    member, outsider = uid("UMEM"), uid("UOUT")
    fake_slack.members[CHANNEL] = [member]
    app = make_app(PCN_ADVISER_CHANNEL=CHANNEL, PCN_ADVISERS="")
    client = app.test_client()
    command(client, outsider, "triage")
    fake_slack.wait(lambda _: [m for m in posts(fake_slack, "D" + outsider) if "Only LMC advisers" in m["text"]],
                    what="refused")
    command(client, member, "triage")
    fake_slack.wait(lambda _: [m for m in posts(fake_slack, "D" + member) if "LMC triage queue" in m["text"]
                               or "No open cases" in m["text"]], what="the queue")
    # with no advisers configured at all, /pcn triage says so
    bare = make_app(PCN_ADVISER_CHANNEL="", PCN_ADVISERS="").test_client()
    command(bare, member, "triage")
    fake_slack.wait(lambda _: [m for m in posts(fake_slack, "D" + member) if "No LMC advisers are set up" in m["text"]],
                    what="not set up")


def test_http_changes_reach_slack(slack_user, app, fake_slack, db_url):
    from core.api_keys import create_key

    with session_scope(shared_db_engine(db_url)) as s:
        practice = create_key(s, uid("practice-"))
        adviser = create_key(s, uid("adviser-"), "adviser")
    http = app.test_client()
    aid = http.post("/v1/assessments", json={"population": 42000, "governance_dispute": True, "legal_advice_taken": True},
                    headers={"Authorization": f"Bearer {practice}"}).get_json()["id"]
    opened = http.post(f"/v1/assessments/{aid}/escalate", json={"note": "Two practices disagree about the payee."},
                       headers={"Authorization": f"Bearer {practice}"})
    assert opened.status_code == 201
    case_id = next(c["id"] for c in opened.get_json()["cases"] if c["flag"] and c["flag"]["code"] == "governance_dispute_active")
    fake_slack.wait(lambda _: [p for p in posts(fake_slack) if f"case:{case_id}:0" in json.dumps(p)], what="posted")
    # a Slack practice's case resolved over HTTP is passed on to the practice's DM
    u = slack_user(uid("UHTTP"), app=app)
    u.say("adviser we need help with our network agreement")
    post = fake_slack.wait(lambda _: [p for p in posts(fake_slack) if u.user in json.dumps(p["blocks"])], what="posted")[0]
    slack_case = json.loads(post["blocks"][-1]["elements"][0]["value"])["c"]
    r = http.post(f"/v1/triage/cases/{slack_case}/resolve", json={"note": "Use the BMA template agreement."},
                  headers={"Authorization": f"Bearer {adviser}"})
    assert r.status_code == 200
    fake_slack.wait(lambda _: [m for m in u.messages() if "BMA template" in json.dumps(m["blocks"])], what="the DM")
    fake_slack.wait(lambda _: [p for p in fake_slack.named("chat.update", channel=CHANNEL, ts=post["_ts"])
                               if "Resolved by" in json.dumps(p["blocks"])], what="the post updated")


def test_a_queue_longer_than_slack_shows_says_more_are_waiting(slack_user, app, advisers, fake_slack, db_url):
    import engine
    from bot.slack.cases import QUEUE_LIMIT
    from core.triage.opening import escalate_request, triage_for

    first, _ = advisers
    triage = triage_for(engine.default_engine().knowledge)
    with session_scope(shared_db_engine(db_url)) as s:
        opened = [escalate_request(s, triage, channel="slack", opened_by=uid("U"), user_ref=uid("U"),
                                   question=f"Question number {n} about the network agreement?")[0]
                  for n in range(QUEUE_LIMIT + 1)]
    assert len(opened) == QUEUE_LIMIT + 1
    assert command(app.test_client(), first, "triage").status_code == 200
    more = fake_slack.wait(lambda _: [m for m in posts(fake_slack, "D" + first) if "More cases are waiting" in m["text"]],
                           what="the note that more are waiting")[0]
    assert f"these are the {QUEUE_LIMIT} most pressing" in more["text"] and "/advisers" in more["text"]
