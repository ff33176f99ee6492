"""What is said when the guidance behind a result was updated: to the person whose advice changed (a
Slack DM, a Telegram message, the web result page's banner) and, about each practice, to the LMC
advisers who serve it (`core.changed_advice`). Every channel takes its words from here.
"""
from __future__ import annotations

from core.outline.words import CONFIDENCE_TEXT

from .describe import STATUS_TEXT, money, on_day

#: What `core.change_brief.what_changed` found, as the person whose result it is reads it.
CHANGED_WHAT = {"status": "whether and how your network qualifies", "advice": "the structure advised",
                "new_blockers": "something that now stops you until put right", "funding": "the funding figures"}
#: The same, as the advisers' list says it about a practice.
CHANGED_KIND = {"status": "Whether it qualifies", "advice": "The structure advised",
                "new_blockers": "A new blocker", "funding": "Funding"}
CHANNEL_NAME = {"slack": "Slack", "telegram": "Telegram", "web": "the web pages", "http": "the API", "chat": "the terminal chat"}
#: Where an assessment was made, as a phrase.
MADE_IN = {"slack": "in Slack", "telegram": "in Telegram", "web": "on the web pages", "http": "over the API",
           "chat": "in the terminal chat"}


def pounds(v) -> str:
    """Whole pounds, "£47,250" ("unknown" for none)."""
    return money(None if v is None else round(v))


def model_name(model: str | None, all_models: dict) -> str:
    """A model's name; "no one model yet" when the advice waited on the practices' priorities."""
    return all_models.get(model, {}).get("name", model) if model else "no one model yet"


def advice_changed_text(item: dict, all_models: dict) -> str:
    """Telling someone the guidance behind their result changed: what changed for them, and what to do."""
    from core.change_brief import what_changed

    changes = item["changes"]
    kinds = what_changed(changes)
    lines = ["The guidance behind your last PCN Advisor result has been updated, and your result changes: "
             + ", ".join(CHANGED_WHAT[k] for k in kinds) + "."]
    ranking = changes["ranking"]["recommended"]
    if "advice" in kinds:
        name = lambda m: all_models[m]["name"] if m in all_models else "no structure"   # noqa: E731
        lines.append(f"Advised before: {name(ranking['before'])}. Advised now: {name(ranking['after'])}.")
    moved = [f"{line.replace('_', ' ')}: {pounds(v['before'])} to {pounds(v['after'])}"
             for line, v in changes["funding"].items() if v["before"] != v["after"] and line != "total"]
    if moved:
        lines.append("Funding: " + "; ".join(moved[:4]) + ".")
    lines.append("Type *result* to see your result under the updated guidance.")
    return "\n".join(lines)


# --- the advisers' list: one changed practice (`core.changed_advice.item`) --------------------------
def who_text(item: dict) -> str:
    """Which practice: the name its person gave, else its network and where it was made."""
    size = f"a network of {item['population']:,} patients" if isinstance(item.get("population"), int) else "a network"
    if item.get("practice_name"):
        return f"{item['practice_name']} ({size})"
    return f"{size[0].upper()}{size[1:]}, assessed {MADE_IN.get(item['channel'], 'in ' + item['channel'])}"


def status_change(item: dict) -> str:
    """Whether it qualifies, before → after (or as it stays)."""
    s = item.get("status") or {}
    b, a = (STATUS_TEXT.get(s.get(k), s.get(k) or "not known") for k in ("before", "after"))
    return f"{b} → {a}" if b != a else b


def advice_change(item: dict, all_models: dict) -> str:
    """The model advised, before → after (or as it stays, and how sure, when only that moved)."""
    adv = item.get("advised") or {}
    b, a = model_name(adv.get("before"), all_models), model_name(adv.get("after"), all_models)
    if b != a:
        return f"{b[0].upper()}{b[1:]} → {a}"
    conf = item.get("confidence") or {}
    if conf.get("before") != conf.get("after"):
        said = [CONFIDENCE_TEXT.get(conf.get(k), "not given").lower() for k in ("before", "after")]
        return f"{a[0].upper()}{a[1:]} (how sure: {said[0]} → {said[1]})"
    return a[0].upper() + a[1:]


def funding_change(item: dict) -> str:
    """Total funding before → after, with the difference."""
    f = item.get("funding_total") or {}
    if f.get("before") == f.get("after"):
        return pounds(f.get("after"))
    delta = f.get("delta")
    sign = "" if delta is None else f" ({'+' if delta >= 0 else '−'}{pounds(abs(delta))})"
    return f"{pounds(f.get('before'))} → {pounds(f.get('after'))}{sign}"


def told_text(item: dict) -> str:
    """Whether and how its person was told."""
    channel, when = item["channel"], on_day(item.get("told_at"))
    if channel == "http":
        return "Made over the API: its organisation's systems see the change there"
    if not when:
        return "Not told yet"
    if channel == "web":
        return f"Shown on their result page since {when}"
    return f"Told in {CHANNEL_NAME.get(channel, channel)} on {when}"
