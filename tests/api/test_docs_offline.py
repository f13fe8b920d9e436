"""/docs and /redoc work with no network: their scripts and styles come from the server itself."""

from __future__ import annotations

import re

import httpx
import pytest


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_pages_load_nothing_from_elsewhere(client: httpx.Client, page: str) -> None:
    html = client.get(page)
    assert html.status_code == 200
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html.text)
    sources += re.findall(r"""url:\\s*['"]([^'"]+)['"]""", html.text)
    assets = [s for s in sources if s.endswith((".js", ".css"))]
    assert assets, html.text
    for asset in assets:
        assert asset.startswith("/"), f"{page} fetches {asset} from another host"
        fetched = client.get(asset)
        assert fetched.status_code == 200 and len(fetched.content) > 10_000, asset
    assert "fonts.googleapis" not in html.text
