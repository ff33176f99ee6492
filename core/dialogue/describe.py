"""Plain-English wording every channel shares: answers read back, citations, money, statuses,
and what a point rests on (the judgement marker, the sources' disagreements)."""
from __future__ import annotations

import datetime as dt

from engine.coverage import coverage_warning
from engine.funding import in_force_on

# the basis wording is the engine's report's, shared here with every channel
from engine.report import (  # noqa: F401
    DISAGREEMENTS_TITLE,
    JUDGEMENT,
    JUDGEMENT_NOTE,
    disagreement_text,
    funding_why,
    marked,
    score_text,
    topic_text,
)

STATUS_TEXT = {"eligible": "Eligible", "needs_approval": "Needs the commissioner's approval",
               "blocked": "Blocked until a missing item is put right", "not_eligible": "Not eligible",
               "unknown": "Not yet known"}
RATING_TEXT = {"good": "good fit", "possible": "possible", "poor": "poor fit", "unsuitable": "not available"}
SEVERITY_TEXT = {"blocker": "Blocker", "warning": "Warning", "info": "Note"}
UNSURE_TEXT = "not sure"


def answer_text(q: dict, value, unsure: bool = False) -> str:
    """An answer as a person would say it: "42,000 patients", "yes", "1 July 2019", "not sure"."""
    if unsure:
        return UNSURE_TEXT
    kind = q["type"]
    if kind == "boolean":
        return "yes" if value else "no"
    if kind == "choice":
        return next((c["label"] for c in q["choices"] if c["value"] == value), str(value))
    if kind == "choices":
        labels = [c["label"] for c in q["choices"] if c["value"] in (value or [])]
        return "; ".join(labels) if labels else "none of these"
    if kind == "integer":
        unit = q.get("unit")
        return f"{value:,}" + (f" {unit}" if unit else "")
    if kind == "date":
        try:
            d = dt.date.fromisoformat(value)
            return f"{d.day} {d:%B %Y}"
        except (TypeError, ValueError):
            return str(value)
    if kind == "practices":
        names = ", ".join(f"{p['name']} ({p['list_size']:,})" for p in value)
        return f"{len(value)} practice{'s' if len(value) != 1 else ''}: {names}"
    return str(value)


def definition_line(d: dict) -> str:
    """A glossary definition in an answer, as every channel words it: "ARRS (Additional Roles ...): ..."."""
    name = f"{', '.join(d['abbreviations'])} ({d['term']})" if d.get("abbreviations") else d["term"][:1].upper() + d["term"][1:]
    return f"{name}: {d['definition']}"


def cite(c: dict | None, sources: dict | None = None) -> str:
    """A citation as "[BMA, The primary care network handbook (2019) › Geography]"."""
    if not c:
        return ""
    title = (sources or {}).get(c["source"], {}).get("title") or c["source"]
    parts = [title, c["section"]] + ([c["part"]] if c.get("part") else [])
    return "[" + " › ".join(parts) + "]"


def money(v) -> str:
    """Whole pounds with separators, or "unknown"."""
    return "unknown" if v is None else f"£{v:,}"


def models_text(models: list | None, all_models: dict) -> str:
    """"every model" or the names of the models a rule concerns."""
    models = [m for m in (models or []) if m]
    if not models:
        return "the whole network"
    if len(models) == len(all_models):
        return "every model"
    return ", ".join(all_models[m]["name"] for m in models if m in all_models)


def funding_rows(fund: dict, streams: list, duties: list | None = None,
                 day: str | None = None) -> list[tuple[str, str, str, dict | None]]:
    """(label, amount, how it is worked out or why unknown, citation) per stream, then the total, then
    each duty (hours a week) when `duties` are given. A stream id recurs in later contract years with
    another label: `day` (the assessment's `as_of`) picks the entry in force, else the first listed."""
    labels: dict = {}
    for s in in_force_on(streams, day) if day else streams:
        labels.setdefault(s["id"], s.get("label") or s["id"].replace("_", " "))
    caveats = fund.get("caveats") or {}
    rows = []
    for sid in list(labels) + ["total"]:
        if sid not in fund:
            continue
        why = funding_why(fund, sid)
        if sid == "total":     # the engine names the streams by id: show their labels
            for other, label in labels.items():
                why = why.replace(other, label)
        if caveats.get(sid):
            why = f"{why}; {caveats[sid]}" if why else caveats[sid]
        label = labels.get(sid, "Total (maximum potential funding)")
        rows.append((label, money(fund[sid]), why, fund["citations"].get(sid)))
    return rows + duty_rows(duties or [])


