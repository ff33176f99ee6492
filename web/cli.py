"""`pcn users create|list|disable|enable|reset-password`: accounts for the web pages (a `pcn.commands`
entry point). Disabling an account or resetting its password ends its sessions at once."""
from __future__ import annotations

import getpass
import sys


def cmd_users_create(args) -> int:
    """Create a web account; the password is prompted for, or read from stdin with --password-stdin."""
    from core.db import session_scope, shared_db_engine

    from .users import UserError, create_user

    try:
        password = _new_password(args)    # the rule is said before the prompt, not after two tries
        with session_scope(shared_db_engine()) as s:
            create_user(s, args.name, args.role, password, args.org)
    except UserError as exc:
        print(f"pcn: {exc}", file=sys.stderr)
        return 2
    print(f"user {args.name} ({args.role}, organisation {args.org}) created")
    return 0


def _new_password(args) -> str:
    """A password from stdin (--password-stdin), or prompted twice with the rule said first."""
    from .users import PASSWORD_RULE, UserError, check_password

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    print(PASSWORD_RULE, file=sys.stderr)
    password = getpass.getpass("Password: ")
    check_password(password)
    if getpass.getpass("Password again: ") != password:
        raise UserError("the passwords do not match")
    return password


def cmd_users_list(args) -> int:
    """Every web account: name, role, organisation, created, and whether it is disabled."""
    from core.db import session_scope, shared_db_engine

    from .users import list_users

    with session_scope(shared_db_engine()) as s:
        rows = [(u.name, u.role, u.org, u.created_at.date().isoformat(),
                 f"disabled {u.disabled_at.date().isoformat()}" if u.disabled_at else "active") for u in list_users(s)]
    if not rows:
        print("no users yet: pcn users create NAME")
    for row in rows:
        print("  ".join(row))
    return 0


def _change(args, what) -> int:
    from core.db import session_scope, shared_db_engine

    from .sessions import revoke_user
    from .users import UserError

    db = shared_db_engine()
    try:
        with session_scope(db) as s:
            user_id, message = what(s)
    except UserError as exc:
        print(f"pcn: {exc}", file=sys.stderr)
        return 2
    ended = revoke_user(db, user_id) if user_id is not None else 0
    print(message + (f"; {ended} signed-in session{'s' if ended != 1 else ''} ended" if ended else ""))
    return 0


def cmd_users_disable(args) -> int:
    """Stop an account signing in, and end its sessions."""
    from .users import set_disabled

    return _change(args, lambda s: (set_disabled(s, args.name, True).id, f"user {args.name} disabled"))


def cmd_users_enable(args) -> int:
    """Let a disabled account sign in again."""
    from .users import set_disabled

    def enable(s):
        set_disabled(s, args.name, False)
        return None, f"user {args.name} enabled"     # no sessions to end: it could not sign in
    return _change(args, enable)


def cmd_users_reset_password(args) -> int:
    """Give an account a new password (the rule is said before the prompt), and end its sessions."""
    from .users import UserError, reset_password

    try:
        password = _new_password(args)
    except UserError as exc:
        print(f"pcn: {exc}", file=sys.stderr)
        return 2
    return _change(args, lambda s: (reset_password(s, args.name, password).id, f"password of {args.name} reset"))


def register(subparsers) -> None:
    """Add `users create` to the `pcn` command line."""
    from core.orgs import DEFAULT_ORG

    users = subparsers.add_parser("users", help="accounts for the web pages (LMC advisers)")
    sub = users.add_subparsers(dest="users_command", required=True)
    create = sub.add_parser("create", help="create an account")
    create.add_argument("name")
    create.add_argument("--role", default="adviser", choices=["adviser"])
    create.add_argument("--org", default=DEFAULT_ORG, help="an adviser's LMC: they see the cases of the "
                        f"organisations it serves (`pcn orgs serve`) and its own (default {DEFAULT_ORG})")
    create.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    create.set_defaults(func=cmd_users_create)
    sub.add_parser("list", help="list the accounts").set_defaults(func=cmd_users_list)
    for name, func, helptext in (("disable", cmd_users_disable, "stop an account signing in (its sessions end)"),
                                 ("enable", cmd_users_enable, "let a disabled account sign in again")):
        one = sub.add_parser(name, help=helptext)
        one.add_argument("name")
        one.set_defaults(func=func)
    reset = sub.add_parser("reset-password", help="give an account a new password (its sessions end)")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    reset.set_defaults(func=cmd_users_reset_password)
