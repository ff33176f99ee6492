"""The advisers' list of practices whose advice changed when the guidance was updated: per organisation
an LMC serves, its own API-made assessments and the people who asked its advisers, only changed and
latest ones, never another organisation's; on SQLite and PostgreSQL.

The knowledge change is the 2019/20 network payment (£1.50 to £1.60 a patient, `tests.core.test_versions`):
an assessment dated in 2019/20 changes in funding, one dated in 2022/23 does not.
"""
from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from core import versions
from core.assessments import save_assessment
from core.changed_advice import changed_advice
from core.db import session_scope
from core.orgs import DEFAULT_ORG, serve, served
from core.records import Assessment
from core.triage.desk import Desk
from tests.core.test_versions import engines

CHANGES = {"population": 42000, "as_of": "2019-07-01"}
STAYS = {"population": 42000, "as_of": "2022-07-01"}


def changed_world(db) -> SimpleNamespace:
    """An LMC serving one PCN (north) and not another (south); assessments made under the old rules by
    each, and by a web practice that asked the (default) advisers for help as "Riverside Surgery";
    then each reassessed under the new rules. Ids of the old and new assessments by name."""
    old, new = engines()
    tag = uuid.uuid4().hex[:8]
    w = SimpleNamespace(tag=tag, lmc=f"lmc-{tag}", north=f"north-{tag}", south=f"south-{tag}", web_ref=f"web-{tag}",
                        old=old, new=new)
    made = {}
    with session_scope(db) as s:
        serve(s, w.lmc, w.north)
        made["north"] = save_assessment(s, CHANGES, old.assess(CHANGES, explain=True), "http", owner_org=w.north).id
        made["north_same"] = save_assessment(s, STAYS, old.assess(STAYS, explain=True), "http", owner_org=w.north).id
        made["south"] = save_assessment(s, CHANGES, old.assess(CHANGES, explain=True), "http", owner_org=w.south).id
        made["web"] = save_assessment(s, CHANGES, old.assess(CHANGES, explain=True), "web", user_ref=w.web_ref).id
        made["web_unasked"] = save_assessment(s, CHANGES, old.assess(CHANGES, explain=True), "web", user_ref=w.web_ref + "x").id
    Desk(old.knowledge, db).escalate(channel="web", user_ref=w.web_ref, assessment_id=made["web"],
                                     contact={"name": "Riverside Surgery"})
    w.old_ids, w.new_ids = made, {}
    with session_scope(db) as s:
        for name, aid in made.items():
            w.new_ids[name] = versions.reassess(s, s.get(Assessment, aid), new)["assessment_id"]
    return w


@pytest.fixture
def world(db_engine):
    return changed_world(db_engine)


def listed(groups: list, org: str | None = None) -> dict:
    """{assessment_id: item} of the listing (of one organisation's group)."""
    return {i["assessment_id"]: i for g in groups if org in (None, g["org"]) for i in g["practices"]}


def test_an_lmc_sees_its_served_organisations_changed_practices_and_no_one_elses(db_engine, world):
    with session_scope(db_engine) as s:
        groups = changed_advice(s, served(s, world.lmc))
    assert [g["org"] for g in groups] == [world.north] and groups[0]["changed"] == 1
    [item] = groups[0]["practices"]
    assert item["assessment_id"] == world.new_ids["north"] and item["previous_id"] == world.old_ids["north"]
    assert item["what"] == ["funding"] and item["channel"] == "http" and item["told_at"] is None
    assert item["status"]["before"] == item["status"]["after"] == "eligible"
    total = item["funding_total"]
    assert total["delta"] == pytest.approx(4200) == total["after"] - total["before"]    # 42,000 patients, 10p more each
    assert item["advised"]["before"] == item["advised"]["after"], "only the funding moved"
    assert (item["population"], item["as_of"], item["contract_year"]) == (42000, "2019-07-01", "2019/20")
    everything = listed(groups)
    assert world.new_ids["south"] not in everything and world.new_ids["web"] not in everything
    assert world.new_ids["north_same"] not in everything, "a reassessment that changed nothing is not listed"


def test_the_people_who_asked_the_default_advisers_are_listed_by_the_name_they_gave(db_engine, world):
    with session_scope(db_engine) as s:
        mine = listed(changed_advice(s, served(s, DEFAULT_ORG), limit=500), DEFAULT_ORG)
    assert mine[world.new_ids["web"]]["practice_name"] == "Riverside Surgery"
    assert world.new_ids["web_unasked"] not in mine, "a practice that never asked the advisers is not theirs"
    assert not {world.new_ids[k] for k in ("north", "south")} & set(mine)


def test_another_organisation_sees_only_its_own(db_engine, world):
    with session_scope(db_engine) as s:
        south = changed_advice(s, {world.south})
        nobody = changed_advice(s, {f"nobody-{world.tag}"})
    assert set(listed(south)) == {world.new_ids["south"]} and nobody == []


def test_only_the_latest_reassessment_counts(db_engine, world):
    with session_scope(db_engine) as s:        # reassessed again under the same rules: nothing changes
        versions.reassess(s, s.get(Assessment, world.new_ids["north"]), world.new)
    with session_scope(db_engine) as s:
        assert changed_advice(s, {world.north}) == []
