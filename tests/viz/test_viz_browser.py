"""The explorer and the pyvis page in real headless Chromium, over the real app and the sample graph.

Screenshots of every step are kept in tests/artifacts/viz/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kg.api import create_app, load_settings
from kg.store import GraphStore
from viz.graph_view import ego_graph
from viz.headless import browser_context, serve
from viz.pyvis_page import write_page

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]

Page = Any  # playwright.sync_api.Page (the import is lazy: playwright is a dev tool)
READY = "document.body.dataset.state === 'ready'"


def assert_not_blank(png: bytes, *, min_share: float = 0.01, min_colours: int = 4) -> None:
    """At least ``min_share`` of the pixels differ from the background, in several colours."""
    image = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 150))
    raw = image.tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    background = max(set(pixels), key=pixels.count)
    drawn = [p for p in pixels if sum(abs(a - b) for a, b in zip(p, background, strict=True)) > 40]
    assert len(drawn) >= min_share * len(pixels), f"only {len(drawn)} of {len(pixels)} pixels drawn"
    assert len(set(drawn)) >= min_colours, f"only {len(set(drawn))} colours drawn"


@pytest.fixture(scope="module")
def chromium_context(chromium: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, browser_context(playwright) as context:
        yield context


@pytest.fixture(scope="module")
def explorer_url(sample_store_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real API app (which includes the explorer router) over the sample graph."""
    with serve(create_app(load_settings(store=str(sample_store_copy)))) as base_url:
        yield base_url


@pytest.fixture
def page(chromium_context: Any) -> Iterator[Page]:
    tab = chromium_context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert not errors, f"JavaScript errors: {errors}"


def graph_order(page: Page) -> int:
    return int(page.evaluate("window.kgExplorer.view.graph.order"))


def test_search_open_panel_expand_and_cypher(page: Page, explorer_url: str, artifacts: Path) -> None:
    page.goto(f"{explorer_url}/?limit=40")
    page.wait_for_function(READY, timeout=30_000)
    assert 0 < graph_order(page) <= 40
    assert_not_blank(page.locator("#graph").screenshot(path=artifacts / "explorer-1-overview.png"))

    page.fill("#search", "SAM")
    first = page.locator("#search-results li.result").first
    first.wait_for()
    assert first.get_attribute("data-id") == "Model:SAM"
    page.screenshot(path=artifacts / "explorer-2-search.png")

    first.click()
    page.locator("#panel h2", has_text="SAM").wait_for()
    page.locator("#panel .evidence").first.wait_for()
    assert "Segment Anything" in page.inner_text("#panel")  # aliases listed
    assert page.evaluate("window.kgExplorer.view.selected") == "Model:SAM"
    page.screenshot(path=artifacts / "explorer-3-panel.png")

    paper = page.evaluate(
        "window.kgExplorer.view.graph.neighbors('Model:SAM').find((n) => n.startsWith('Paper:'))"
    )
    before = graph_order(page)
    page.evaluate(f"window.kgExplorer.view.select({paper!r})")
    page.click("#expand")
    page.locator("#status", has_text="new node(s) around").wait_for()
    expected = page.evaluate(
        f"fetch('graph/neighborhood?node={paper}&depth=1&limit=300').then((r) => r.json())"
    )
    shown = set(page.evaluate(f"window.kgExplorer.view.graph.neighbors({paper!r})"))
    assert {n["id"] for n in expected["nodes"]} - {paper} <= shown
    assert graph_order(page) >= before
    page.screenshot(path=artifacts / "explorer-4-expanded.png")

    page.click("#toggle-cypher")
    page.fill("#cypher-text", "MATCH (p:Paper)-[r:USES_DATASET]->(d:Dataset) RETURN p, r, d LIMIT 25")
    page.click("#cypher-run")
    summary = page.locator("#cypher-summary")
    summary.wait_for()
    assert summary.inner_text().startswith("25 row(s)")
    assert page.evaluate("window.kgExplorer.view.graph.size") == 25
    page.screenshot(path=artifacts / "explorer-5-cypher-box.png")
    # The drawn result once the layout has stopped, with the drawer closed: headless Chromium's
    # software compositing can leave stale patches of the WebGL canvas next to an overlay.
    page.wait_for_function("window.kgExplorer.view.layout === null", timeout=15_000)
    page.click("#cypher .close")
    page.wait_for_timeout(300)
    assert_not_blank(page.locator("#graph").screenshot(path=artifacts / "explorer-5-cypher-graph.png"))
    page.click("#toggle-cypher")

    page.fill("#cypher-text", "MATCH (m:Model {name: 'SAM'}) SET m.name = 'x' RETURN m")
    page.click("#cypher-run")
    page.locator("#cypher-error").wait_for()
    assert page.evaluate("window.kgExplorer.view.graph.size") == 25  # nothing redrawn


