"""Every bad-input fixture (see :mod:`bad_inputs`): good records kept, each bad one reported once.

Each case is loaded beside a good companion listing, the way ``kg build a.md b.jsonl`` loads
several files: a bad file or record must cost nothing but itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_inputs import CASE_NAMES, COMPANION, Case, all_cases, companion

from kg import pipeline
from kg.errors import LoaderError
from kg.identity import paper_id, title_key
from kg.model import LoadIssue, LoadResult, Paper, Source
from loaders import detect_text, load_file

MIN_FIXTURES = 40


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bad-inputs")


@pytest.fixture(scope="module")
def cases(folder: Path) -> dict[str, Case]:
    return {case.name: case for case in all_cases(folder)}


@pytest.fixture(scope="module")
def companion_path(folder: Path) -> Path:
    return companion(folder)


def load_with_companion(case: Case, companion_path: Path, *, strict: bool = False) -> LoadResult:
    listings = [pipeline.Listing(companion_path), pipeline.Listing(case.path, format=case.format)]
    return pipeline.load_listings(listings, strict=strict)


def papers_of(result: LoadResult, path: Path) -> list[Paper]:
    return [p for p in result.papers if any(s.path == str(path) for s in p.sources)]


def test_there_are_enough_fixtures(cases: dict[str, Case]) -> None:
    assert len(cases) >= MIN_FIXTURES
    assert sorted(cases) == sorted(CASE_NAMES)
    # every fixture has something bad in it, and the record-level ones good records too
    assert all(case.bad for case in cases.values())
    assert sum(1 for case in cases.values() if not case.file_level and case.good >= 2) >= MIN_FIXTURES


@pytest.mark.parametrize("name", CASE_NAMES)
def test_good_records_load_and_each_bad_one_is_reported(
    name: str, cases: dict[str, Case], companion_path: Path
) -> None:
    case = cases[name]
    result = load_with_companion(case, companion_path)
    assert len(papers_of(result, companion_path)) == len(COMPANION), "a bad file cost another file"
    assert len(papers_of(result, case.path)) == case.good
    reported = {issue.line: issue.reason for issue in result.issues}
    assert all(issue.path == str(case.path) for issue in result.issues), result.issues
    assert sorted(reported) == sorted(case.bad), result.issues
    for line, fragment in case.bad.items():
        assert fragment in reported[line], f"line {line}: {reported[line]!r}"
    titles = [p.title for p in papers_of(result, case.path)]
    assert all(title in titles for title in case.titles), titles


@pytest.mark.parametrize("name", CASE_NAMES)
def test_strict_refuses_every_fixture(name: str, cases: dict[str, Case], companion_path: Path) -> None:
    case = cases[name]
    with pytest.raises(LoaderError, match="nothing written") as excinfo:
        load_with_companion(case, companion_path, strict=True)
    assert case.path.name in str(excinfo.value)


def test_no_control_character_or_dollar_sentinel_reaches_a_paper(
    cases: dict[str, Case], companion_path: Path
) -> None:
    loaded = [paper for case in cases.values() for paper in load_with_companion(case, companion_path).papers]
    texts = [
        text
        for paper in loaded
        for text in (
            paper.title,
            paper.abstract,
            paper.abstract_raw,
            paper.comment or "",
            *paper.other_titles,
        )
    ]
    assert texts and all(t.isprintable() for t in texts)
    # no lone surrogate: every text encodes (a surrogate raises UnicodeEncodeError)
    assert sum(len(t.encode("utf-8")) for t in texts) >= sum(len(t) for t in texts)
    assert "Costs $5 withNUL" in {p.title for p in loaded}  # the escaped dollar, and no NUL-dollar


def test_only_http_links_are_kept(cases: dict[str, Case]) -> None:
    papers = load_file(cases["arxiv_javascript_code_link.md"].path).papers
    assert len(papers) == 3
    assert [p.code_url for p in papers] == [None, None, None]
    assert all(p.url and p.url.startswith("http://arxiv.org/abs/") for p in papers)


def test_distinct_non_latin_titles_stay_distinct_papers(cases: dict[str, Case]) -> None:
    papers = pipeline.load_listings([pipeline.Listing(cases["non_latin_titles.jsonl"].path)]).papers
    assert len({p.id for p in papers}) == len(papers) == 4


@pytest.mark.parametrize(
    ("a", "b"),
    [("深度学习医学图像分割", "医学图像配准"), ("Сегментация печени", "Сегментация почек"),
     ("胸部X線画像の検出", "胸部X線画像の分割"), ("か", "が")],
)  # fmt: skip
def test_title_keys_of_different_non_latin_titles_differ(a: str, b: str) -> None:
    assert title_key(a) and title_key(b)
    assert title_key(a) != title_key(b)
    assert paper_id(None, a) != paper_id(None, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Fréchet Radiomic Distance", "Frchet Radiomic Distance"),
     ("СЕГМЕНТАЦИЯ печени", "сегментация, печени!")],
)  # fmt: skip
def test_title_keys_still_ignore_case_and_punctuation(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


def test_papers_without_a_title_key_never_merge() -> None:
    from kg.identity import merge_papers

    odd = [Paper(id=f"t-{n}", title="!!!") for n in range(3)]
    assert len(merge_papers(odd)) == 3


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ('\ufeff{"title": "T"}', "jsonl"),
        ("\ufeff| **Title** | **Date** |", "arxiv-md"),
        ("\ufeffDaily Papers\n", "hf-daily"),
        ('{bad\n[1]\n{"title": "T"}\n', "jsonl"),
        ('{"x": ' + "[" * 100_000 + "]" * 100_000 + '}\n{"title": "T"}\n', "jsonl"),
    ],
    ids=["bom-jsonl", "bom-arxiv", "bom-hf", "bad-first-lines", "deep-first-line"],
)
def test_detection_tolerates_a_bom_and_bad_first_records(text: str, fmt: str) -> None:
    assert detect_text(text) == fmt


def test_a_long_first_record_is_still_detected_as_jsonl(tmp_path: Path) -> None:
    """A first record longer than the head detection reads is cut there, not unrecognisable."""
    path = tmp_path / "long.jsonl"
    record = '{"title": "Long one", "abstract": "' + "word " * 20_000 + '"}'
    path.write_text(record + "\n", encoding="utf-8")
    assert [p.title for p in load_file(path).papers] == ["Long one"]


def test_a_fifo_is_refused_without_blocking(cases: dict[str, Case]) -> None:
    """Opening a FIFO for reading waits for a writer: the load must not even try."""
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            load_file(cases["fifo"].path)
            outcome.append(None)
        except LoaderError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "loading a FIFO blocked"
    assert isinstance(outcome[0], LoaderError) and "FIFO" in str(outcome[0])


def test_a_load_where_no_file_can_be_read_is_an_error(cases: dict[str, Case]) -> None:
    listings = [pipeline.Listing(cases[name].path) for name in ("missing", "prose", "dev-zero")]
    with pytest.raises(LoaderError) as excinfo:
        pipeline.load_listings(listings)
    message = str(excinfo.value)
    assert "no such file" in message and "cannot tell" in message and "character device" in message


def test_a_paper_the_extractor_fails_on_costs_only_itself() -> None:
    """spaCy refuses a text over its ``max_length`` (1,000,000 characters): that paper is reported.

    Loaders never produce such a paper (their limit is far lower); this one is made directly, the
    way a caller of :func:`kg.pipeline.extract` other than a loader could.
    """
    good = [Paper(id=f"2604.0000{n}", title=f"U-Net for liver CT {n}", abstract="We use U-Net on LiTS.",
                  sources=[Source(path="a.jsonl", line=n, format="jsonl")]) for n in (1, 3)]  # fmt: skip
    huge = Paper(id="2604.00002", title="Huge", abstract="word " * 250_000,
                 sources=[Source(path="a.jsonl", line=2, format="jsonl")])  # fmt: skip
    issues: list[LoadIssue] = []
    extractions = pipeline.extract([good[0], huge, good[1]], issues=issues)
    assert [e.paper.id for e in extractions] == ["2604.00001", "2604.00002", "2604.00003"]
    assert extractions[1].entities == []
    assert any(entity.name == "U-Net" for entity in extractions[0].entities)
    [issue] = issues
    assert (issue.path, issue.line) == ("a.jsonl", 2)
    assert "extraction failed" in issue.reason and "kept without entities" in issue.reason


@pytest.mark.parametrize(
    "cell",
    [
        lambda n: f"**[{'](' * n} | 2026-01-01 | a | c | None |",
        lambda n: (
            "**[T](http://arxiv.org/abs/2601.00001v1)** | 2026-01-01 | <details><summary>"
            + "</summary><p></p>" * n
            + "x | c | None |"
        ),
    ],
    ids=["title-of-brackets", "unclosed-details"],
)
def test_a_row_built_to_make_a_regex_backtrack_costs_one_linear_pass(
    tmp_path: Path, cell: Callable[[int], str]
) -> None:
    """Rows near the line limit that a lazy two-group regex takes minutes over: under a second."""
    header = (
        "| **Title** | **Date** | **Abstract** | **Comment** | **CodeRepository** |\n| --- | --- | --- |\n"
    )
    good = "| **[Good](http://arxiv.org/abs/2601.00009v1)** | 2026-01-01 | a | c | None |\n"
    path = tmp_path / "slow.md"
    path.write_text(
        header + good + "| " + cell(50_000) + "\n" + good.replace("00009", "00010"), encoding="utf-8"
    )
    started = time.perf_counter()
    result = load_file(path)
    assert time.perf_counter() - started < 5
    assert [p.arxiv_id for p in result.papers] == ["2601.00009", "2601.00010"]
    assert [issue.line for issue in result.issues] == [4]
