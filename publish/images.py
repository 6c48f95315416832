"""Static images of Plotly figures (chart pictures, share cards) through kaleido and Chromium.

kaleido drives a headless Chromium (Debian's `chromium`, or `BROWSER_PATH`) with the same
plotly.js the interactive charts use (the basic bundle the site ships, not the plotly package's
full one kaleido would load), so a picture shows exactly what the chart draws. The
browser is started once for a whole site (`kaleido.start_sync_server`; about 0.15 s an image
after that) with background networking off, since no image needs the network.

Plotly writes a random id into every SVG (clip paths, defs); it is replaced by one derived from
the figure, so the same figure always gives the same bytes.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
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
    """``with ImageMaker() as images: images.render([Job(...), ...])`` → {key: bytes}."""

    def __init__(self, browser: str | None = None, tabs: int = TABS):
        self.browser = browser or find_browser()
        self.tabs = tabs
        self._tmp: str | None = None
        self._saved_env: str | None = None

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
        return self

    def __exit__(self, *exc_info) -> None:
        if self._saved_env is None:
            os.environ.pop("BROWSER_PATH", None)
        else:
            os.environ["BROWSER_PATH"] = self._saved_env
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def render(self, jobs: list[Job]) -> dict[str, bytes]:
        """Every job's image, made in one browser with a few tabs at once."""
        try:
            made = asyncio.run(self._render(jobs))
        except ImageError:
            raise
        except Exception as exc:
            raise ImageError(f"Chromium ({self.browser}) could not make the chart images: "
                             f"{type(exc).__name__}: {exc}") from exc
        return {job.key: (stable_svg(data, job.figure) if job.fmt == "svg" else data)
                for job, data in zip(jobs, made, strict=True)}

    async def _render(self, jobs: list[Job]) -> list[bytes]:
        import kaleido

        from dashboard.plotly_bundle import BUNDLE

        async with kaleido.Kaleido(n=max(1, min(self.tabs, len(jobs))), mathjax=False,
                                   plotlyjs=BUNDLE.as_uri()) as k:
            return list(await asyncio.gather(*(
                k.calc_fig(stable(job.figure), opts={"format": job.fmt, "width": job.width,
                                                      "height": job.height, "scale": 1})
                for job in jobs)))


def job_digest(job: Job) -> str:
    """What an image depends on: the figure, format, size and the renderer (kaleido, plotly
    and the plotly.js bundle that draws it)."""
    from importlib.metadata import version

    from plotly.utils import PlotlyJSONEncoder

    from dashboard.plotly_bundle import bundle

    spec = json.dumps([job.figure, job.fmt, job.width, job.height, version("kaleido"),
                       version("plotly"), bundle()[1]], cls=PlotlyJSONEncoder, sort_keys=True)
    return hashlib.sha256(spec.encode()).hexdigest()


def stable(figure: dict) -> dict:
    """The figure with fixed trace ids (Plotly makes random ones otherwise)."""
    fig = copy.deepcopy(figure)
    for i, trace in enumerate(fig.get("data") or []):
        trace.setdefault("uid", f"trace{i}")
    return fig


def stable_svg(svg: bytes, figure: dict) -> bytes:
    text = svg.decode("utf-8")
    m = re.search(r'id="defs-([0-9a-f]{6})"', text)
    if m:
        from plotly.utils import PlotlyJSONEncoder

        digest = hashlib.sha256(json.dumps(figure, cls=PlotlyJSONEncoder, sort_keys=True)
                                .encode()).hexdigest()[:6]
        text = text.replace(m[1], digest)
    return text.encode("utf-8")
