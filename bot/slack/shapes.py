"""The shapes of the Slack payloads this app reads, checked before Bolt sees a signed request.

Bolt and its middleware index into a payload as Slack sends it (`body["actions"][0]`,
`body["view"]["type"]`), and PostgreSQL cannot store a NUL character; a signed payload of another shape (only a holder of the signing secret
can send one, but a leaked secret or a test harness can) would fail there with an exception and a
500. `fault(body)` names the first field of a payload whose type is not what Slack sends, or that
a payload of its type must have; the mount answers 400 naming it, and logs it, instead.

Only fields that Bolt or our listeners read are described: anything else may have any shape, but
no string anywhere may hold a NUL character. A value of None counts as absent, as Slack sends
`"enterprise": null`.
"""
from __future__ import annotations

#: key → type, a nested {key: spec} for an object, [spec] for a list of such items; "*" stands for
#: any key of an object.
SPEC: dict = {
    **dict.fromkeys(("type", "team_id", "user_id", "user_name", "channel_id", "channel_name", "api_app_id",
                     "enterprise_id", "trigger_id", "response_url", "command", "text", "event_id", "token"), str),
    "is_enterprise_install": bool,
    "team": {"id": str, "domain": str, "enterprise_id": str},
    "enterprise": {"id": str, "name": str},
    "user": {"id": str, "team_id": str, "name": str},
    "channel": {"id": str, "name": str},
    "container": {"type": str, "channel_id": str, "message_ts": str, "view_id": str},
    "message": {"ts": str, "text": str, "blocks": [dict]},
    "actions": [{"action_id": str, "block_id": str, "type": str, "value": str, "selected_date": str,
                 "action_ts": str, "selected_option": {"value": str}, "selected_options": [dict]}],
    "view": {"id": str, "type": str, "callback_id": str, "private_metadata": str, "team_id": str,
             "state": {"values": {"*": {"*": {"type": str, "value": str}}}}},
    "event": {"type": str, "user": str, "text": str, "channel": str, "channel_type": str, "tab": str,
              "subtype": str, "bot_id": str, "ts": str, "thread_ts": str, "message": dict,
              "previous_message": dict},
    "authorizations": [{"team_id": str, "user_id": str, "enterprise_id": str, "is_bot": bool,
                        "is_enterprise_install": bool}],
}
#: Fields a payload of each type must carry (a path of keys and list positions).
REQUIRED: dict[str, tuple[tuple, ...]] = {
    "block_actions": (("user", "id"), ("actions", 0, "action_id")),
    "view_submission": (("user", "id"), ("view", "type"), ("view", "callback_id")),
    "view_closed": (("user", "id"), ("view", "type"), ("view", "callback_id")),
    "event_callback": (("event", "type"),),
}
COMMAND_REQUIRED = (("user_id",), ("command",))
TYPE_NAMES = {str: "a string", bool: "true or false", dict: "an object", list: "an array"}


def _name(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def _kind(spec) -> str:
    return TYPE_NAMES[spec] if isinstance(spec, type) else TYPE_NAMES[type(spec)]


def _walk(value, spec, path: tuple) -> str | None:
    """The first fault of `value` against `spec` (None: any shape), as "field.path what is wrong"."""
    if value is None:
        return None
    if isinstance(value, str):
        if "\x00" in value:
            return f"{_name(path)} holds a NUL character"
        return None if spec is None or spec is str else f"{_name(path)} must be {_kind(spec)}"
    if spec is None:
        spec = {"*": None} if isinstance(value, dict) else [None] if isinstance(value, list) else type(value)
    if isinstance(spec, type):
        if spec is not bool and isinstance(value, bool):
            return f"{_name(path)} must be {_kind(spec)}"
        return None if isinstance(value, spec) else f"{_name(path)} must be {_kind(spec)}"
    if isinstance(spec, list):
        if not isinstance(value, list):
            return f"{_name(path)} must be an array"
        return next(filter(None, (_walk(v, spec[0], (*path, i)) for i, v in enumerate(value))), None)
    if not isinstance(value, dict):
        return f"{_name(path)} must be an object"
    for key, sub in value.items():
        found = _walk(sub, spec.get(key, spec.get("*")), (*path, key))
        if found:
            return found
    return None


def _has(body: dict, path: tuple) -> bool:
    node = body
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
    return node is not None and node != ""


def fault(body) -> tuple[str, str] | None:
    """(field, what is wrong) for the first field not shaped as Slack sends it, or None."""
    if not isinstance(body, dict):
        return "body", "body must be an object"
    found = _walk(body, SPEC, ())
    if found:
        return found.split(" ", 1)[0].split(".")[0], found
    required = REQUIRED.get(body.get("type"), ()) if "command" not in body else COMMAND_REQUIRED
    for path in required:
        if not _has(body, path):
            return str(path[0]), f"a {body.get('type') or 'slash command'} payload needs {_name(path)}"
    return None
