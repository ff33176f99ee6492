"""PCN Advisor's HTTP service: the rules engine behind a JSON API with stored assessments.

`create_app(config=None)` builds the Flask app: one blueprint per resource (assessments, checklist,
knowledge, questions, triage, health), an OpenAPI 3 document generated from the marshmallow schemas at /openapi.json,
Swagger UI at /docs, errors as problem+json, and rate limits (`limits.py`). Front ends (Slack, ...) plug themselves in through
the `pcn.frontends` entry points (`core.plugins`): this package never imports one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Flask and the rules engine are imported when an app is made, not by `pcn serve --help`
    from flask import Flask

    import engine as pcn_engine

MAX_BODY = 1024 * 1024  # 1 MB: a 1,000-item batch of ordinary facts fits well within it


def default_config() -> dict:
    """Settings every app starts from; `create_app(config)` overrides them."""
    from .auth import SECURITY
    from .errors import MAX_PATH
    from .jsonprovider import MAX_DEPTH

    return {
        "DATABASE_URL": None,
        "MAX_CONTENT_LENGTH": MAX_BODY,
        "KNOWLEDGE_DIR": None,
        "BATCH_LIMIT": 1000,
        "API_TITLE": "PCN Advisor",
        "API_VERSION": "1",
        "OPENAPI_VERSION": "3.0.3",
        "API_SPEC_OPTIONS": {
            "info": {"description": "Cited, dated rules for setting up and running a Primary Care Network. "
                                    "Send `Authorization: Bearer <key>`; errors are application/problem+json. "
                                    f"A request body is JSON of at most {MAX_BODY // 2**20} MB, nested at most "
                                    f"{MAX_DEPTH} levels of arrays and objects (400 otherwise); a path is at most "
                                    f"{MAX_PATH:,} characters (414 otherwise)."},
            "security": SECURITY,
        },
    }


def rules_engine_for(config: dict) -> pcn_engine.Engine:
    """The rules engine for the app: config `ENGINE`, else `KNOWLEDGE_DIR`, else the default one."""
    import engine as pcn_engine

    if config.get("ENGINE") is not None:
        return config["ENGINE"]
    if config.get("KNOWLEDGE_DIR"):
        from engine.knowledge import load

        return pcn_engine.Engine(load(config["KNOWLEDGE_DIR"]))
    return pcn_engine.default_engine()


def create_app(config: dict | None = None) -> Flask:
    """The Flask app; `config` may set DATABASE_URL, TESTING, KNOWLEDGE_DIR, BATCH_LIMIT, FRONTENDS
    (names of the front ends to plug in; default all installed), the rate limits (`service.limits`:
    PCN_RATE_LIMIT, ...), any Flask setting."""
    from flask import Flask

    from core import plugins
    from core.dialogue.conversation import Dialogue

    from . import bodies, contract, db, docs, errors, limits
    from .api import Api
    from .auth import SECURITY_SCHEME
    from .jsonprovider import JSONProvider
    from .resources.assessments.routes import AssessmentId, assessment_id_schema
    from .resources.assessments.routes import blueprint as assessments
    from .resources.changed_advice.routes import blueprint as changed_advice
    from .resources.checklist.routes import blueprint as checklist
    from .resources.health.routes import blueprint as health
    from .resources.interviews.routes import blueprint as interviews
    from .resources.knowledge.routes import blueprint as knowledge
    from .resources.questions.routes import blueprint as questions
    from .resources.summary.routes import blueprint as summary
    from .resources.triage.routes import cases_blueprint, escalation_blueprint
    from .resources.versions.routes import assessments_blueprint as reassessing
    from .resources.versions.routes import knowledge_blueprint as knowledge_versions
    from .resources.what_if.routes import blueprint as what_if

    app = Flask(__name__, instance_relative_config=False)
    settings = default_config()
    settings.update(config or {})
    settings["DATABASE_URL"] = settings["DATABASE_URL"] or db.database_url()
    docs.configure(settings)
    app.config.update(settings)
    app.json = JSONProvider(app)  # keeps the engine's key order: GET returns what POST returned

    rules = rules_engine_for(app.config)
    app.extensions[plugins.RULES_ENGINE] = rules
    db.init_app(app)
    app.url_map.converters["assessment_id"] = AssessmentId
    api = Api(app)
    api.register_converter(AssessmentId, assessment_id_schema)
    api.spec.components.security_scheme("bearerAuth", SECURITY_SCHEME)
    errors.register(app)
    limited = [assessments(rules, app.config["BATCH_LIMIT"]), checklist(), knowledge(rules),
               escalation_blueprint(rules), what_if(rules), questions(rules), cases_blueprint(), interviews(rules),
               reassessing(rules), knowledge_versions(rules), summary(rules), changed_advice()]
    for bp in (health(), *limited):
        api.register_blueprint(bp)
    contract.document(api.spec, rules.knowledge, Dialogue(rules).interview.topic_order)
    limits.init_app(app, limited)  # before the front ends, which put their own limits on their routes
    bodies.register(app)           # after the limits: a request held back is not read at all
    app.register_blueprint(docs.blueprint())
    plugins.register_frontends(app, app.config.get("FRONTENDS"))
    _keep_knowledge(app, rules)
    return app


def _keep_knowledge(app: Flask, rules) -> None:
    """Keep this knowledge version in the database (`core.versions`), so what the app stores can be
    reproduced later; a database not yet migrated is left alone (`/readyz` says so)."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from core import plugins, versions

    try:
        versions.remember(plugins.db_engine(app), rules.knowledge)
    except (OperationalError, ProgrammingError):
        app.logger.info("knowledge version %s not kept yet: the database is not migrated", rules.rules_version)
