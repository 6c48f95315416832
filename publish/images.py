"""Static images of Plotly figures (chart pictures, share cards) through kaleido and Chromium.

kaleido drives a headless Chromium (Debian's `chromium`, or `BROWSER_PATH`) with the same
plotly.js the interactive charts use (the basic bundle the site ships, not the plotly package's
full one kaleido would load), so a picture shows exactly what the chart draws. The
browser is started once for a whole site, with background networking off, since no image needs
the network.

kaleido reloads a tab's page after every image (parsing and running plotly.js again: 85% of
the browser's work for this site's small charts); `_Kaleido` keeps each tab's page instead,
since `Plotly.toImage` draws every figure in a new element of its own and removes it. The one
trace a drawn figure leaves is the order in which plotly.js sets some SVG attributes (it differs
after the first figure drawn in a page, and with the timing of the tabs), never a value:
`stable_svg` writes every element's attributes sorted by name.

Plotly writes a random id into every SVG (clip paths, defs); it is replaced by one derived from
the figure, so the same figure always gives the same bytes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

BROWSER_FLAGS = ("--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps",
                 "--hide-scrollbars", "--mute-audio", "--font-render-hinting=none")
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ImageError(RuntimeError):
    """No image could be made (no browser, or the browser failed); the message says what to do."""


def find_browser() -> str | None:
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


TABS = 2  # pages rendering at once in the one browser (measured: benchmarks/bench_publish)


@dataclass(frozen=True)
class Job:
    """One image to make: ``key`` names it in the answer."""

    key: str
    figure: dict
    fmt: str  # svg | png
    width: int
    height: int


class ImageMaker:
    """``with ImageMaker() as images: images.render([Job(...), ...])`` → {key: bytes}.

    One browser for the whole ``with`` block, driven from an event loop in a thread of its own.
    With ``start_early`` it is launched on entering the block, so Chromium starts (about 2 s)
    while the caller builds the pages on the other core; otherwise on the first ``render``
    (a site whose images are all reused from the previous one launches none).
    """

    def __init__(self, browser: str | None = None, tabs: int = TABS, *,
                 start_early: bool = False):
        self.browser = browser or find_browser()
        self.tabs = tabs
        self.start_early = start_early
        self._tmp: str | None = None
        self._saved_env: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._opening: concurrent.futures.Future | None = None

    def __enter__(self) -> ImageMaker:
        try:
            import kaleido  # noqa: F401
        except ImportError as exc:  # a broken install
            raise ImageError(f"kaleido is not installed ({exc}); run pip install -e .") from exc
        if self.browser is None or not Path(self.browser).exists():
            raise ImageError("the chart images and share cards need Chromium or Chrome: "
                             "install it (Debian: apt-get install chromium) or set BROWSER_PATH")
        self._tmp = tempfile.mkdtemp(prefix="claimcheck-browser-")
        wrapper = Path(self._tmp) / "chromium"
        flags = " ".join(BROWSER_FLAGS)
        wrapper.write_text(f'#!/bin/sh\nexec "{self.browser}" {flags} "$@"\n', encoding="utf-8")
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
        self._saved_env = os.environ.get("BROWSER_PATH")
        os.environ["BROWSER_PATH"] = str(wrapper)
        if self.start_early:
            self._start(self.tabs)
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self._stop()
        finally:
            if self._saved_env is None:
                os.environ.pop("BROWSER_PATH", None)
            else:
                os.environ["BROWSER_PATH"] = self._saved_env
            if self._tmp:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None

    def render(self, jobs: list[Job]) -> dict[str, bytes]:
        """Every job's image, made in the one browser with a few tabs at once."""
        if not jobs:
            return {}
        try:
            self._start(max(1, min(self.tabs, len(jobs))))
            browser = self._opening.result()
            made = asyncio.run_coroutine_threadsafe(self._render(browser, jobs),
                                                    self._loop).result()
        except ImageError:
            raise
        except Exception as exc:
            raise ImageError(f"Chromium ({self.browser}) could not make the chart images: "
                             f"{type(exc).__name__}: {exc}") from exc
        return {job.key: (stable_svg(data, job.figure) if job.fmt == "svg" else data)
                for job, data in zip(jobs, made, strict=True)}

    def _start(self, tabs: int) -> None:
        if self._loop is not None:
            return
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="claimcheck-images")
        self._thread.start()
        self._opening = asyncio.run_coroutine_threadsafe(self._open(tabs), self._loop)

    async def _open(self, tabs: int):
        from dashboard.static_files import BUNDLE

        browser = kaleido_class()(n=tabs, mathjax=False, plotlyjs=BUNDLE.as_uri())
        await browser.open()
        return browser

    @staticmethod
    async def _render(browser, jobs: list[Job]) -> list[bytes]:
        return list(await asyncio.gather(*(
            browser.calc_fig(stable(job.figure), opts={"format": job.fmt, "width": job.width,
                                                        "height": job.height, "scale": 1})
            for job in jobs)))

    def _stop(self) -> None:
        loop, self._loop = self._loop, None
        if loop is None:
            return
        try:
            browser = self._opening.result(timeout=120)
            asyncio.run_coroutine_threadsafe(browser.close(), loop).result(timeout=60)
        except Exception:  # noqa: BLE001 - it never opened, or is gone: nothing left to close
            pass
        finally:
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(timeout=60)
            if not self._thread.is_alive():
                loop.close()


