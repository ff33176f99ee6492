"""The dialogue: one turn at a time, typed text or a clicked option in, replies out.

Channel-agnostic and stateless itself: every call takes the conversation's `State`, changes it, and
returns replies. After each answer the facts so far are checked with the engine, answers whose
`ask_when` no longer holds are set aside, and the next question of the interview's phase is asked
(`interview.py`: first only what can change the decision, then, when asked for, the refinements by
topic). When none is left, the engine assesses the facts.
"""
from __future__ import annotations

import datetime as dt

import engine
from engine.coverage import outside_sources
from engine.errors import FactsError
from engine.facts import engine_fact
from engine.wording import for_day

from . import commands as cmds
from .describe import answer_text, decision_change
from .interview import REFINE, Interview
from .parse import UNSURE, parse_answer
from .reconcile import reconcile
from .relevance import Relevance, View
from .replies import Ask, Escalate, Lookup, Result, Say
from .state import State
from .whatif import what_if

INTRO = ("Let's work out which structure suits your network. I'll ask only the questions that can change "
         "the answer, one at a time; most take a click. Say *not sure* whenever you don't know (the result shows "
         "what depends on it). Type *why?* to see why a question matters, *back*, *change <question>*, "
         "*restart* or *help* at any time.")
DONE = ("Your assessment is above. Type *refine* to answer more questions by topic, *what if <answer>* to "
        "try a different answer, *change <question>* to revise one (*change* lists them), or *restart*.")
#: The click that ends refining early ("See my result"), as `choose` takes it.
DONE_REFINING = "done"
START_HINT = "When you want to work out which structure suits your network, type *start*."
ASK_WHAT = ("What would you like to ask? Type *ask* and your question, for example "
            "\"ask who chooses the clinical director?\"")


