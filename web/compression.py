"""Compression of the web pages and their assets: what keeps a first visit light on a slow line.

Browsers say they take gzip; the NHS.UK stylesheet alone is 272 KB as sent, about 40 KB gzipped.
Pages are compressed as they go out (they are small and differ per person); static assets are
compressed once per file version (path and ETag) and kept, and may be cached by the browser for a
day (their names carry no version, so not for longer). Only successful text responses are
touched; a response already encoded, or too small to gain, goes out as it is.
"""
from __future__ import annotations

import gzip

from flask import request

from .blueprint import bp

TEXT = {"text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml",
        "text/markdown", "text/csv", "application/json"}
SMALLEST = 1024          # bytes: below this, gzip's header and checksum eat the gain
LEVEL = 6
STATIC_MAX_AGE = 86400   # seconds
_static: dict = {}       # (path, etag) -> gzipped bytes of a static file
STATIC_KEPT = 64


def _wants_gzip() -> bool:
    return "gzip" in (request.headers.get("Accept-Encoding") or "").lower()


@bp.after_request
def compress(response):
    """Send text responses gzipped to browsers that accept it; let browsers keep static assets a day."""
    static = request.endpoint == "web.static"
    if static and response.status_code == 200:
        response.cache_control.no_cache = None     # Flask's default for static files: ask every time
        response.cache_control.public = True
        response.cache_control.max_age = STATIC_MAX_AGE
    if (response.status_code != 200 or response.mimetype not in TEXT or "Content-Encoding" in response.headers
            or not _wants_gzip()):
        return response
    response.vary.add("Accept-Encoding")
    key = (request.path, response.headers.get("ETag")) if static else None
    body = _static.get(key) if key else None
    if body is None:
        response.direct_passthrough = False      # a static file is streamed: read it to compress it
        data = response.get_data()
        if len(data) < SMALLEST:
            return response
        body = gzip.compress(data, LEVEL)
        if key and len(_static) < STATIC_KEPT:
            _static[key] = body
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    return response
