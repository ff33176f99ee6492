"""The real Bolt app in the Flask service, driven with signed requests against a fake Slack Web API."""
from __future__ import annotations

import json
import threading

import engine
from core.api_keys import create_key
from core.assessments import get_assessment, list_assessments
from core.db import session_scope, shared_db_engine
from tests.fakes.slack_user import is_checklist, question_of

ANSWERS = {"population": ("type", "about 42k"), "as_of": ("date", "2019-07-01"),
           "operating_model": ("click", "federation"), "provider_holds_nhs_contract": ("click", "__unsure__")}


def test_pcn_opens_a_dm_and_questions_lead_to_a_result_with_a_checklist(slack_user, user_id, fake_slack, db_url):
    u = slack_user(user_id)
    first = u.turn(lambda: u.command(""))
    assert fake_slack.named("conversations.open", users=user_id)
    assert question_of(first[-1]) == "population"
    assert "Let's work out" in first[0]["text"]
    msgs = u.run_to_result(ANSWERS, first=first)
    # typed, picked and clicked answers were all taken
    result = [m for m in msgs if m["text"].startswith("Your PCN assessment")]    # long results span messages
    checklist = [m for m in msgs if is_checklist(m)]
    assert result[0]["blocks"][0]["text"]["text"] == "Your PCN assessment"
    assert all(len(m["blocks"]) <= 50 for m in msgs)
    text = json.dumps([m["blocks"] for m in result])
    assert "The five models compared" in text and "Funding estimate" in text and "contract year 2019/20" in text
    assert "How this was decided" in text and "BMA, The primary care network handbook" in text
    assert "refine" in text
    assert checklist and any(b.get("accessory", {}).get("type") == "checkboxes" for b in checklist[0]["blocks"])
    # the assessment is stored, for this person, and equals the engine's own result on the same facts
    user = f"T0PCN:{user_id}"
    with session_scope(shared_db_engine(db_url)) as s:
        rows = list_assessments(s, user_ref=user, channel="slack")
        assert len(rows) == 1
        row = rows[0]
        assert row.facts["population"] == 42000 and row.facts["operating_model"] == "federation"
        assert row.facts["as_of"] == "2019-07-01" and "provider_holds_nhs_contract" not in row.facts
        assert json.loads(json.dumps(engine.assess(row.facts, explain=True))) == json.loads(json.dumps(row.result))
    assert row.id in text
    # the question messages were updated to show the answer, with their buttons gone
    updates = fake_slack.named("chat.update", channel=u.channel)
    assert any("GP federation / provider entity" in json.dumps(x["blocks"]) for x in updates)
    assert all(not any(b["type"] == "actions" for b in x["blocks"]) for x in updates)
    # App Home was refreshed with the new assessment
    assert row.id in json.dumps(u.homes()[-1]["view"])
    # "what if" compares without changing the answers
    before = len(u.messages())
    u.say("what if we had 28,500 patients")
    tried = fake_slack.wait(lambda _calls: [m for m in u.messages()[before:] if m["text"].startswith("What if")] or None,
                            what="the what-if reply")
    shown = json.dumps([m["blocks"] for m in tried])
    assert "*What if:*" in shown and "28,500 patients" in shown and "Needs the commissioner" in shown


def _finished(slack_user, user_id):
    u = slack_user(user_id)
    msgs = u.run_to_result(ANSWERS)
    checklist = next(m for m in msgs if is_checklist(m))
    aid = next(b for b in checklist["blocks"] if b.get("accessory")).get("block_id").split(":")[1]
    return u, checklist, aid


def test_checklist_ticks_are_saved_as_the_slack_user_and_no_api_key_sees_them(slack_user, user_id, fake_slack,
                                                                                 db_url, make_app):
    u, checklist, aid = _finished(slack_user, user_id)
    items = [b["block_id"].split(":")[2] for b in checklist["blocks"] if b.get("accessory")]
    engine_ = shared_db_engine(db_url)

    def state(item):
        with session_scope(engine_) as s:
            from core.assessments import checklist_with_state
            return {i["id"]: i for i in checklist_with_state(s, aid)}[item]

    # each tick is saved before the next is sent: Slack does not promise to deliver clicks in order
    for item, done in ((items[0], True), (items[1], True), (items[1], False)):
        assert u.tick(checklist, item, done=done).status_code == 200
        fake_slack.wait(lambda _: state(item)["by"] and state(item)["done"] is done, what=f"{item} saved as {done}")
    assert state(items[0])["by"] == f"slack:{user_id}" and state(items[1])["done"] is False
    with session_scope(engine_) as s:
        key = create_key(s, f"bot-test-{user_id}")
    # a Slack user's assessment is theirs: over the API it is as missing as an unknown id
    http = make_app().test_client().get(f"/v1/assessments/{aid}/checklist", headers={"Authorization": f"Bearer {key}"})
    assert http.status_code == 404 and http.mimetype == "application/problem+json"
    # /pcn checklist shows the saved ticks
    before = len(u.messages())
    assert u.command("checklist").status_code == 200
    shown = fake_slack.wait(lambda _: [m for m in u.messages()[before:] if is_checklist(m)], what="the checklist")
    ticked = [b["block_id"].split(":")[2] for b in shown[0]["blocks"] if b.get("accessory", {}).get("initial_options")]
    assert ticked == [items[0]]


