"""`pcn db`, `pcn api-keys`, `pcn reproduce` and `pcn orgs`: the core's subcommands of the `pcn` command
line (the database, its migrations, the compression dictionary, API keys and their organisations, which
organisations an LMC serves).

Registered through the `pcn.commands` entry-point group (see pyproject.toml).
"""
from __future__ import annotations

import itertools
import sys

from sqlalchemy.exc import OperationalError, ProgrammingError

NOT_MIGRATED = "pcn: the database has no tables yet: run `pcn db upgrade` first"


def cmd_db_upgrade(args) -> int:
    """Migrate the database to the newest schema (or --revision)."""
    from .db import database_url
    from .migrate import upgrade

    url = database_url()
    upgrade(url, args.revision)
    shown = url.split("@")[-1] if "@" in url else url  # never print a password
    print(f"database at {shown} upgraded to {args.revision}")
    return 0


def cmd_db_current(args) -> int:
    """Print the database's migration revision."""
    from .db import shared_db_engine
    from .migrate import current_revision, head_revision

    print(f"current: {current_revision(shared_db_engine())}  head: {head_revision()}")
    return 0


def cmd_db_train_dictionary(args) -> int:
    """Train a compression dictionary on sample assessments and make it current."""
    from .compress import DICT_DIR

    dict_id = train()
    print(f"dictionary {dict_id} is current ({DICT_DIR / f'{dict_id}.dict'}); commit it with the code")
    return 0


def samples() -> list[bytes]:
    """Sample assessments as JSON: every model (and none) across dates, sizes and answers."""
    import orjson

    from engine import default_engine

    e = default_engine()
    models = [None, *e.knowledge.models]
    dates = ["2019-07-01", "2020-04-01", "2021-06-01", "2022-06-01"]
    sizes = [15000, 28000, 42000, 75000, 120000]
    yes_no = [q for q, spec in e.knowledge.questions.items() if spec["type"] == "boolean"]
    out = []
    for i, (model, day, size) in enumerate(itertools.product(models, dates, sizes)):
        facts = {"population": size, "as_of": day}
        if model:
            facts["operating_model"] = model
        for j, q in enumerate(yes_no):
            if (i * 7 + j * 3) % 5 == 0:
                facts[q] = bool((i + j) % 2)
        out.append(orjson.dumps(e.assess(facts, explain=True)))
    return out


def train() -> int:
    """Train a dictionary on `samples()`, store it and make it current; returns its id."""
    import zstandard

    from .compress import DICT_DIR, DICT_SIZE

    trained = zstandard.train_dictionary(DICT_SIZE, samples())
    dict_id = trained.dict_id()
    path = DICT_DIR / f"{dict_id}.dict"
    if not path.exists():
        path.write_bytes(trained.as_bytes())
    (DICT_DIR / "current").write_text(f"{dict_id}\n")
    return dict_id


def _keys(action):
    from .db import session_scope

    try:
        with session_scope() as session:
            return action(session)
    except (OperationalError, ProgrammingError) as exc:
        if "no such table" in str(exc) or "does not exist" in str(exc):
            print(NOT_MIGRATED, file=sys.stderr)
            return None
        raise


def cmd_keys_create(args) -> int:
    """Create a key; the key itself is the last line printed (it is stored only as a hash)."""
    from .api_keys import create_key

    try:
        key = _keys(lambda s: create_key(s, args.name, args.scope, args.org))
    except ValueError as exc:
        print(f"pcn: {exc}", file=sys.stderr)
        return 1
    if key is None:
        return 1
    print(f"created API key {args.name!r} (scope {args.scope}, organisation {args.org}); it is shown only once:")
    print(key)
    return 0


def cmd_keys_list(args) -> int:
    """List keys: name, organisation, scope, created, revoked."""
    from .api_keys import list_keys
    from .records import isoformat

    rows = _keys(lambda s: [(k.name, k.org, k.scope, isoformat(k.created_at), isoformat(k.revoked_at))
                            for k in list_keys(s)])
    if rows is None:
        return 1
    if not rows:
        print("no API keys yet: pcn api-keys create NAME")
        return 0
    width, org_width = max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
    for name, org, scope, created, revoked in rows:
        state = f"revoked {revoked}" if revoked else "active"
        print(f"{name:<{width}}  org {org:<{org_width}}  {scope:<8} created {created}  {state}")
    return 0


def cmd_keys_revoke(args) -> int:
    """Revoke a key by name; requests with it get 401 from then on."""
    from .api_keys import revoke_key

    def revoke(session):
        try:
            revoke_key(session, args.name)
            return True
        except KeyError:
            return False

    done = _keys(revoke)
    if done is None:
        return 1
    if not done:
        print(f"pcn: no API key named {args.name!r}", file=sys.stderr)
        return 1
    print(f"revoked API key {args.name!r}")
    return 0


