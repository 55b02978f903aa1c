"""The offline explorer in a real browser: headless Chromium opens the site from disk (file://,
no server), driven over the DevTools protocol. Checks that the index loads with no console
error, that searching "pytest" lists the pytest entity, that its entity page (reached by the
search result's link) loads with no error, and that the topic graph's canvas is drawn: a
screenshot of it that is not blank (many distinct colours, enough non-white pixels); that the
community filter narrows the drawing, and that clicking a topic opens its page. Writes the
screenshots beside the site (DIR/../explorer-*.png) for a person to look at.

Usage: python3 .ci/check_explorer.py SITE_DIR
Needs: chromium (Debian), Python packages websocket-client and pillow.
"""

import base64
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket
from PIL import Image

TIMEOUT = 30


def browser():
    for name in ("chromium", "chromium-headless-shell", "google-chrome"):
        if shutil.which(name):
            return name
    sys.exit("no chromium on PATH (apt-get install chromium)")


class Page:
    """One tab over the DevTools protocol; keeps every console error and exception it sees."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=TIMEOUT, suppress_origin=True)
        self.next_id = 0
        self.errors = []
        self.events = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")
        # The page's own size, not the window's: every page must be readable at 1280 × 800.
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=800,
                  deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.note(message)

    def note(self, message):
        method, params = message.get("method"), message.get("params", {})
        self.events.append(method)
        if method == "Runtime.exceptionThrown":
            self.errors.append(params["exceptionDetails"].get("text", "exception"))
            details = params["exceptionDetails"].get("exception", {}).get("description")
            if details:
                self.errors.append(details)
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            self.errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            self.errors.append(params["entry"]["text"] + " " + params["entry"].get("url", ""))

    def open(self, url):
        """Navigates and waits for the load event, then lets scripts run."""
        self.events.clear()
        self.call("Page.navigate", url=url)
        deadline = time.time() + TIMEOUT
        while "Page.loadEventFired" not in self.events:
            if time.time() > deadline:
                raise TimeoutError(f"{url} did not load")
            self.note(json.loads(self.ws.recv()))
        self.settle(0.5)

    def settle(self, seconds):
        """Reads events for a while, so late errors are seen."""
        self.ws.settimeout(0.1)
        end = time.time() + seconds
        while time.time() < end:
            try:
                self.note(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                pass
        self.ws.settimeout(TIMEOUT)

    def eval(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path):
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        path.write_bytes(data)
        return Image.open(io.BytesIO(data)).convert("RGB")


def start(profile):
    process = subprocess.Popen(
        [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--window-size=1280,800", "--hide-scrollbars", "--remote-debugging-port=0",
         f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + TIMEOUT
    for line in process.stderr:
        found = re.search(r"DevTools listening on ws://([^/]+)/", line)
        if found:
            return process, found.group(1)
        if time.time() > deadline:
            break
    process.kill()
    sys.exit("chromium did not start its DevTools server")


def page_socket(host):
    with urllib.request.urlopen(f"http://{host}/json/list", timeout=TIMEOUT) as response:
        targets = json.load(response)
    return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")


def check_clean(page, what, failures):
    if page.errors:
        failures.append(f"{what}: console errors: {page.errors}")
    page.errors.clear()


def blankness(image, box):
    """(distinct colours, share of non-white pixels) inside box = (left, top, right, bottom)."""
    region = image.crop(box)
    colours = len(region.getcolors(maxcolors=1 << 24))
    grey = region.convert("L").histogram()
    inked = sum(grey[:235]) / max(1, sum(grey))
    return colours, inked


def check_filter(page, failures):
    """Choosing a community redraws only its topics."""
    result = page.eval("""(() => {
        const select = document.getElementById('community');
        if (select.options.length < 2) return null;
        select.value = select.options[1].value;
        select.dispatchEvent(new Event('change'));
        const size = +select.options[1].textContent.match(/\\((\\d+)\\)$/)[1];
        return [document.getElementById('status').textContent, size];
    })()""")
    if result is None:
        return
    status, size = result
    drawn = int(re.match(r"drawing (\d+)", status).group(1))
    print(f"community filter: {status} (community of {size})")
    if not 0 < drawn <= size:
        failures.append(f"filtering by a community of {size} drew {drawn} topics")


def check_click(page, site, failures):
    """Clicking a drawn topic opens its entity page."""
    target = page.eval("""(() => {
        const node = window.PODGRAPH_VIEW.nodes()[0];
        const at = node.renderedPosition(), box = document.getElementById('cy').getBoundingClientRect();
        return [box.left + at.x, box.top + at.y, node.data('url')];
    })()""")
    x, y, url = target
    page.events.clear()
    for kind in ("mousePressed", "mouseReleased"):
        page.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
    deadline = time.time() + TIMEOUT
    while "Page.loadEventFired" not in page.events and time.time() < deadline:
        page.settle(0.2)
    now = page.eval("location.href")
    print(f"clicking a topic opened {now[len(site.as_uri()) + 1:]}")
    if not now.endswith(url):
        failures.append(f"clicking the topic for {url} opened {now}")
    check_clean(page, now, failures)


def run(site, failures):
    shots = site.parent
    name = site.name
    profile = tempfile.mkdtemp(prefix="podgraph-chromium-")
    process, host = start(profile)
    try:
        page = Page(page_socket(host))
        page.open(site.joinpath("index.html").as_uri())
        page.screenshot(shots / f"explorer-{name}-index.png")
        check_clean(page, "index.html", failures)
        results = page.eval("""(() => {
            const q = document.getElementById('q');
            q.value = 'pytest';
            q.dispatchEvent(new Event('input'));
            return [...document.querySelectorAll('#results a')].map(a => [a.textContent, a.href]);
        })()""")
        exact = [href for text, href in results if text == "pytest"]
        if not exact:
            failures.append(f"search for pytest lists no 'pytest' entity: {results[:5]}")
            return
        print(f"search 'pytest': {len(results)} results, first {results[0][0]!r}")
        page.screenshot(shots / f"explorer-{name}-search.png")
        page.open(exact[0])
        heading = page.eval("document.querySelector('h1').textContent")
        rows = page.eval("document.querySelectorAll('table.mentions tr').length")
        page.screenshot(shots / f"explorer-{name}-entity.png")
        check_clean(page, exact[0], failures)
        if "pytest" not in heading or rows == 0:
            failures.append(f"the pytest page shows {heading!r} with {rows} segments")
        print(f"entity page {heading!r}: {rows} segments")
        page.open(site.joinpath("graph.html").as_uri())
        page.settle(2.0)
        status = page.eval("document.getElementById('status').textContent")
        box = page.eval("""(() => { const r = document.getElementById('cy').getBoundingClientRect();
            return [r.left, r.top, r.right, Math.min(r.bottom, window.innerHeight)].map(Math.round); })()""")
        canvases = page.eval("document.querySelectorAll('#cy canvas').length")
        image = page.screenshot(shots / f"explorer-{name}-graph.png")
        check_clean(page, "graph.html", failures)
        colours, inked = blankness(image, tuple(box))
        print(f"graph view: {status}; {canvases} canvases; {colours} colours, {inked:.1%} inked")
        if canvases == 0 or colours < 20 or inked < 0.01:
            failures.append(f"the graph canvas looks blank: {colours} colours, {inked:.1%} inked")
        if not re.match(r"drawing [1-9]\d* of \d+ topics", status or ""):
            failures.append(f"the graph view says {status!r}")
        check_filter(page, failures)
        check_click(page, site, failures)
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    site = pathlib.Path(sys.argv[1]).resolve()
    failures = []
    run(site, failures)
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        sys.exit(1)
    print(f"explorer OK: {site}")


if __name__ == "__main__":
    main()
