"""Organisations: names, LMCs serving organisations, what a key's principal sees, and migration 0008
giving every existing key, adviser, API-made assessment and case to `default` (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from core.api_keys import create_key, hash_key, principal
from core.assessments import get_assessment, save_assessment, visible_assessment
from core.compress import pack
from core.db import session_scope, shared_db_engine
from core.migrate import downgrade, upgrade
from core.orgs import DEFAULT_ORG, check_org, links, serve, served, unserve
from core.rawsql import live_key
from engine import default_engine

FACTS = {"population": 42000}


@pytest.mark.parametrize("name", ["default", "lmc_x", "pcn-north.1", "a" * 100])
def test_good_organisation_names(name):
    assert check_org(name) == name


@pytest.mark.parametrize("name", ["", "Has Space", "UPPER", "-leading", "a" * 101, "x\x00", None])
def test_bad_organisation_names_are_refused_with_the_rule(name):
    with pytest.raises(ValueError, match="organisation name"):
        check_org(name)


def test_an_lmc_serves_organisations_and_its_adviser_key_sees_them_at_once(db_url):
    lmc, org = f"lmc-{uuid.uuid4().hex[:6]}", f"pcn-{uuid.uuid4().hex[:6]}"
    engine = shared_db_engine(db_url)
    with session_scope(engine) as s:
        key = create_key(s, f"k-{uuid.uuid4().hex[:8]}", "adviser", lmc)
        practice = create_key(s, f"k-{uuid.uuid4().hex[:8]}", "assess", lmc)
        assert served(s, lmc) == {lmc}
        assert serve(s, lmc, org) is True and serve(s, lmc, org) is False
        assert (lmc, org) in links(s)
    name, scope, key_org, orgs = live_key(engine, hash_key(key))
    assert (scope, key_org, orgs) == ("adviser", lmc, (org,))
    assert principal(name, scope, key_org, orgs).sees == {lmc, org}
    # a practice key of the LMC's organisation is not an adviser: it sees its own organisation only
    _, scope, key_org, orgs = live_key(engine, hash_key(practice))
    assert principal("p", scope, key_org, orgs).sees == {lmc}
    with session_scope(engine) as s:
        assert unserve(s, lmc, org) is True and unserve(s, lmc, org) is False
    assert live_key(engine, hash_key(key))[3] == ()


def test_an_assessment_is_seen_by_its_organisation_only_and_a_chat_users_by_no_key(db_url):
    result = default_engine().assess(FACTS)
    with session_scope(shared_db_engine(db_url)) as s:
        ours = save_assessment(s, FACTS, result, "http", owner_org="team-a").id
        chat = save_assessment(s, FACTS, result, "slack", user_ref="T1:U1").id
    team_a, team_b = principal("a", "assess", "team-a"), principal("b", "assess", "team-b")
    lmc = principal("l", "adviser", "lmc", ("team-a",))
    everyone = principal("d", "adviser", DEFAULT_ORG, ("team-a", "team-b"))
    with session_scope(shared_db_engine(db_url)) as s:
        assert visible_assessment(s, ours, team_a).id == ours and visible_assessment(s, ours, lmc).id == ours
        assert visible_assessment(s, ours, team_b) is None
        assert all(visible_assessment(s, chat, p) is None for p in (team_a, team_b, lmc, everyone))
        assert get_assessment(s, chat).owner_org is None


def test_migration_0008_gives_existing_rows_to_the_default_organisation(fresh_url):
    upgrade(fresh_url, "0007_telegram")
    engine = create_engine(fresh_url)
    result = default_engine().assess(FACTS)
    at = dt.datetime(2025, 5, 1, 12)
    ids = {channel: uuid.uuid4().hex for channel in ("http", "api", "slack", "web")}
    with engine.begin() as c:
        c.execute(text("INSERT INTO api_keys (name, key_hash, scope, created_at) VALUES ('old', :h, 'adviser', :at)"),
                  {"h": hash_key("pcn_old"), "at": at})
        c.execute(text("INSERT INTO web_users (name, role, password_hash, created_at) "
                       "VALUES ('Dr Old', 'adviser', 'x', :at)"), {"at": at})
        for channel, ident in ids.items():
            c.execute(text("INSERT INTO assessments (id, facts, result_zst, rules_version, contract_year, channel, "
                           "user_ref, created_at) VALUES (:id, :f, :r, :v, :y, :ch, :u, :at)"),
                      {"id": ident, "f": json.dumps(FACTS), "r": pack(json.dumps(result).encode()),
                       "v": result["rules_version"], "y": result["contract_year"], "ch": channel,
                       "u": None if channel == "http" else "someone", "at": at})
        c.execute(text("INSERT INTO checklist_item_states (assessment_id, item_id, done, by, at) "
                       "VALUES (:a, 'x', true, 'Dr Patel', :at)"), {"a": ids["http"], "at": at})
        c.execute(text("INSERT INTO triage_cases (status, priority, rank, topic, reasons, facts, kind, channel, "
                       "dedupe_key, rules_version, opened_by, created_at, updated_at) VALUES ('open', 'high', 1, "
                       "'vat', '[]', '{}', 'request', 'slack', 'k', 'v', 'slack:U1', :at, :at)"), {"at": at})
        c.execute(text("INSERT INTO triage_events (case_id, action, by, at) SELECT id, 'opened', 'slack:U1', :at "
                       "FROM triage_cases"), {"at": at})
    engine.dispose()

    upgrade(fresh_url)
    engine = create_engine(fresh_url)
    with engine.connect() as c:
        assert c.execute(text("SELECT org FROM api_keys")).scalar_one() == DEFAULT_ORG
        assert c.execute(text("SELECT org FROM web_users")).scalar_one() == DEFAULT_ORG
        assert c.execute(text("SELECT owner_org FROM triage_cases")).scalar_one() == DEFAULT_ORG
        owners = dict(c.execute(text("SELECT channel, owner_org FROM assessments")).all())
        assert owners == {"http": DEFAULT_ORG, "api": DEFAULT_ORG, "slack": None, "web": None}
        assert c.execute(text("SELECT by, note FROM checklist_item_states")).one() == ("Dr Patel", None)
        assert c.execute(text("SELECT count(*) FROM org_links")).scalar_one() == 0
    assert live_key(engine, hash_key("pcn_old")) == ("old", "adviser", DEFAULT_ORG, ())
    with session_scope(engine) as s:
        default_key = principal("old", "adviser", DEFAULT_ORG)
        assert visible_assessment(s, ids["http"], default_key) is not None
        assert visible_assessment(s, ids["slack"], default_key) is None
    engine.dispose()

    downgrade(fresh_url, "0007_telegram")
    engine = create_engine(fresh_url)
    assert "org_links" not in inspect(engine).get_table_names()
    assert "owner_org" not in {col["name"] for col in inspect(engine).get_columns("assessments")}
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM assessments")).scalar_one() == 4
        assert c.execute(text("SELECT count(*) FROM checklist_item_states")).scalar_one() == 1, "no cascade"
        assert c.execute(text("SELECT count(*) FROM triage_events")).scalar_one() == 1, "no cascade"
    engine.dispose()
