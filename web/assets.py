"""Vendoring the NHS.UK design system's compiled CSS, JS and images (`make assets`).

The pages must work offline and from no CDN, so the compiled files of one pinned `nhsuk-frontend`
release are copied into `web/static/nhsuk/` and committed. `nhsuk-frontend-jinja` (the template
macros, from PyPI) is made for one release of them: NHSUK_FRONTEND below must match its table.
The CSS is adjusted to be served from here: image URLs become relative to the stylesheet, and the
web-font rules (which load Frutiger from assets.nhs.uk) are dropped, so the system font is used.
axe-core (accessibility checks in the browser tests) is vendored under tests/web/.

Run: `python -m web.assets` (needs `npm` and the npm registry; the result is committed).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

NHSUK_FRONTEND = "10.6.1"     # what nhsuk-frontend-jinja 0.10.x is made for
AXE_CORE = "4.14.1"
HERE = Path(__file__).resolve().parent
STATIC = HERE / "static" / "nhsuk"
AXE = HERE.parent / "tests" / "web" / "axe.min.js"
FONT_FACE = re.compile(r"@font-face\{[^}]*assets\.nhs\.uk[^}]*\}")


def _pack(spec: str, into: Path) -> Path:
    out = subprocess.run(["npm", "pack", "--silent", spec], cwd=into, check=True, capture_output=True, text=True)
    tgz = into / out.stdout.strip().splitlines()[-1]
    dest = into / spec.split("@")[0]
    with tarfile.open(tgz) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def local_css(css: str) -> str:
    """The stylesheet with image URLs relative to itself and no remote web fonts."""
    return FONT_FACE.sub("", css.replace("url(/assets/", "url(assets/"))


def vendor() -> None:
    """Fetch the pinned releases and copy their compiled files into place."""
    with tempfile.TemporaryDirectory() as tmp:
        frontend = _pack(f"nhsuk-frontend@{NHSUK_FRONTEND}", Path(tmp)) / "dist" / "nhsuk"
        shutil.rmtree(STATIC, ignore_errors=True)
        (STATIC / "assets").mkdir(parents=True)
        css = (frontend / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
        (STATIC / "nhsuk-frontend.min.css").write_text(local_css(css), encoding="utf-8")
        shutil.copy(frontend / "nhsuk-frontend.min.js", STATIC / "nhsuk-frontend.min.js")
        shutil.copytree(frontend / "assets" / "images", STATIC / "assets" / "images")
        shutil.copy(frontend / "assets" / "manifest.json", STATIC / "assets" / "manifest.json")
        (STATIC / "VERSION").write_text(f"nhsuk-frontend {NHSUK_FRONTEND}\n", encoding="utf-8")
        axe = _pack(f"axe-core@{AXE_CORE}", Path(tmp))
        shutil.copy(axe / "axe.min.js", AXE)
    print(f"nhsuk-frontend {NHSUK_FRONTEND} in {STATIC}; axe-core {AXE_CORE} in {AXE}")


if __name__ == "__main__":
    vendor()
    sys.exit(0)
