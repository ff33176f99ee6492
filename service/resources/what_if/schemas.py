"""What a what-if request carries (changed facts) and returns (the difference from the stored assessment)."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from service.resources.assessments.schemas import Open


class WhatIfRequestSchema(ma.Schema):
    """The facts to change; every other fact stays as the stored assessment had it."""

    class Meta:
        unknown = ma.RAISE

    changes = fields.Dict(keys=fields.String(), required=True,
                          metadata={"description": "Facts to change, as in POST /v1/assessments "
                                                   "(e.g. {\"population\": 31000} or {\"as_of\": \"2020-04-01\"}); "
                                                   "null makes a fact unknown"})


class WhatIfSchema(Open):
    """The stored assessment against the same network with the changes made."""

    assessment_id = fields.String(required=True)
    changes = fields.Dict(required=True)
    before = fields.Dict(required=True, metadata={"description": "eligibility status, recommended model, "
                                                                  "contract year of the stored assessment"})
    after = fields.Dict(required=True, metadata={"description": "the same, with the changes"})
    diff = fields.Dict(required=True, metadata={"description": "eligibility, ranking, flags added and removed, "
                                                                "funding deltas, checklist items added and removed, "
                                                                "near misses and coverage"})
