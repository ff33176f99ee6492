"""`pcn users create NAME --role adviser [--org LMC]`: accounts for the web pages (a `pcn.commands` entry point)."""
from __future__ import annotations

import getpass
import sys


def cmd_users_create(args) -> int:
    """Create a web account; the password is prompted for, or read from stdin with --password-stdin."""
    from core.db import session_scope, shared_db_engine

    from .users import PASSWORD_RULE, UserError, check_password, create_user

    try:
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            print(PASSWORD_RULE, file=sys.stderr)   # before the prompt, not after two tries
            password = getpass.getpass("Password: ")
            check_password(password)
            if getpass.getpass("Password again: ") != password:
                print("pcn: the passwords do not match", file=sys.stderr)
                return 2
        with session_scope(shared_db_engine()) as s:
            create_user(s, args.name, args.role, password, args.org)
    except UserError as exc:
        print(f"pcn: {exc}", file=sys.stderr)
        return 2
    print(f"user {args.name} ({args.role}, organisation {args.org}) created")
    return 0


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
