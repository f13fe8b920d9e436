"""After a writer is killed (``kill -9``) or runs out of disk, the read-only commands still work.

A real writer process upserts batches in a loop and is killed at several points: between
commits, in the middle of an upsert, and in the middle of a checkpoint (which leaves
``<store>.shadow`` and ``<store>.wal.checkpoint`` behind, a state LadybugDB refuses to open
read-only). Then the real ``kg stats`` must open the store and show whole batches only.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from kg_runner import REPO, Run, assert_one_line_error, kg_command, run_kg

#: papers per upsert, each using its own dataset: a batch is one transaction, so the store
#: holds whole batches only
BATCH = 200
WRITER = textwrap.dedent(
    f"""
    import sys
    from kg.graph import build_graph
    from kg.model import Evidence, ExtractedEntity, Extraction, Paper
    from kg.store.ladybug import LadybugStore

    def batch_doc(batch):
        extractions = []
        for n in range({BATCH}):
            pid = f"2601.{{batch:04d}}{{n:03d}}"
            sentence = f"We evaluate on DS-{{pid}}."
            start = sentence.index("DS-")
            evidence = Evidence(sentence=sentence, start=start, end=len(sentence) - 1,
                                extractor="recovery-test", confidence=0.9)
            dataset = ExtractedEntity(type="Dataset", name=f"DS-{{pid}}", evidence=[evidence])
            paper = Paper(id=pid, arxiv_id=pid, title=f"Paper {{pid}}", abstract="words " * 400)
            extractions.append(Extraction(paper=paper, entities=[dataset]))
        return build_graph(extractions)

    store = LadybugStore.open(sys.argv[1])
    store.ensure_schema()
    checkpoint_after_each = sys.argv[2] == "checkpoint"
    batch = 0
    while True:
        doc = batch_doc(batch)
        print("writing", batch, flush=True)
        store.upsert(doc)
        print("committed", batch, flush=True)
        if checkpoint_after_each:
            store._execute("CHECKPOINT")
        batch += 1
    """
)
HOLDER = ("import sys; from kg.store.ladybug import LadybugStore; store = LadybugStore.open(sys.argv[1]); "
          "print('open', flush=True); sys.stdin.read()")
PENDING_FILES = (".shadow", ".wal.checkpoint")


def start_writer(store: Path, mode: str = "plain") -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(store), mode], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_line(writer: subprocess.Popen[str], wanted: str) -> None:
    assert writer.stdout is not None
    for line in writer.stdout:
        if line.strip() == wanted:
            return
    pytest.fail(f"the writer exited before {wanted!r}: {writer.stderr.read() if writer.stderr else ''}")


def kill(writer: subprocess.Popen[str]) -> int:
    """``kill -9`` the writer; how many more batches it reported committed."""
    os.kill(writer.pid, signal.SIGKILL)
    out, _ = writer.communicate(timeout=60)
    assert writer.returncode == -signal.SIGKILL
    return out.count("committed ")  # after the lines wait_for_line has read


def checkpoint_unfinished(store: Path) -> bool:
    return any(store.with_name(store.name + suffix).exists() for suffix in PENDING_FILES)


def kill_mid_checkpoint(store: Path, attempts: int = 30) -> None:
    """Kill writers that checkpoint after every batch until one dies with its checkpoint half done."""
    for _ in range(attempts):
        shutil.rmtree(store.parent, ignore_errors=True)
        store.parent.mkdir(parents=True)
        writer = start_writer(store, "checkpoint")
        wait_for_line(writer, "committed 0")
        deadline = time.monotonic() + 60
        while not checkpoint_unfinished(store) and writer.poll() is None and time.monotonic() < deadline:
            pass  # polling as fast as possible: a checkpoint of this size lasts milliseconds
        kill(writer)
        if checkpoint_unfinished(store):
            return
    pytest.fail(f"no kill out of {attempts} landed inside a checkpoint")


def kill_after_commit(store: Path, batch: int) -> int:
    writer = start_writer(store)
    wait_for_line(writer, f"committed {batch}")
    return batch + 1 + kill(writer)


def kill_mid_upsert(store: Path, batch: int) -> int:
    writer = start_writer(store)
    wait_for_line(writer, f"writing {batch}")
    return batch + kill(writer)


def stats(store: Path) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = run_kg("stats", "--format", "json", store=store).json()
    return counts


def assert_whole_batches(store: Path, confirmed: int) -> None:
    """Every batch the writer reported is there, at most the one in flight besides, none in part."""
    counts = stats(store)
    papers = counts["nodes"]["Paper"]
    assert papers % BATCH == 0, counts
    assert confirmed * BATCH <= papers <= (confirmed + 1) * BATCH, (confirmed, counts)
    assert counts["nodes"]["Dataset"] == counts["relationships"]["USES_DATASET"] == papers, counts
    again = run_kg("query", "MATCH (p:Paper)-[:USES_DATASET]->(d:Dataset) RETURN count(d) AS n",
                   "--format", "json", store=store)
    assert again.json() == [{"n": papers}]


def test_reads_work_after_a_kill_between_commits(tmp_path: Path) -> None:
    store = tmp_path / "graph.lbug"
    assert_whole_batches(store, kill_after_commit(store, batch=2))


def test_reads_work_after_a_kill_in_the_middle_of_an_upsert(tmp_path: Path) -> None:
    store = tmp_path / "graph.lbug"
    assert_whole_batches(store, kill_mid_upsert(store, batch=3))


def test_reads_work_after_a_kill_in_the_middle_of_a_checkpoint(tmp_path: Path) -> None:
    import ladybug

    store = tmp_path / "store" / "graph.lbug"
    kill_mid_checkpoint(store)
    with pytest.raises(RuntimeError, match="recovery is pending"):  # what used to stop every reader
        ladybug.Database(str(store), read_only=True)
    counts = stats(store)  # completes the recovery
    assert not checkpoint_unfinished(store)
    assert counts["nodes"]["Paper"] % BATCH == 0 and counts["nodes"]["Paper"] >= BATCH, counts
    assert stats(store) == counts
    assert_whole_batches(store, counts["nodes"]["Paper"] // BATCH)


# -- where a reader cannot recover the store -------------------------------------------------------


def can_mount_privately() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "sh", "-c", "mount -t tmpfs none /mnt"],
                           capture_output=True, check=False)
    return probe.returncode == 0


needs_private_mounts = pytest.mark.skipif(
    not can_mount_privately(),
    reason="needs `unshare --mount` and mount rights (root): the test makes a folder read-only or "
           "a disk full in a private mount namespace, since root ignores file permissions",
)


def run_in_private_mounts(script: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``script`` (sh) in a mount namespace of its own: its mounts vanish when it ends."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    env.update({"COLUMNS": "250", "NO_COLOR": "1", "TERM": "dumb", "KG": " ".join(kg_command()),
                "PYTHON": sys.executable, "WRITER": WRITER})
    return subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=timeout, check=False)


@needs_private_mounts
def test_a_reader_that_cannot_write_the_folder_says_what_state_the_store_is_in(tmp_path: Path) -> None:
    store = tmp_path / "store" / "graph.lbug"
    kill_mid_checkpoint(store)
    folder = store.parent
    proc = run_in_private_mounts(
        f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && "
        f"$KG stats --store {store}"
    )
    run = Run(["stats"], proc.returncode, proc.stdout, proc.stderr)
    assert_one_line_error(run, "needs recovery", "stopped during a checkpoint", "Read-only file system",
                          f"run `kg stats --store {store}` as a user who can write to {folder}")
    assert checkpoint_unfinished(store)  # nothing was touched
    assert stats(store)["nodes"]["Paper"] >= BATCH  # and with write access the same command works


@needs_private_mounts
def test_a_full_disk_during_a_write_is_reported_without_claiming_durability(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    store = disk / "graph.lbug"
    proc = run_in_private_mounts(
        f"mount -t tmpfs -o size=3m tmpfs {disk} || exit 90\n"
        f"$PYTHON -c \"$WRITER\" {store} plain > {tmp_path}/writer.out 2> {tmp_path}/writer.err\n"
        f"echo '== full'; $KG stats --store {store} --format json\n"
        f"mount -o remount,size=256m {disk}\n"
        f"echo '== space'; $KG stats --store {store} --format json; $KG stats --store {store} --format json\n"
    )
    assert proc.returncode == 0, proc.stderr
    writer_err = (tmp_path / "writer.err").read_text()
    failure = [line for line in writer_err.splitlines() if "StoreError" in line or "error" in line.lower()]
    assert failure, writer_err
    assert "durable" not in writer_err
    assert "No space left on device" in writer_err, writer_err
    assert f"kg stats --store {store}" in writer_err, writer_err
    confirmed = (tmp_path / "writer.out").read_text().count("committed ")
    after = proc.stdout.split("== space")[1]
    assert after.count('"Paper"') == 2, proc.stdout + proc.stderr
    papers = [int(line.split(":")[1].strip(" ,")) for line in after.splitlines() if '"Paper"' in line]
    assert papers[0] == papers[1] and papers[0] % BATCH == 0
    assert confirmed * BATCH <= papers[0] <= (confirmed + 1) * BATCH, (confirmed, papers)


#: small commits until the disk is full: the log fills the disk long before it is large enough
#: to be checkpointed, so the full disk hits a write of the log itself
LOG_FILLER = textwrap.dedent(
    """
    import sys, ladybug
    connection = ladybug.Connection(ladybug.Database(sys.argv[1]))
    connection.execute("CREATE NODE TABLE Paper(id STRING, title STRING, PRIMARY KEY(id))")
    for n in range(10**7):
        connection.execute(f"CREATE (:Paper {{id: 'p{n}', title: '{'words ' * 200}'}})")
    """
)


@needs_private_mounts
def test_a_log_damaged_by_a_full_disk_is_named_with_what_to_do(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    store = disk / "graph.lbug"
    filler = tmp_path / "filler.py"
    filler.write_text(LOG_FILLER)
    proc = run_in_private_mounts(
        f"mount -t tmpfs -o size=3m tmpfs {disk} || exit 90\n"
        f"$PYTHON {filler} {store} > /dev/null 2>&1\n"
        f"mount -o remount,size=256m {disk}\n"
        f"$KG stats --store {store}\n"
    )
    run = Run(["stats"], proc.returncode, proc.stdout, proc.stderr)
    assert_one_line_error(run, f"{store}.wal is damaged", "full disk", "kg build --store NEW_PATH")


# -- a build takes its lock before the heavy work --------------------------------------------------


@contextmanager
def live_writer(store: Path) -> Iterator[subprocess.Popen[str]]:
    """A process holding ``store`` open read-write until the block ends."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store)], cwd=REPO, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield holder
    finally:
        holder.communicate("", timeout=60)


