"""Schemas of reproducing and reassessing stored assessments and of the knowledge versions kept."""
from __future__ import annotations

from marshmallow import fields

from ..assessments.schemas import Open


class ReproductionSchema(Open):
    """A stored assessment rerun under the rules that made it."""

    assessment_id = fields.String(required=True)
    rules_version = fields.String(required=True)
    identical = fields.Boolean(required=True, metadata={"description": "Byte for byte the stored result"})
    differences = fields.List(fields.String(), required=True, metadata={
        "description": "Where the rerun differs (JSON paths, at most 20): a bug to report, never expected"})


class ReassessmentSchema(Open):
    """A new assessment of the same facts under today's rules, and what changed."""

    assessment_id = fields.String(required=True)
    previous_id = fields.String(required=True)
    rules_version = fields.String(required=True)
    location = fields.String(required=True)
    what = fields.List(fields.String(), required=True, metadata={
        "description": "What changed for its people: status, advice, new_blockers, funding (none: nothing)"})
    changes = fields.Dict(required=True, metadata={"description": "The comparison the what-if gives: eligibility, "
                                                                  "advice, flags, funding (pounds), checklist"})


class VersionSchema(Open):
    """A knowledge version kept, and what it changed against the one before it."""

    rules_version = fields.String(required=True)
    first_seen = fields.DateTime(required=True)
    current = fields.Boolean(required=True)
    previous = fields.String(required=True, allow_none=True)
    against_previous = fields.Dict(required=True, allow_none=True, metadata={
        "description": "{rules|parameters|questions|checklist|models: {added, removed, changed}} counts"})


class VersionListSchema(Open):
    versions = fields.List(fields.Nested(VersionSchema), required=True)


class VersionDiffSchema(Open):
    """The ids that differ between two kept versions."""

    to = fields.String(required=True)
    rules = fields.Dict(required=True)
    parameters = fields.Dict(required=True)
    questions = fields.Dict(required=True)
    checklist = fields.Dict(required=True)
    models = fields.Dict(required=True)
