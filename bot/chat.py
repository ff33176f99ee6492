"""`pcn chat`: the conversation in a terminal, the way to try PCN Advisor with no Slack workspace.

The same dialogue as Slack (same questions, commands and result), read with readline prompts.
Answers are saved to the database after every turn when it has been migrated (`pcn db upgrade`),
so `pcn chat` carries on where it stopped; `--no-save` keeps everything in memory. `ask <question>`
answers from the guidance; `adviser` opens a case for the LMC advisers (with the database), whose
reply is shown the next time `pcn chat` starts. With `--json`
the conversation goes to stderr and the final assessment, as JSON, to stdout.
"""
from __future__ import annotations

import getpass
import json
import sys

CHANNEL = "chat"
QUIT = {"quit", "exit", "bye", ":q"}


def open_store(no_save: bool, out):
    """The SQL store when the database has the bot's tables, else memory (saying so)."""
    from core.db import shared_db_engine
    from core.dialogue.persistence import MemoryStore, SQLStore

    if no_save:
        return MemoryStore()
    try:
        from sqlalchemy import inspect


        engine = shared_db_engine()
        if inspect(engine).has_table("conversations"):

            return SQLStore(engine)
        why = "the database has not been set up (run `pcn db upgrade`)"
    except Exception as exc:  # no database at all is fine for trying things out
        why = f"the database is not available ({exc.__class__.__name__})"
    print(f"(Answers are kept in memory only: {why}.)", file=out)
    return MemoryStore()


def _read(prompt: str, multiline: bool) -> str:
    """One answer; for a list of practices, lines until a blank one."""
    first = input(prompt)
    if not multiline or first.strip().lower() in QUIT:
        return first
    lines = [first]
    while lines[-1].strip():
        try:
            lines.append(input("... "))
        except EOFError:
            break
    return "\n".join(line for line in lines if line.strip())


def run(args) -> int:
    """Run one terminal conversation until the person quits or input ends."""
    # the dialogue and the database load when a chat starts, not for `pcn --help`
    from core.dialogue.replies import Result
    from core.dialogue.runner import Conversations
    from core.dialogue.text import render

    out = sys.stderr if args.json else sys.stdout
    interactive = sys.stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
    convs = Conversations(CHANNEL, open_store(args.no_save, out))
    k = convs.dialogue.k
    user = args.user or getpass.getuser()
    last_result: Result | None = None

    def show(replies: list) -> None:
        nonlocal last_result
        for r in replies:
            if isinstance(r, Result):
                last_result = r
        print(render(replies, k), file=out)
        if last_result is not None and any(isinstance(r, Result) for r in replies):
            print(f"(Saved as assessment {last_result.assessment_id}. Type change <question> to revise, "
                  "restart to begin again, or quit.)", file=out)

    show(convs.start(user) if args.new else convs.open(user))
    replies = convs.adviser_replies(user)    # advisers answer between sessions: show what came in
    if replies:
        show(replies)
    while True:
        state = convs.state(user)
        pending = k.questions.get(state.pending) if state and state.pending else None
        try:
            # input() writes its prompt to stdout: only prompt there when a person is typing
            text = _read("> " if interactive and out is sys.stdout else "", bool(pending and pending["type"] == "practices"))
        except (EOFError, KeyboardInterrupt):
            print("", file=out)
            break
        if text.strip().lower() in QUIT:
            break
        if not interactive:
            print(f"> {text}", file=out)   # echo scripted input so the transcript reads naturally
        show(convs.say(user, text))
    if state and not state.finished and last_result is None:
        print("Your answers so far are kept: run `pcn chat` again to carry on.", file=out)
    if args.json:
        if last_result is None:
            print("pcn chat: the conversation ended before a result", file=sys.stderr)
            return 1
        json.dump(last_result.assessment, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return 0


def register(subparsers) -> None:
    """Add `chat` to the `pcn` command line (a `pcn.commands` entry point)."""
    chat = subparsers.add_parser("chat", help="answer the questions in this terminal and get the assessment")
    chat.add_argument("--json", action="store_true", help="print the final assessment as JSON on stdout "
                                                          "(the conversation goes to stderr)")
    chat.add_argument("--no-save", action="store_true", help="keep answers in memory, not the database")
    chat.add_argument("--new", action="store_true", help="start again instead of resuming")
    chat.add_argument("--user", default=None, help="whose conversation this is (default: your login name)")
    chat.set_defaults(func=_chat)


def _chat(args) -> int:
    import os

    try:
        return run(args)
    except BrokenPipeError:   # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
