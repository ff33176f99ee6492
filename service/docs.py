"""The human docs page at /docs: Swagger UI served from the `swagger-ui-bundle` package's files.

Nothing is loaded from a CDN (the service runs on machines with no internet). Without the package,
/docs falls back to a small self-contained page that lists the operations from /openapi.json.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, send_from_directory

ASSETS = "/docs/assets/"
ALLOWED = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
           "favicon-16x16.png", "favicon-32x32.png"}

FALLBACK = """<!doctype html><html><head><meta charset="utf-8"><title>PCN Advisor API</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}code{background:#eee;padding:0 .2em}
li{margin:.3em 0}</style></head><body><h1>PCN Advisor API</h1>
<p>The full description is the OpenAPI document at <a href="/openapi.json"><code>/openapi.json</code></a>.</p>
<ul id="ops"></ul><script>
fetch("/openapi.json").then(r => r.json()).then(doc => {
  const ul = document.getElementById("ops");
  for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) {
    if (typeof op !== "object" || !op.responses) continue;
    const li = document.createElement("li");
    li.innerHTML = "<code></code> ";
    li.firstChild.textContent = method.toUpperCase() + " " + path;
    li.appendChild(document.createTextNode(op.summary || ""));
    ul.appendChild(li);
  }
});
</script></body></html>"""


def swagger_ui_dir() -> str | None:
    """Folder of the vendored Swagger UI files, or None when the package is not installed."""
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    return swagger_ui_bundle.swagger_ui_path


def configure(config: dict) -> None:
    """flask-smorest settings: the spec at /openapi.json and Swagger UI at /docs from local assets."""
    config.setdefault("OPENAPI_URL_PREFIX", "/")
    config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    if swagger_ui_dir():
        config.setdefault("OPENAPI_SWAGGER_UI_PATH", "docs")
        config.setdefault("OPENAPI_SWAGGER_UI_URL", ASSETS)
        # The default validator badge calls out to the internet.
        config.setdefault("OPENAPI_SWAGGER_UI_CONFIG", {"validatorUrl": None, "deepLinking": True})


def blueprint() -> Blueprint:
    """Serves the Swagger UI assets (or the fallback page when they are missing)."""
    blp = Blueprint("docs_assets", __name__)
    folder = swagger_ui_dir()

    @blp.route(ASSETS + "<path:name>")
    def asset(name):
        if folder is None or name not in ALLOWED:
            abort(404)
        return send_from_directory(folder, name, max_age=86400)

    if folder is None:
        @blp.route("/docs")
        def fallback():
            return Response(FALLBACK, mimetype="text/html")

    return blp