def test_a_tick_on_someone_elses_assessment_is_ignored(slack_user, user_id, fake_slack, db_url):
    u, checklist, aid = _finished(slack_user, user_id)
    intruder = slack_user(user_id + "X")
    item = next(b for b in checklist["blocks"] if b.get("accessory"))["block_id"].split(":")[2]
    assert intruder.tick(checklist, item).status_code == 200
    u.tick(checklist, item)      # the owner's tick, processed after the intruder's
    engine_ = shared_db_engine(db_url)

    def by(_):
        with session_scope(engine_) as s:
            from core.assessments import checklist_with_state
            return {i["id"]: i for i in checklist_with_state(s, aid)}[item]["by"]
    assert fake_slack.wait(by, what="the owner's tick") == f"slack:{user_id}"


def test_status_help_and_unknown_subcommands(slack_user, user_id, fake_slack):
    u = slack_user(user_id)
    r = u.command("help")
    assert r.status_code == 200 and "/pcn checklist" in r.get_data(as_text=True)
    r = u.command("frobnicate")
    assert "don't know" in r.get_data(as_text=True)
    u.command("status")
    fake_slack.wait(lambda _: [m for m in u.messages() if "haven't started" in m["text"]], what="status")
    u.turn(lambda: u.command("start"))
    u.turn(lambda: u.say("42000"))
    u.command("status")
    fake_slack.wait(lambda _: [m for m in u.messages() if "answered 1 question" in m["text"]], what="status")
    r = u.send(__import__("tests.fakes.slack_api", fromlist=["x"]).command_body(user_id, "", channel_name="general"))
    assert "direct message" in r.get_data(as_text=True)


def test_why_back_and_not_sure_buttons(slack_user, user_id, fake_slack):
    u = slack_user(user_id)
    q1 = u.turn(lambda: u.command(""))[-1]
    before = len(u.messages())
    u.click(q1, "why")
    why = fake_slack.wait(lambda _: [m for m in u.messages()[before:] if m["text"].startswith("Why we ask")], what="why")
    assert "Rules that use your answer" in json.dumps(why[0]["blocks"])
    q2 = u.turn(lambda: u.say("42000"))[-1]
    assert question_of(q2) != "population"
    back = u.turn(lambda: u.click(q2, "back"))[-1]
    assert question_of(back) == "population" and "Your answer was: 42,000 patients" in json.dumps(back["blocks"])
    nxt = u.turn(lambda: u.click(back, "__unsure__"))[-1]
    assert "Got it: *not sure*" in json.dumps(nxt["blocks"])


def test_two_people_interleaving_get_their_own_results(slack_user, fake_slack, db_url):
    a, b = slack_user("UALICE" + uuid4()), slack_user("UBOB" + uuid4())
    qa, qb = a.turn(lambda: a.command(""))[-1], b.turn(lambda: b.command(""))[-1]
    a.turn(lambda: a.say("42000"))
    b.turn(lambda: b.say("25000"))
    a.turn(lambda: a.say("change the date"))
    b.turn(lambda: b.say("change the date"))
    qa = a.turn(lambda: a.say("1 July 2019"))[-1]
    qb = b.turn(lambda: b.say("1 June 2020"))[-1]
    for _ in range(150):
        done_a, done_b = not question_of(qa), not question_of(qb)
        if done_a and done_b:
            break
        if not done_a:
            qa = a.answer(qa, {"as_of": ("type", "1 July 2019")})[-1]
        if not done_b:
            qb = b.answer(qb, {"as_of": ("type", "1 June 2020"), "exceptional_circumstances": ("click", "false")})[-1]
    with session_scope(shared_db_engine(db_url)) as s:
        ra = list_assessments(s, user_ref=f"T0PCN:{a.user}")[0]
        rb = list_assessments(s, user_ref=f"T0PCN:{b.user}")[0]
        assert ra.facts["population"] == 42000 and ra.facts["as_of"] == "2019-07-01"
        assert rb.facts["population"] == 25000 and rb.facts["as_of"] == "2020-06-01"
        assert ra.result["eligibility"]["status"] == "eligible"
        assert rb.result["eligibility"]["status"] == "not_eligible"


