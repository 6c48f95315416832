"""The plotly.js the published site ships: the basic bundle (scatter, bar, pie), of the plotly
package's own plotly.js version, able to draw every trace the site's charts hold; the chart
pictures are drawn by the same bundle, the same bytes whatever the browser drew before.

An upgrade of plotly that is not followed by scripts/update-plotly-basic.sh fails here, as does
a chart with a trace type the basic bundle cannot draw (it would show an empty chart).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from publish_helpers import chart_figures, chart_traces

from dashboard import static_files
from publish.images import sorted_attributes
from publish.site import PLOTLY_JS

# "Contains trace modules `bar`, `pie` and `scatter`." (plotly.js-basic-dist-min's README)
BASIC_TRACES = {"bar", "pie", "scatter"}


def package_plotly_js_version() -> str:
    """The version in the header of the plotly package's own (full) plotly.min.js."""
    import plotly

    head = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()[:300]
    match = re.search(r"plotly\.js v(\d+\.\d+\.\d+\S*)", head.decode("utf-8", "replace"))
    assert match, "no version in the plotly package's plotly.min.js header"
    return match.group(1)


def test_the_site_ships_the_basic_bundle_of_the_plotly_packages_version(published_site):
    version = package_plotly_js_version()
    shipped = (published_site.root / PLOTLY_JS).read_bytes()
    assert shipped[:300].decode().startswith(
        f"/**\n* plotly.js (basic - minified) v{version}\n"), shipped[:80]
    assert "Licensed under the MIT license" in shipped[:300].decode()
    assert shipped == static_files.BUNDLE.read_bytes()  # the dashboard's, not a second copy
    assert not (published_site.root / "assets" / "plotly.min.js").exists()  # not the full one
    assert len(shipped) < 1_500_000  # the full bundle is 4.8 MB
    site_js = (published_site.root / "assets" / "site.js").read_text(encoding="utf-8")
    assert f"'{PLOTLY_JS}'" in site_js  # the name the charts' script loads


def test_the_vendored_bundle_says_where_it_came_from():
    provenance = (static_files.BUNDLE.parent / "PROVENANCE.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256(static_files.BUNDLE.read_bytes()).hexdigest()
    assert f"sha256 {digest}" in provenance
    assert f"plotly.js-basic-dist-min@{package_plotly_js_version()}" in provenance
    assert (static_files.BUNDLE.parent / "LICENSE.plotly.js.txt").read_text().startswith(
        "MIT License")


def test_every_trace_the_charts_draw_is_one_the_basic_bundle_holds(published_site):
    articles = sorted(p.name for p in (published_site.root / "a").iterdir())
    assert articles == ["belarus_2025", "poland_2024"]  # the bundled one, a test one
    for article in articles:
        traces = chart_traces(published_site.root, article)
        assert traces, f"{article}: no chart figure found"
        kinds = {t.get("type", "scatter") for t in traces}  # Plotly's default type is scatter
        assert kinds <= BASIC_TRACES, f"{article}: {sorted(kinds - BASIC_TRACES)}"


@pytest.mark.browser
def test_chart_pictures_are_drawn_by_the_same_bundle():
    """A scatter trace is drawn; a heatmap (in the full bundle, not the basic one) is not: the
    pictures show what the interactive chart can show, no more."""
    from publish.images import ImageMaker, Job

    scatter = {"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}], "layout": {}}
    heatmap = {"data": [{"type": "heatmap", "z": [[1, 2], [3, 4]]}], "layout": {}}
    with ImageMaker() as images:
        made = images.render([Job("s", scatter, "svg", 300, 200),
                              Job("h", heatmap, "svg", 300, 200)])
    assert 'class="trace scatter' in made["s"].decode()
    assert 'class="hm"' not in made["h"].decode() and "<image" not in made["h"].decode()


@pytest.mark.browser
def test_pictures_are_the_same_bytes_whatever_was_drawn_before(published_site):
    """The browser keeps each tab's page from one image to the next: the site's pictures, made
    again in the reverse order (each drawn after other figures than before), are the same
    bytes."""
    from publish.charts import WIDE, Chart
    from publish.images import ImageMaker, Job

    charts = published_site.root / "a" / "belarus_2025" / "charts"
    figures = chart_figures(published_site.root, "belarus_2025")
    jobs = [Job(stem, figure, "svg", WIDE, Chart(stem, figure, {}, "").height)
            for stem, figure in sorted(figures.items(), reverse=True) if figure.get("data")]
    assert len(jobs) >= 10
    with ImageMaker() as images:
        made = images.render(jobs)
    for job in jobs:
        assert made[job.key] == (charts / f"{job.key}.svg").read_bytes(), job.key


def test_svg_attributes_are_written_in_name_order():
    a = ('<svg xmlns="http://www.w3.org/2000/svg" width="10"><rect y="1" x="0" '
         'style="font-family: &quot;A&quot;, \'B\'"/><text x="1">a &lt; b</text></svg>')
    b = ('<svg width="10" xmlns="http://www.w3.org/2000/svg"><rect x="0" '
         'style="font-family: &quot;A&quot;, \'B\'" y="1"/><text x="1">a &lt; b</text></svg>')
    assert sorted_attributes(a) == sorted_attributes(b) == (
        '<svg width="10" xmlns="http://www.w3.org/2000/svg"><rect style="font-family: '
        '&quot;A&quot;, \'B\'" x="0" y="1"/><text x="1">a &lt; b</text></svg>')


def test_kaleido_still_has_the_tab_hook_that_keeps_pages():
    """A kaleido release without it would reload the page after every image again (a third
    of the speed): this says so instead of slowing down unseen."""
    import kaleido

    from publish.images import kaleido_class

    assert kaleido_class() is not kaleido.Kaleido
