"""The book in a real browser: every page of ``_build/html`` opened in headless Chromium.

The built site (``make book``; built here first when it is missing or older than its sources) is served on
127.0.0.1 by ``http.server`` in a thread and every page is opened with Playwright driving Debian's Chromium
(``/usr/bin/chromium``, or ``$DLNSYM_CHROMIUM``; Playwright never downloads a browser here). On every page:

* no console error and no uncaught exception, and no request that failed or answered an error;
* the math is typeset: no raw ``$...$``, ``\\(``, ``\\[`` or TeX control word left in the text, no MathJax error node;
* every image has loaded (``naturalWidth > 0``);
* every internal link resolves: its page or file exists and its ``#fragment`` is an id of that page;
* nothing is requested from anywhere but 127.0.0.1 (such requests are blocked and recorded: the site needs none).

Screenshots of the landing page, a chapter and the errata page are written to ``_build/screenshots/``. Without
Chromium or Playwright the tests are skipped, saying how to install them.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = os.environ.get("DLNSYM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: the pages whose screenshots are saved
SCREENSHOTS = {"landing": "index.html", "chapter": "notebooks/03_regularizing_flow.html", "errata": "errata.html"}
HOW = ("the book's browser test needs Chromium and Playwright: as root `apt-get install -y chromium` (Debian), and "
       "`.venv/bin/pip install -e '.[book]'` (make test does this)")

if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
    pytest.skip(f"no Chromium at {CHROMIUM}: {HOW}", allow_module_level=True)
playwright_sync = pytest.importorskip("playwright.sync_api", reason=f"Playwright is not installed: {HOW}")
pytest.importorskip("sphinx", reason="Sphinx is not installed: `.venv/bin/pip install -e '.[book]'`")


def _build_module():
    spec = importlib.util.spec_from_file_location("dlnsym_book_build", ROOT / "docs" / "book" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _ensure_built() -> float:
    """Build the book when it is missing or stale; returns the seconds spent building (0 when it was current)."""
    book = _build_module()
    if not book.is_stale():
        return 0.0
    t = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, str(ROOT / "docs" / "book" / "build.py")], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"make book failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return time.perf_counter() - t


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test reports what matters
        pass


def _pages() -> list[str]:
    skip = {"_static", "_sources", "_images"}
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                  if not skip & set(p.relative_to(HTML).parts))


# JavaScript run on every page once it has loaded -------------------------------------------------------------------
SETTLE = """async () => {
  const imgs = Array.from(document.images);
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = r; i.onerror = r; })));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;  // the fonts MathJax asked for while typesetting
  return true;
}"""

INSPECT = r"""() => {
  const skip = new Set(['PRE', 'CODE', 'SCRIPT', 'STYLE', 'TEXTAREA', 'MJX-CONTAINER', 'NOSCRIPT']);
  const texts = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode(n) {
    if (!n.nodeValue.trim() || !n.parentElement.checkVisibility()) return NodeFilter.FILTER_REJECT;
    for (let e = n.parentElement; e; e = e.parentElement) {
      if (skip.has(e.tagName) || e.classList.contains('highlight')) return NodeFilter.FILTER_REJECT;
    }
    return NodeFilter.FILTER_ACCEPT;
  }});
  while (walk.nextNode()) texts.push(walk.currentNode.nodeValue);
  return {
    text: texts.join(' '),
    mathSource: document.querySelectorAll('.math, span.math, div.math').length,
    typeset: document.querySelectorAll('mjx-container').length,
    mathErrors: Array.from(document.querySelectorAll('mjx-merror, [data-mjx-error], .katex-error, .MathJax_Error'))
                  .map(e => e.getAttribute('data-mjx-error') || e.textContent).slice(0, 5),
    badImages: Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))
                  .map(i => i.currentSrc || i.src),
    images: document.images.length,
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    ids: Array.from(document.querySelectorAll('[id], a[name]')).map(e => e.id || e.getAttribute('name')),
  };
}"""

#: what untypeset math looks like in the text of a page
RAW_MATH = [re.compile(p) for p in (r"\\\(", r"\\\)", r"\\\[", r"\\\]", r"\$\$", r"(?<![\w$])\$[^$\s][^$]*\$",
                                      r"\\(begin|end)\{", r"\\(mathbf|mathcal|mathbb|frac|operatorname|sqrt)\b")]


@pytest.fixture(scope="module")
def crawl():
    """Build (if needed), serve, and open every page; returns what was seen, page by page."""
    build_seconds = _ensure_built()
    SHOTS.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    tmp = Path(tempfile.mkdtemp(prefix="dlnsym-chromium-"))
    # the browser's home, profile and caches live in a fresh temporary folder: nothing is written to the user's own
    env = dict(os.environ, HOME=str(tmp / "home"), XDG_CONFIG_HOME=str(tmp / "config"),
               XDG_CACHE_HOME=str(tmp / "cache"))
    for k in ("home", "config", "cache"):
        (tmp / k).mkdir()
    outside: list[str] = []
    pages: dict[str, dict] = {}
    t0 = time.perf_counter()
    with playwright_sync.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS, env=env,
            viewport={"width": 1280, "height": 900}, service_workers="block")

        def route(r):
            host = urlsplit(r.request.url).hostname
            if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        seen: dict = {}

        def on_console(msg):
            if msg.type == "error":
                seen["console"].append(f"{msg.text} ({msg.location.get('url', '')})")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: seen["console"].append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda req: seen["failed"].append(f"{req.url}: {req.failure}"))
        page.on("response", lambda resp: resp.status >= 400 and seen["failed"].append(f"{resp.url}: {resp.status}"))
        for name in _pages():
            seen.clear()
            seen.update(console=[], failed=[])
            t = time.perf_counter()
            page.goto(base + name, wait_until="load")
            page.evaluate(SETTLE)
            page.wait_for_load_state("networkidle")  # nothing in flight when the next page is opened
            info = page.evaluate(INSPECT)
            info.update(console=list(seen["console"]), failed=list(seen["failed"]), seconds=time.perf_counter() - t)
            pages[name] = info
            for shot, target in SCREENSHOTS.items():
                if name == target:
                    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=(shot != "chapter"))
        # search works offline, from the built index
        page.goto(base + "search.html?q=balanced", wait_until="load")
        try:
            page.wait_for_selector("#search-results li", timeout=20000)
            search_hits = page.locator("#search-results li").count()
        except playwright_sync.TimeoutError:
            search_hits = 0
        context.close()
    server.shutdown()
    server.server_close()
    shutil.rmtree(tmp, ignore_errors=True)
    seconds = time.perf_counter() - t0
    sys.stderr.write(f"\nbook: {len(pages)} pages in Chromium in {seconds:.1f} s (build {build_seconds:.1f} s)\n")
    return {"base": base, "pages": pages, "outside": outside, "search_hits": search_hits}


def _bad(crawl, key):
    return {n: p[key] for n, p in crawl["pages"].items() if p[key]}


def _report(what: str, found: dict) -> str:
    """The problems, page by page, in full (pytest would truncate the dict)."""
    return what + ":\n" + "\n".join(f"  {page}:\n" + "\n".join(f"    {x}" for x in items)
                                    for page, items in found.items())


def test_every_page_is_opened(crawl):
    pages = set(crawl["pages"])
    chapters = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    want = {"index.html", "claims.html", "errata.html", "figures.html", "api.html", "search.html"}
    want |= {f"notebooks/{c}.html" for c in chapters}
    assert want <= pages, f"pages missing from the book: {sorted(want - pages)}"


def test_no_console_errors(crawl):
    assert not _bad(crawl, "console"), _report("console errors", _bad(crawl, "console"))
    assert not _bad(crawl, "failed"), _report("requests that failed or answered an error", _bad(crawl, "failed"))


def test_nothing_is_requested_from_outside_the_site(crawl):
    assert crawl["outside"] == [], "the site requested (blocked) resources outside 127.0.0.1"


def test_math_is_typeset(crawl):
    raw = {}
    for name, p in crawl["pages"].items():
        text = p["text"]
        hits = [" ".join(text[max(0, m.start() - 60):m.end() + 60].split()) for rx in RAW_MATH
                for m in [rx.search(text)] if m]
        if hits:
            raw[name] = hits
    assert not raw, _report("raw TeX left in the text of pages", raw)
    assert not _bad(crawl, "mathErrors"), _report("MathJax error nodes", _bad(crawl, "mathErrors"))
    untypeset = {n: p["mathSource"] for n, p in crawl["pages"].items() if p["mathSource"] and not p["typeset"]}
    assert untypeset == {}, "pages with math that MathJax did not typeset"
    assert crawl["pages"]["index.html"]["typeset"] > 10
    assert all(crawl["pages"][f"notebooks/{c}"]["typeset"] > 0 for c in ("01_fibres_and_group_orbits.html",
                                                                          "03_regularizing_flow.html"))


def test_every_image_loads(crawl):
    assert not _bad(crawl, "badImages"), _report("images that did not load", _bad(crawl, "badImages"))
    assert crawl["pages"]["index.html"]["images"] >= 1  # Figure 1.2
    assert crawl["pages"]["figures.html"]["images"] >= 3


def test_every_internal_link_resolves(crawl):
    base = crawl["base"]
    ids = {name: set(p["ids"]) for name, p in crawl["pages"].items()}
    broken = {}
    for name, p in crawl["pages"].items():
        for href in p["links"]:
            if not href.startswith(base):
                continue  # a link to another site (the paper on arXiv): not requested by the page
            url, frag = urldefrag(href)
            path = unquote(urlsplit(url).path)[1:] or "index.html"
            if path.endswith("/"):
                path += "index.html"
            target = HTML / path
            why = None
            if not target.is_file():
                why = "no such file"
            elif frag and path in ids and unquote(frag) not in ids[path]:
                why = f"no id {unquote(frag)!r} on {path}"
            if why:
                broken.setdefault(name, []).append(f"{href[len(base):]}: {why}")
    assert not broken, _report("internal links that do not resolve", broken)


def test_every_claim_links_to_its_section(crawl):
    from dlnsym.claims import CLAIMS

    links = {href[len(crawl["base"]):] for href in crawl["pages"]["claims.html"]["links"]}
    missing = [c.id for c in CLAIMS
               if f"notebooks/{c.notebook.removesuffix('.ipynb')}.html#claim-{c.id}" not in links]
    assert missing == [], "claims without a link to their section in the claims table"
    errata = {href[len(crawl["base"]):] for href in crawl["pages"]["errata.html"]["links"]}
    assert all(f"notebooks/{c.notebook.removesuffix('.ipynb')}.html#claim-{c.id}" in errata
               for c in CLAIMS if c.erratum is not None)


def test_search_works_offline(crawl):
    assert crawl["search_hits"] > 0, "search.html?q=balanced found nothing"


def test_screenshots_are_saved(crawl):
    for shot in SCREENSHOTS:
        f = SHOTS / f"{shot}.png"
        assert f.is_file() and f.stat().st_size > 10_000, f