class Dialogue:
    """Runs conversations against one engine (by default the process-wide one)."""

    def __init__(self, pcn_engine: engine.Engine | None = None, today=None):
        self.engine = pcn_engine or engine.default_engine()
        self._today = today     # a fixed "today" for tests; else the real date
        self.k = for_day(self.engine.knowledge, self.today())   # questions' help in today's words
        self.relevance = Relevance(self.k)
        self.interview = Interview(self.engine, self.relevance)

    def today(self) -> dt.date:
        """Today's date (fixed in tests)."""
        return self._today or dt.date.today()

    # --- entry points ------------------------------------------------------------------------
    def start(self, facts: dict | None = None) -> tuple[State, list]:
        """A new conversation and its first replies; `facts` (raw, checked by the engine: FactsError
        names each bad one) start it from what is already known."""
        state = State.new(self.today())
        if facts:
            clean = self.engine.check(facts, self.today())
            for qid in facts:
                if qid in self.k.questions and qid in clean:    # null: unknown, as if not sent
                    state.facts[qid] = clean[qid]
                    state.history.append(qid)
        return state, [Say(INTRO, "help")] + self._next(state)

    def give(self, state: State, qid: str, value, unsure: bool = False) -> list:
        """An answer given as a value the engine accepts (not typed text), for the waiting question."""
        self._repair(state)
        if unsure:
            return self._answer(state, qid, UNSURE)
        try:
            clean = self.engine.check({"as_of": state.final_facts()["as_of"], qid: value})
        except FactsError as exc:
            return [self.ask(state, qid, note="That answer " + "; ".join(sum(exc.errors.values(), [])) + ".")]
        return self._answer(state, qid, clean[qid])

    def first(self, text: str) -> tuple[State, list]:
        """A person's first message: a question or a request for an adviser is handled as such
        (the assessment waits until they type *start*); anything else starts the assessment."""
        command = cmds.parse_command(text)
        if (command is not None and command.name in cmds.VERBATIM) or cmds.is_question(text):
            state = State.new(self.today())
            return state, self.handle(state, text) + [Say(START_HINT, "notice")]
        return self.start()

    def resume(self, state: State) -> list:
        """Replies that pick a conversation up again: its pending question, or where things stand."""
        self._repair(state)
        if state.pending:
            return [Say("Picking up where we left off.", "notice"), self.ask(state, state.pending)]
        if state.finished:
            return [Say(DONE, "notice")]
        return self._begin(state)

    def handle(self, state: State, text: str) -> list:
        """Replies to typed text: a command, a free-text question, or an answer to the pending question."""
        asked_before, state.last_question = state.last_question, None
        command = cmds.parse_command(text)
        if command is not None and command.name == "ask":
            return self.lookup(state, command.arg)
        if command is not None and command.name == "adviser":
            return [Escalate(asked_before, command.arg or None, state.assessment_id)] + self.pending_ask(state)
        if command is not None:
            return self.command(state, command)
        self._repair(state)
        # "Can a federation employ our pharmacist?" must not be read as the answer "federation"
        if cmds.is_question(text, strict=True):
            return self.lookup(state, text)
        if state.pending is None:
            if cmds.is_question(text):
                return self.lookup(state, text)
            return [Say(DONE, "notice")] if state.finished else self._begin(state)
        q = self.k.questions[state.pending]
        parsed = parse_answer(q, text, self.today())
        if not parsed.ok:
            if cmds.is_question(text):
                return self.lookup(state, text)
            return [self.ask(state, state.pending, note=parsed.problem)]
        return self._answer(state, state.pending, parsed.value)

    def lookup(self, state: State, question: str) -> list:
        """A free-text question to answer (the runner fills in the answer), then the waiting question again."""
        question = " ".join((question or "").split())[:1000]
        if not question:
            return [Say(ASK_WHAT, "notice")] + self.pending_ask(state)
        state.last_question = question     # so "adviser" next can pass it on
        return [Lookup(question)] + self.pending_ask(state)

    def _begin(self, state: State) -> list:
        # a conversation that so far only asked questions gets the introduction before its first question
        return ([] if state.history else [Say(INTRO, "help")]) + self._next(state)

    def choose(self, state: State, qid: str, value) -> list:
        """Replies to a clicked option: `value` is a choice value, True/False, UNSURE, "why" or "back"."""
        self._repair(state)
        if value == "why":
            return self.command(state, cmds.Command("why", qid))
        if value == "back":
            return self.command(state, cmds.Command("back"))
        if value == DONE_REFINING:
            return self.stop_refining(state)
        if qid != state.pending:
            q = self.k.questions.get(qid)
            if q is None or state.answered(qid):
                return []    # a second click on an answered question: nothing to do
            return [Say(f"That question is no longer waiting for an answer. To revise it, type *change {qid}*.",
                        "notice")]
        q = self.k.questions[qid]
        if value != UNSURE:
            value = {"true": True, "false": False}.get(value, value) if q["type"] == "boolean" else value
            options = [c["value"] for c in q.get("choices") or []]
            if q["type"] == "choice" and value not in options:
                return [self.ask(state, qid, note="Please pick one of the options.")]
            if q["type"] == "choices":
                value = [value] if isinstance(value, str) else value
                if not isinstance(value, list) or any(v not in options for v in value):
                    return [self.ask(state, qid, note="Please pick from the options.")]
                value = [v for v in options if v in value]
        return self._answer(state, qid, value)

    def command(self, state: State, command: cmds.Command) -> list:
        """Carry out back, change, why, restart or help (see `commands.py`)."""
        self._repair(state)
        return cmds.execute(self, state, command)

    # --- answering and moving on -------------------------------------------------------------
    def _answer(self, state: State, qid: str, value) -> list:
        unsure = value == UNSURE
        problem, dropped = reconcile(self.engine, state, qid, None if unsure else value)
        if problem:
            return [self.ask(state, qid, note=problem)]
        notes = [Say(f"I've set aside your earlier answer to \"{self.k.questions[q]['prompt']}\": {why}.", "notice")
                 for q, why in dropped]
        before = self._decision(state) if state.phase == REFINE else None
        state.record(qid, None if unsure else value, unsure)
        state.asked += 1
        state.pending, state.finished = None, False
        if before is not None:
            change = decision_change(before, self._decision(state), self.k.models)
            notes += [Say(change, "notice")] if change else []
        replies = notes + self._next(state)
        if replies and isinstance(replies[-1], Ask):
            replies[-1].ack = answer_text(self.k.questions[qid], value, unsure)
        return replies

    def _prune(self, state: State) -> list:
        """Set aside answers whose ask_when no longer holds (a changed answer made them moot)."""
        notes = []
        while True:
            view = self.view(state)
            moot = [q for q in list(state.facts) + state.unsure
                    if q in self.k.questions and q != "as_of" and not self.relevance.applies(q, view)]
            if not moot:
                return notes
            for q in moot:
                state.forget(q)
                notes.append(Say(f"Your answer to \"{self.k.questions[q]['prompt']}\" no longer applies, "
                                 "so I've set it aside.", "notice"))

    def _next(self, state: State) -> list:
        notes = self._prune(state)
        step = self.interview.next(state, self.view(state))
        if step.qid is None:
            return notes + [self._finish(state, step.undecided)]
        state.pending = step.qid
        state.left = step.remaining
        return notes + [self.ask(state, state.pending, remaining=step.remaining)]

    def _decision(self, state: State) -> tuple:
        a = self.engine.decide(state.final_facts())    # only what decides: not a whole assessment
        return a["eligibility"]["status"], a["recommended_model"]

    def refine(self, state: State, topic: str | None = None) -> list:
        """Start (or carry on with) phase two: the questions of one topic, or of every topic in turn."""
        topics = {t["id"]: t for t in self.interview.topics(self.view(state))}
        if topic is not None and topic not in topics:
            known = ", ".join(f"*{t}*" for t in topics) or "none: nothing left can change the result"
            return [Say(f"There is nothing more to ask about \"{topic}\". Topics you can refine: {known}.",
                        "notice")] + self.pending_ask(state)
        state.phase, state.topic, state.pending, state.finished = REFINE, topic, None, False
        if topic in state.skipped:
            state.skipped.remove(topic)
        return self._next(state)

    def skip(self, state: State) -> list:
        """Skip the rest of the topic being refined (in phase one: nothing to skip)."""
        if state.phase != REFINE or state.pending is None:
            return [Say("There is no topic to skip: *skip* works while refining.", "notice")] + self.pending_ask(state)
        topic = self.interview.topic_of(state.pending)
        state.skipped.append(topic)
        state.pending = None
        if state.topic is not None:
            state.topic = None
            return [self._finish(state)]
        return self._next(state)

    def stop_refining(self, state: State) -> list:
        """"See my result" while refining: the result on the answers so far, with nothing left waiting
        (phase one cannot be stopped this way: its questions decide the result)."""
        if state.phase != REFINE:
            return self.pending_ask(state)
        state.topic = None
        return [self._finish(state)]

    def what_if(self, state: State, text: str) -> list:
        """What would change with the answer(s) `text` describes (nothing is saved)."""
        return what_if(self, state, text)

    def result(self, state: State) -> list:
        """The result on the answers so far (the waiting question stays waiting)."""
        pending, finished = state.pending, state.finished
        replies = [self._finish(state)]
        state.pending, state.finished = pending, finished or pending is None
        return replies + self.pending_ask(state)

    def _finish(self, state: State, undecided=()) -> Result:
        facts = state.final_facts()
        assessment = self.engine.assess(facts, explain=True)
        state.pending, state.finished, state.assessment_id = None, True, None
        state.topic = None
        view = self.view(state)
        return Result(assessment, facts, self.unsure(state), phase=state.phase, undecided=list(undecided),
                      topics=self.interview.topics(view, state.skipped))

    def unsure(self, state: State) -> list:
        """Each answer given as "not sure", with what in the assessment depends on it:
        [{id, prompt, depends: [{id, text, citation, models}]}]."""
        unsure = []
        for qid in state.unsure:
            view = self.view(state, reopen=qid)
            depends: dict[str, dict] = {}
            for r in self.relevance.readers(qid, view):
                d = depends.setdefault(r.id, {"id": r.id, "text": r.text, "citation": r.citation, "models": []})
                d["models"].append(r.model)
            unsure.append({"id": qid, "prompt": self.k.questions[qid]["prompt"], "depends": list(depends.values())})
        return unsure

    # --- helpers -----------------------------------------------------------------------------
    def _repair(self, state: State) -> None:
        """Fit a state saved under older knowledge: forget answers to questions that are gone or changed."""
        for qid in set(state.facts) | set(state.unsure) | set(state.history):
            if qid not in self.k.questions:
                state.forget(qid)
        if state.pending is not None and state.pending not in self.k.questions:
            state.pending = None
        try:
            self.engine.check(state.final_facts())
        except FactsError as exc:
            for qid in exc.errors:
                state.forget(qid)

    def view(self, state: State, reopen: str | None = None) -> View:
        """What is known so far, as the relevance rules see it (`reopen`: treat one answer as open)."""
        facts = {k: v for k, v in state.final_facts().items() if k != reopen or k == "as_of"}
        clean = self.engine.check(facts)
        open_ = {q for q in self.k.questions if not state.answered(q) or q == reopen}
        return View(engine_fact(clean, state.day), state.day, open_, clean.get("operating_model"))

    def ask(self, state: State, qid: str, note=None, previous=None, remaining=None) -> Ask:
        """The question `qid`, with progress, and optionally a re-prompt note or the earlier answer."""
        if remaining is None and qid == state.pending and state.left is not None:
            remaining = state.left      # worked out when it was chosen: asking again costs nothing
        if remaining is None:
            step = self.interview.next(state, self.view(state))
            remaining = step.remaining + (step.qid is not None and step.qid != qid)
        q = self.k.questions[qid]
        aside = outside_sources(self.k, self.today()) if q["type"] == "date" else None
        return Ask(qid, q, state.asked + 1, remaining, previous=previous, note=note, aside=aside)

    def pending_ask(self, state: State) -> list:
        """The waiting question again (or nothing when none is waiting)."""
        return [self.ask(state, state.pending)] if state.pending else []

    def answer_of(self, state: State, qid: str) -> str | None:
        """A question's answer as a person would say it (None if unanswered)."""
        if qid in state.unsure:
            return answer_text(self.k.questions[qid], None, unsure=True)
        if qid in state.facts:
            return answer_text(self.k.questions[qid], state.facts[qid])
        return None