def kaleido_class() -> type:
    """kaleido's renderer, keeping each tab's page between images (see the module's doc). Where
    a kaleido release no longer has the method this replaces, its own (reloading) one."""
    import kaleido

    stock = kaleido.Kaleido
    if not hasattr(stock, "_return_kaleido_tab"):
        return stock

    class _Kaleido(stock):
        async def _return_kaleido_tab(self, tab) -> None:
            await self.tabs_ready.put(tab)

    return _Kaleido


def job_digest(job: Job) -> str:
    """What an image depends on: the figure, format, size and the renderer (kaleido, plotly
    and the plotly.js bundle that draws it)."""
    from importlib.metadata import version

    from plotly.utils import PlotlyJSONEncoder

    from dashboard.static_files import bundle

    spec = json.dumps([job.figure, job.fmt, job.width, job.height, version("kaleido"),
                       version("plotly"), bundle()[1]], cls=PlotlyJSONEncoder, sort_keys=True)
    return hashlib.sha256(spec.encode()).hexdigest()


def stable(figure: dict) -> dict:
    """The figure with fixed trace ids (Plotly makes random ones otherwise)."""
    fig = copy.deepcopy(figure)
    for i, trace in enumerate(fig.get("data") or []):
        trace.setdefault("uid", f"trace{i}")
    return fig


START_TAG = re.compile(r'<([A-Za-z][\w:.-]*)((?:\s+[^\s=<>/"]+="[^"]*")+)(\s*/?)>')
ATTRIBUTE = re.compile(r'\s+([^\s=<>/"]+)="([^"]*)"')


def sorted_attributes(svg: str) -> str:
    """Every start tag's attributes in name order. XMLSerializer writes each attribute as
    name="value" with the value's quotes escaped, and a tag's text cannot hold a raw "<"."""

    def one(m: re.Match) -> str:
        attrs = sorted(ATTRIBUTE.findall(m[2]))
        return f"<{m[1]}" + "".join(f' {k}="{v}"' for k, v in attrs) + f"{m[3]}>"

    return START_TAG.sub(one, svg)


def stable_svg(svg: bytes, figure: dict) -> bytes:
    text = sorted_attributes(svg.decode("utf-8"))
    m = re.search(r'id="defs-([0-9a-f]{6})"', text)
    if m:
        from plotly.utils import PlotlyJSONEncoder

        digest = hashlib.sha256(json.dumps(figure, cls=PlotlyJSONEncoder, sort_keys=True)
                                .encode()).hexdigest()[:6]
        text = text.replace(m[1], digest)
    return text.encode("utf-8")
