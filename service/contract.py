"""What the OpenAPI document says beyond what the marshmallow schemas can, so that it says exactly
what the server accepts (schemathesis' positive and negative contract checks hold on every
operation: `tests/service/test_api_fuzz.py`).

- Facts sent inside another object (a what-if's `changes`, an interview's starting `facts`) are
  documented as `Facts`: unknown keys are refused there as in `POST /v1/assessments`.
- A batch's items are checked one by one and reported in the batch's 200 (`status: 422` with the
  item's errors), so the document lets any item through rather than promising a 4xx for a bad one.
- A reply to a practice and a question must not be blank: a pattern says so.
- Interview topics and question ids are the knowledge base's: documented as enumerations.
- The rule no schema can state: a population that disagrees with the practices' list sizes is a 422
  naming `population`; it is said in `Facts`' description.
"""
from __future__ import annotations

#: Text that must say something: not blank, and (as every text field) no NUL character.
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
POPULATION_RULE = ("When both `population` and `practices` are given, `population` must equal the sum of "
                   "the practices' `list_size` values (422 naming `population` otherwise).")


def facts(description: str) -> dict:
    """A property documented as the Facts object."""
    return {"allOf": [{"$ref": "#/components/schemas/Facts"}], "description": description}


def document(spec, knowledge, topics) -> None:
    """Rewrite the generated components where the server accepts less (or more) than they say."""
    schemas = spec.components.schemas
    facts_doc = schemas["Facts"]
    facts_doc["description"] = " ".join(filter(None, [facts_doc.get("description"), POPULATION_RULE]))
    changes = schemas["WhatIfRequest"]["properties"]["changes"]
    schemas["WhatIfRequest"]["properties"]["changes"] = facts(changes["description"])
    start = schemas["InterviewCreate"]["properties"]["facts"]
    schemas["InterviewCreate"]["properties"]["facts"] = facts(start.get("description", "known answers"))
    items = schemas["BatchRequest"]["properties"]["items"]
    items["items"] = {"description": "A Facts object; each item is checked on its own, and one that is not "
                                     "valid is reported in its result (status 422 with its errors), not refused "
                                     "with the batch."}
    for name, prop in (("Resolve", "note"), ("QuestionRequest", "question")):   # blank is refused (422)
        field = schemas[name]["properties"][prop]
        field["pattern"] = NOT_BLANK
        field["description"] = "Not blank; no NUL characters or lone surrogates."
    schemas["InterviewRefine"]["properties"]["topic"]["enum"] = sorted(topics)
    schemas["InterviewChange"]["properties"]["question"]["enum"] = sorted(knowledge.questions)