def test_shared_datasets_filters_and_trends(
    page: Page, explorer_url: str, sample_graph: GraphStore, artifacts: Path
) -> None:
    paper = sample_graph.query(
        "MATCH (p:Paper)-[:USES_DATASET|PROPOSES]->(:Dataset)<-[:USES_DATASET|PROPOSES]-(o:Paper) "
        "WHERE o.id <> p.id RETURN p.id, count(DISTINCT o) AS n ORDER BY n DESC, p.id LIMIT 1"
    ).rows[0][0]
    page.goto(f"{explorer_url}/?limit=30&node=Paper:{paper}")
    page.wait_for_function(READY, timeout=30_000)
    page.locator("#panel h3", has_text="Entities and evidence").wait_for()

    page.click("#shared")
    items = page.locator("#shared-results ol li")
    items.first.wait_for()
    answer = page.evaluate(f"fetch('papers/{paper}/shared-datasets').then((r) => r.json())")
    assert items.count() == len(answer["results"]) > 0
    page.click("#shared-results button")
    others = {f"Paper:{r['paper']['id'].removeprefix('Paper:')}" for r in answer["results"][:12]}
    page.wait_for_function(
        "(ids) => ids.every((id) => window.kgExplorer.view.graph.hasNode(id))", arg=sorted(others)
    )
    page.wait_for_function("window.kgExplorer.view.layout === null", timeout=15_000)
    page.wait_for_timeout(500)  # the camera centres on the paper again once the layout stops
    page.screenshot(path=artifacts / "explorer-6-shared-datasets.png")

    page.uncheck("#label-filters input[data-label='Paper']")
    assert page.evaluate(
        f"window.kgExplorer.view.sigma.getNodeDisplayData('Paper:{paper}').hidden"
    ) is True
    page.check("#label-filters input[data-label='Paper']")
    page.fill("#date-from", "2100-01")  # no paper is that recent: every paper is filtered out
    assert page.evaluate(
        f"window.kgExplorer.view.sigma.getNodeDisplayData('Paper:{paper}').hidden"
    ) is True
    page.fill("#date-from", "")
    assert not page.evaluate(f"window.kgExplorer.view.sigma.getNodeDisplayData('Paper:{paper}').hidden")

    page.click("#toggle-trends")
    page.fill("#trend-entities", "Model:SAM, U-Net")
    page.click("#trend-run")
    page.locator("#trend-output svg polyline").nth(1).wait_for()
    assert page.locator("#trend-output svg circle").count() > 3
    page.screenshot(path=artifacts / "explorer-7-trends.png")


def test_pyvis_page_opens_offline_and_settles(
    chromium_context: Any, sample_graph: GraphStore, tmp_path: Path, artifacts: Path
) -> None:
    output = write_page(ego_graph(sample_graph, "Model:SAM", depth=2, max_nodes=150), tmp_path / "graph.html")
    attempted: list[str] = []

    def refuse(route: Any) -> None:
        attempted.append(route.request.url)
        route.abort()

    page = chromium_context.new_page()
    page.route(lambda url: not url.startswith("file:"), refuse)
    try:
        page.goto(output.as_uri())
        page.wait_for_function("document.body.dataset.state === 'settled'", timeout=30_000)
        assert page.evaluate("window.kgNetwork.physics.physicsEnabled") is False
        assert page.evaluate("window.kgNetwork.body.data.nodes.length") > 100
        png = page.locator("#network").screenshot(path=artifacts / "pyvis-sam-depth2.png")
    finally:
        page.close()
    assert attempted == [], f"the page tried to fetch {attempted}"
    assert_not_blank(png)