def test_people_answering_at_the_same_moment(slack_user, fake_slack, db_url):
    people = [slack_user(f"UPAR{i}" + uuid4()) for i in range(4)]
    firsts = [p.turn(lambda p=p: p.command(""))[-1] for p in people]
    errors = []

    def go(p, first, population):
        try:
            q = p.turn(lambda: p.say(population))[-1]
            p.run_to_result({"as_of": ("type", "1 July 2019")}, first=[q])
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(p, f, str(31000 + i))) for i, (p, f) in enumerate(zip(people, firsts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with session_scope(shared_db_engine(db_url)) as s:
        for i, p in enumerate(people):
            rows = list_assessments(s, user_ref=f"T0PCN:{p.user}")
            assert len(rows) == 1 and rows[0].facts["population"] == 31000 + i


def test_a_restarted_service_resumes_mid_conversation(slack_user, user_id, fake_slack, db_url, make_app):
    u = slack_user(user_id)
    u.turn(lambda: u.command(""))
    u.turn(lambda: u.say("about 42k"))
    u.turn(lambda: u.say("change the date"))
    q = u.turn(lambda: u.say("1 July 2019"))[-1]
    assert question_of(q) == "operating_model"
    # a new app instance (as after a deploy) on the same database
    v = slack_user(user_id, app=make_app())
    resumed = v.turn(lambda: v.command(""))
    assert "Picking up where we left off" in resumed[0]["text"]
    assert question_of(resumed[-1]) == question_of(q)
    msgs = v.run_to_result(first=resumed)
    assert msgs
    with session_scope(shared_db_engine(db_url)) as s:
        row = list_assessments(s, user_ref=f"T0PCN:{user_id}")[0]
        assert row.facts["population"] == 42000 and row.facts["as_of"] == "2019-07-01"
        assert row.facts["operating_model"] == "flat_network"    # the first option, clicked after the restart


def test_app_home_lists_saved_assessments(slack_user, user_id, fake_slack):
    from tests.fakes.slack_api import event_body
    u, _, aid = _finished(slack_user, user_id)
    before = len(u.homes())
    u.send(event_body({"type": "app_home_opened", "user": user_id, "channel": "D" + user_id, "tab": "home"},
                      "EvHome" + user_id))
    views = fake_slack.wait(lambda _: u.homes()[before:], what="views.publish")
    assert aid in json.dumps(views[0]["view"]) and views[0]["view"]["type"] == "home"


def uuid4() -> str:
    import uuid
    return uuid.uuid4().hex[:6].upper()


def test_stored_assessment_row_matches(slack_user, user_id, db_url):
    u, _, aid = _finished(slack_user, user_id)
    with session_scope(shared_db_engine(db_url)) as s:
        assert get_assessment(s, aid).channel == "slack"


def test_app_home_buttons_start_an_assessment_and_show_a_checklist(slack_user, user_id, fake_slack):
    from tests.fakes.slack_api import action_body
    u, _, aid = _finished(slack_user, user_id)
    view = u.homes()[-1]["view"]
    checklist_button = next(b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("value", "").find(aid) > 0)
    before = len(u.messages())
    u.send(action_body(user_id, dict(checklist_button, type="button", block_id="home")))
    shown = fake_slack.wait(lambda _: [m for m in u.messages()[before:] if is_checklist(m)], what="checklist")
    assert aid in json.dumps(shown[0]["blocks"])
    # someone else pressing a button that names this assessment is not shown it
    other = slack_user(user_id + "Z")
    other.send(action_body(other.user, dict(checklist_button, type="button", block_id="home")))
    fake_slack.wait(lambda _: other.messages(), what="a reply to the other person")
    assert not any(is_checklist(m) for m in other.messages())
    start = next(e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"])
    new = u.turn(lambda: u.send(action_body(user_id, dict(start, block_id="home"))))
    assert question_of(new[-1]) == "population"