def cmd_orgs_serve(args) -> int:
    """Record that an LMC serves an organisation: its adviser keys then see that organisation's cases."""
    from .orgs import serve

    try:
        new = _keys(lambda s: serve(s, args.lmc, args.org))
    except ValueError as exc:
        print(f"pcn: {exc}", file=sys.stderr)
        return 1
    if new is None:
        return 1
    print(f"{args.lmc} serves {args.org}" + ("" if new else " (it already did)"))
    return 0


def cmd_orgs_unserve(args) -> int:
    """Stop an LMC serving an organisation."""
    from .orgs import unserve

    done = _keys(lambda s: unserve(s, args.lmc, args.org))
    if done is None:
        return 1
    if not done:
        print(f"pcn: {args.lmc} does not serve {args.org}", file=sys.stderr)
        return 1
    print(f"{args.lmc} no longer serves {args.org}")
    return 0


def cmd_orgs_list(args) -> int:
    """List which LMC serves which organisation."""
    from .orgs import links

    rows = _keys(links)
    if rows is None:
        return 1
    if not rows:
        print("no LMC serves another organisation yet: pcn orgs serve LMC ORG")
    for lmc, org in rows:
        print(f"{lmc} serves {org}")
    return 0


def cmd_reproduce(args) -> int:
    """Rerun a stored assessment under the rules that made it; exit 1 when it is not identical."""
    import json

    from engine import default_engine

    from .assessments import get_assessment
    from .db import session_scope, shared_db_engine
    from .versions import UnknownVersion, remember, reproduce

    db = shared_db_engine()
    current = default_engine()
    remember(db, current.knowledge)
    with session_scope(db) as s:
        row = get_assessment(s, args.id)
        if row is None:
            print(f"pcn: no assessment {args.id}", file=sys.stderr)
            return 2
        try:
            out = reproduce(db, row, current)
        except UnknownVersion as exc:
            print(f"pcn: the knowledge of rules version {exc} was not kept, so it cannot be reproduced", file=sys.stderr)
            return 2
    print(json.dumps(out, indent=2))
    return 0 if out["identical"] else 1


def register(subparsers) -> None:
    """Add `db`, `api-keys`, `reproduce` and `orgs` to the `pcn` command line (`assess` is its own entry
    point, core.assess_cli, so that it starts without loading these)."""
    from .api_keys import DEFAULT_SCOPE, SCOPE_GRANTS
    from .orgs import DEFAULT_ORG

    d = subparsers.add_parser("db", help="manage the database schema")
    dsub = d.add_subparsers(dest="db_command", required=True)
    up = dsub.add_parser("upgrade", help="apply migrations (DATABASE_URL, default instance/pcn.sqlite3)")
    up.add_argument("--revision", default="head")
    up.set_defaults(func=cmd_db_upgrade)
    dsub.add_parser("current", help="show the schema revision").set_defaults(func=cmd_db_current)
    dsub.add_parser("train-dictionary", help="train the zstd dictionary stored results are packed with "
                    "(after large knowledge changes)").set_defaults(func=cmd_db_train_dictionary)

    k = subparsers.add_parser("api-keys", help="create, list and revoke API keys")
    ksub = k.add_subparsers(dest="keys_command", required=True)
    c = ksub.add_parser("create", help="create a key (printed once, as the last line)")
    c.add_argument("name")
    c.add_argument("--scope", default=DEFAULT_SCOPE, choices=sorted(SCOPE_GRANTS))
    c.add_argument("--org", default=DEFAULT_ORG,
                   help=f"the organisation (team or LMC) the key belongs to (default {DEFAULT_ORG})")
    c.set_defaults(func=cmd_keys_create)
    ksub.add_parser("list", help="list keys").set_defaults(func=cmd_keys_list)
    r = ksub.add_parser("revoke", help="revoke a key by name")
    r.add_argument("name")
    r.set_defaults(func=cmd_keys_revoke)

    rp = subparsers.add_parser("reproduce", help="rerun a stored assessment under the rules that made it")
    rp.add_argument("id")
    rp.set_defaults(func=cmd_reproduce)
    o = subparsers.add_parser("orgs", help="which organisations an LMC serves (its adviser keys see their cases)")
    osub = o.add_subparsers(dest="orgs_command", required=True)
    for name, func, helptext in (("serve", cmd_orgs_serve, "an LMC serves an organisation"),
                                 ("unserve", cmd_orgs_unserve, "an LMC stops serving an organisation")):
        p = osub.add_parser(name, help=helptext)
        p.add_argument("lmc")
        p.add_argument("org")
        p.set_defaults(func=func)
    osub.add_parser("list", help="list the links").set_defaults(func=cmd_orgs_list)
