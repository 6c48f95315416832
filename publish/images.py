"""Static images of Plotly figures (chart pictures, share cards) through kaleido and Chromium.

kaleido drives a headless Chromium (Debian's `chromium`, or `BROWSER_PATH`) with the same
plotly.js the interactive charts use, so a picture shows exactly what the chart draws. The
browser is started once for a whole site (`kaleido.start_sync_server`; about 0.15 s an image
after that) with background networking off, since no image needs the network.

Plotly writes a random id into every SVG (clip paths, defs); it is replaced by one derived from
the figure, so the same figure always gives the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
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


class ImageMaker:
    """``with ImageMaker() as images: images.svg(figure, width, height)``."""

    def __init__(self, browser: str | None = None):
        self.browser = browser or find_browser()
        self._tmp: str | None = None
        self._saved_env: str | None = None

    def __enter__(self) -> ImageMaker:
        try:
            import kaleido
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
        try:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        except Exception as exc:
            self._restore()
            raise ImageError(f"Chromium ({self.browser}) could not be started for the chart "
                             f"images: {exc}") from exc
        return self

    def __exit__(self, *exc_info) -> None:
        import kaleido

        try:
            kaleido.stop_sync_server(silence_warnings=True)
        finally:
            self._restore()

    def _restore(self) -> None:
        if self._saved_env is None:
            os.environ.pop("BROWSER_PATH", None)
        else:
            os.environ["BROWSER_PATH"] = self._saved_env
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def _calc(self, figure: dict, fmt: str, width: int, height: int) -> bytes:
        import kaleido

        try:
            return kaleido.calc_fig_sync(stable(figure), opts={
                "format": fmt, "width": width, "height": height, "scale": 1})
        except Exception as exc:
            raise ImageError(f"a {fmt} image could not be made: {exc}") from exc

    def svg(self, figure: dict, width: int, height: int) -> bytes:
        return stable_svg(self._calc(figure, "svg", width, height), figure)

    def png(self, figure: dict, width: int, height: int) -> bytes:
        return self._calc(figure, "png", width, height)


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