def hours_text(hours) -> str:
    """"21 hours a week", "17.75 hours a week", or "unknown"."""
    return "unknown" if hours is None else f"{hours:g} hour{'' if hours == 1 else 's'} a week"


def duty_rows(duties: list) -> list[tuple[str, str, str, dict | None]]:
    """(label, hours a week, how it is worked out or why unknown, citation) per duty."""
    rows = []
    for d in duties:
        why = d.get("how") or d.get("unknown") or ""
        if d.get("caveat"):
            why = f"{why}; {d['caveat']}"
        rows.append((d["label"], hours_text(d.get("hours_per_week")), why, d.get("citation")))
    return rows


PRIORITY_TEXT = {"urgent": "urgent", "high": "high priority", "normal": "normal priority", "routine": "routine"}
STATUS_OF_CASE = {"open": "waiting for an adviser", "claimed": "an adviser is on it", "resolved": "answered"}


def case_reason(case: dict) -> dict | None:
    """The reason behind a case's priority (the first rule that concluded it), else the first reason."""
    reasons = case.get("reasons") or []
    return next((r for r in reasons if r.get("priority") == case.get("priority")), reasons[0] if reasons else None)


def case_title(case: dict) -> str:
    """"Case #12 · high priority · VAT"."""
    return f"Case #{case['id']} · {PRIORITY_TEXT.get(case['priority'], case['priority'])} · {topic_text(case['topic'])}"


def person(principal: str | None) -> str:
    """Who did something, as people write it: "Dr A Adviser", not "web:adviser:Dr A Adviser"; a key
    or a Slack id keeps enough to tell them apart."""
    if not principal:
        return "someone"
    kind, _, rest = principal.partition(":")
    if kind == "web" and rest.startswith("adviser:"):
        return rest.split(":", 1)[1]
    if kind == "web":
        return "the practice"
    if kind == "api-key":
        return f"{rest} (API key)"
    if kind in ("slack", "telegram"):
        return f"{kind.capitalize()} user {rest}"
    return principal


def on_day(iso: str | None) -> str:
    """A stored time as a date people write: "7 December 2026" (nothing for none)."""
    if not iso:
        return ""
    try:
        d = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return f"{d.day} {d:%B %Y}"


