"""Bad listings and bad store locations through the real ``kg`` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from kg_runner import assert_one_line_error, run_kg

from kg.resources import sample_dir

GOOD_ROWS = 4
#: a listing file and {line: what is wrong with it}
Listing = tuple[Path, dict[int, str]]


def broken_listing(folder: Path) -> Listing:
    """Four good rows of the sample arXiv table around four broken ones: {line: what is wrong}."""
    lines = (sample_dir() / "arxiv_medical_image_analysis.md").read_bytes().split(b"\n")
    header, rows = lines[:4], [line for line in lines[4:] if line.startswith(b"| **[")]
    cells = rows[4].split(b" | ")
    missing_abstract = b" | ".join(cells[:2] + cells[3:])
    truncated = rows[5][: len(rows[5]) // 2]
    invalid_utf8 = rows[6][:60] + b"\xff\xfe" + rows[6][60:]
    body = [rows[0], rows[1], missing_abstract, truncated, rows[2], b"garbage, not a row", invalid_utf8,
            rows[3]]
    path = folder / "broken.md"
    path.write_bytes(b"\n".join(header + body) + b"\n")
    return path, {7: "cells", 8: "truncated", 10: "not a table row", 11: "UTF-8"}


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Listing:
    return broken_listing(tmp_path_factory.mktemp("listing"))


def test_good_rows_load_and_each_bad_row_is_reported(listing: Listing, tmp_path: Path) -> None:
    path, bad = listing
    store = tmp_path / "graph.lbug"
    build = run_kg("build", str(path), store=store)
    assert build.code == 0, build.err
    assert "Traceback" not in build.err
    for line, reason in bad.items():
        reported = [msg for msg in build.err.splitlines() if f"{path.name}:{line}:" in msg]
        assert len(reported) == 1 and reason in reported[0], build.err
    assert f"{len(bad)} bad record(s)" in build.out
    stats = run_kg("stats", "--format", "json", store=store).json()
    assert stats["nodes"]["Paper"] == GOOD_ROWS


def test_strict_refuses_and_leaves_the_store_unchanged(listing: Listing, tmp_path: Path) -> None:
    path, bad = listing
    good = tmp_path / "good.md"
    good.write_bytes(b"\n".join(line for i, line in enumerate(path.read_bytes().split(b"\n"), 1)
                                if i not in bad))
    store = tmp_path / "graph.lbug"
    assert run_kg("build", str(good), "--strict", store=store).code == 0
    before = run_kg("stats", "--format", "json", store=store).json()
    size = store.stat().st_size
    strict = run_kg("build", str(path), "--strict", store=store)
    assert_one_line_error(strict, f"{len(bad)} bad record(s)", f"{path.name}:7")
    assert run_kg("stats", "--format", "json", store=store).json() == before
    assert store.stat().st_size == size


@pytest.mark.parametrize("uri", ["http://localhost:7474", "ftp://example.org/graph"])
def test_an_unsupported_store_uri_is_a_one_line_error(uri: str) -> None:
    assert_one_line_error(run_kg("stats", "--store", uri), uri)


def test_a_folder_as_store_is_a_one_line_error(tmp_path: Path) -> None:
    assert_one_line_error(run_kg("stats", "--store", str(tmp_path)), str(tmp_path))


def test_a_missing_listing_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    assert_one_line_error(run_kg("build", str(missing), store=tmp_path / "graph.lbug"), "nope.md")


def test_reading_a_store_that_was_never_built_says_how_to_build_it(tmp_path: Path) -> None:
    store = tmp_path / "never" / "graph.lbug"
    assert_one_line_error(run_kg("stats", store=store), "kg build")
    assert_one_line_error(run_kg("shared-dataset", "2509.06617", store=store), "kg build")
    assert not store.parent.exists()