def test_a_build_into_a_locked_store_fails_before_reading_its_listings(tmp_path: Path) -> None:
    store = tmp_path / "graph.lbug"
    with live_writer(store) as holder:
        build = run_kg("build", str(tmp_path / "not-read-yet.md"), store=store)
    assert_one_line_error(build, f"locked by process {holder.pid}")


def test_readers_open_while_another_process_checkpoints(tmp_path: Path) -> None:
    """During a live writer's checkpoint LadybugDB refuses read-only opens; the store waits for
    the checkpoint (the writer holds the lock, so it cannot be the one to finish it) and opens."""
    import ladybug

    from kg.store.ladybug import LadybugStore

    store = tmp_path / "graph.lbug"
    writer = start_writer(store, "checkpoint")
    refused = opened = 0
    try:
        wait_for_line(writer, "committed 0")
        deadline = time.monotonic() + 120
        while (refused < 3 or opened < 3) and time.monotonic() < deadline:
            try:
                ladybug.Database(str(store), read_only=True).close()
            except RuntimeError as exc:
                assert "recovery is pending" in str(exc)
                refused += 1
            with LadybugStore.open(str(store), read_only=True) as reader:
                assert reader.stats().nodes["Paper"] % BATCH == 0
            opened += 1
        assert refused >= 1, "no open landed inside one of the writer's checkpoints"
        assert run_kg("stats", "--format", "json", store=store).code == 0
    finally:
        kill(writer)