def waited(iso: str | None, now: dt.datetime | None = None) -> str:
    """How long a case has waited since `iso`, roughly: "12 minutes", "3 hours", "2 days"."""
    if not iso:
        return ""
    start = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    now = now or dt.datetime.now(dt.timezone.utc)
    minutes = max(0, int((now - start).total_seconds() // 60))
    for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size or unit == "minute":
            n = minutes // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return ""


def case_summary(case: dict, limit: int = 90) -> str:
    """A case in one line for a queue: the question, else the practice's note, else the flag's message."""
    text = case.get("question") or case.get("note") or (case.get("flag") or {}).get("message") or case_title(case)
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def practice_text(case: dict) -> str:
    """Who raised a case, for the advisers: the name and email the practice gave, else the Slack person,
    a Telegram chat, a practice on the web (its reference is a random secret: not shown), the chat user
    or the API key."""
    if case.get("practice_name"):
        email = case.get("contact_email")
        return f"{case['practice_name']} ({email})" if email else case["practice_name"]
    conv = case.get("conversation") or {}
    who = conv.get("user_ref") or case.get("opened_by") or "?"
    channel = conv.get("channel")
    if channel == "slack":
        return f"<@{who.rsplit(':', 1)[-1]}>"
    if channel == "web":
        return "a practice using the web pages (the reply shows on its result page)"
    if channel == "telegram":
        return f"a Telegram user (chat {who.split(':', 1)[0]})"
    return f"{who} ({channel or '?'})"


# --- what every channel says about a result beyond the conclusions -------------------------------
def coverage_note(a: dict) -> str | None:
    """The coverage warning, shown first, when the date is not squarely inside the sources' years."""
    return coverage_warning(a.get("coverage"))


def disagreement_lines(disagreements: list | None, sources: dict | None = None) -> list[str]:
    """One line per disagreement behind the result (or an answer): what each source says, cited,
    and the reading this tool follows and why."""
    return [disagreement_text(d, lambda c: cite(c, sources)) for d in disagreements or []]


def near_miss_lines(a: dict, sources: dict | None = None) -> list[str]:
    """One line per near miss: by how much, and what would change, cited."""
    return [f"{n['message']} {cite(n.get('citation'), sources)}".rstrip() for n in a.get("near_misses") or []]


def ranking_note(a: dict) -> str:
    """How the ranking works, and that it is this tool's weighing, not the handbook's."""
    r = a.get("ranking") or {}
    w = r.get("weights") or {}
    bands = w.get("rating") or {}
    pen = w.get("priority_penalty") or {}
    applied = [p["id"].replace("_", " ") for p in r.get("priorities") or []]
    why = r.get("why") or ("" if r.get("basis") == "judgement" else r.get("basis", ""))  # results stored
    text = f"{why} {r.get('method', '')}".strip()                                        # before `why` had it
    if bands:
        text += f" A score of {bands.get('good')} or more is a good fit, {bands.get('possible')} or more possible."
    if pen:
        text += (f" Each flag touching a stated priority costs {pen.get('warning')} points for a warning and "
                 f"{pen.get('info')} for a note.")
    text += (" Priorities applied: " + ", ".join(applied) + ".") if applied else \
        " No priorities stated: say what matters most to re-rank."
    return text


def survey_text(s: dict, all_models: dict) -> str:
    """One survey share in words: "Flat practice network: 41% of networks below 30,000 patients"."""
    band = s.get("population_band")
    where = "of networks"
    if band:
        (op, value), = band.items()
        where = f"of networks {'above' if op in ('gt', 'gte') else 'below'} {value:,} patients"
    name = all_models.get(s["model"], {}).get("name", s["model"])
    return f"{name}: {round(s['share'] * 100)}% {where}"


def survey_lines(a: dict, all_models: dict, sources: dict | None = None) -> list[str]:
    """What networks like this one chose, from the clinical director survey, cited."""
    return [f"{survey_text(s, all_models)} {cite(s.get('citation'), sources)}".rstrip()
            for s in (a.get("ranking") or {}).get("survey") or []]


def refine_offer(topics: list) -> str | None:
    """The offer to refine: each topic with how many questions can still change the result."""
    open_ = [t for t in topics if not t.get("skipped")]
    if not open_:
        return None
    listed = ", ".join(f"{t['label']} ({t['count']})" for t in open_)
    return f"To fine-tune the result, type *refine* for every topic in turn or *refine <topic>* for one: {listed}."


def undecided_note(undecided: list, questions: dict) -> str | None:
    """Which unasked questions could still change the eligibility or the recommended model."""
    if not undecided:
        return None
    prompts = "; ".join(f"\"{questions[q]['prompt']}\"" for q in undecided[:5])
    more = f" and {len(undecided) - 5} more" if len(undecided) > 5 else ""
    return (f"This result came after the first questions only. Answers to these could still change it: "
            f"{prompts}{more}. Type *refine* to answer them.")


def decision_change(before: tuple, after: tuple, all_models: dict) -> str | None:
    """What changed between two (eligibility status, recommended model) decisions, in words."""
    out = []
    if before[0] != after[0]:
        out.append(f"eligibility is now: {STATUS_TEXT[after[0]].lower()}")
    if before[1] != after[1]:
        name = all_models.get(after[1], {}).get("name") if after[1] else None
        out.append(f"the recommended model is now: {name or 'none of the five'}")
    return ("That changes the result: " + "; ".join(out) + ".") if out else None
