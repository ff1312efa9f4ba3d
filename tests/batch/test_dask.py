"""`council ingest --scheduler`: a real Dask scheduler and two workers on 127.0.0.1 store the
same records as a local run, and the work really ran in the worker processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import batch, store
from pipeline.batch.cluster import DaskPool
from pipeline.batch.worker import Outcome, Task, run_one
from pipeline.errors import PipelineError
from pipeline.model import Options

ROOT = Path(__file__).resolve().parents[2]
DASK = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
TEXT = (
    "Der Ausschuss für Umwelt beschließt:\n"
    "Die Verwaltung wird beauftragt, bis zum 31.03.2026 einen Bericht zum Lärmschutz vorzulegen.\n"
)

pytestmark = pytest.mark.skipif(DASK is None, reason="the `dask` command (distributed) is missing")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stop(*procs: subprocess.Popen) -> None:
    """SIGTERM to all at once, then SIGKILL to those still running 2 s later."""
    running = [p for p in procs if p.poll() is None]
    for proc in running:
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 2
    for proc in running:
        try:
            proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[int]]]:
    """A scheduler and two single-threaded workers (no nanny: the worker pid is the process)."""
    tmp_path = tmp_path_factory.mktemp("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []
    # Workers import this module to run the fault-injection task below.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), str(ROOT)])}

    def start(name: str, *args: str) -> subprocess.Popen:
        out = (logs / f"{name}.log").open("w")
        proc = subprocess.Popen(
            [DASK, *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=tmp_path,
            env=env,
        )
        procs.append(proc)
        return proc

    try:
        start(
            "scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"
        )
        deadline = time.monotonic() + 60
        while not listening(port):
            assert time.monotonic() < deadline, (logs / "scheduler.log").read_text()
            time.sleep(0.2)
        workers = [
            start(
                f"worker{i}",
                "worker",
                address,
                "--host",
                "127.0.0.1",
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--local-directory",
                str(tmp_path / f"worker{i}"),
            )
            for i in range(2)
        ]
        from distributed import Client

        with Client(address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=90)
        yield address, [w.pid for w in workers]
    finally:
        stop(*reversed(procs))


def test_dask_run_stores_the_same_records_as_a_local_run(
    cluster: tuple[str, list[int]], tmp_path: Path
) -> None:
    address, worker_pids = cluster
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"antrag-{i}.txt").write_text(f"Antrag {i}\n{TEXT}", encoding="utf-8")
    (folder / "kopie.txt").write_text(f"Antrag 0\n{TEXT}", encoding="utf-8")
    (folder / "leer.txt").write_bytes(b"")

    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    local = batch.ingest([folder], local_db, settings=batch.Settings(workers=1))
    cmd = [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", str(dask_db)]
    result = subprocess.run(
        [*cmd, "--scheduler", address, "--json"], capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 1, result.stderr  # the empty file failed, on both
    remote = json.loads(result.stdout)
    for key in ("processed", "skipped", "failed", "pages_text", "obligations"):
        assert remote[key] == getattr(local, key), key
    assert remote["processed"] == 6 and remote["workers"] == 2
    # The documents were processed in the two worker processes, not in the ingesting one.
    pids = {int(w.rsplit(":", 1)[1]) for w in remote["ran_on"]}
    assert pids <= set(worker_pids) and len(pids) == 2

    a, b = store.connect(local_db), store.connect(dask_db)
    ids = [r["id"] for r in a.execute("SELECT id FROM documents ORDER BY id")]
    assert ids == [r["id"] for r in b.execute("SELECT id FROM documents ORDER BY id")]
    assert len(ids) == 7  # six texts and the empty file; the copy is a second path
    for doc_id in ids:
        assert store.document_record(a, doc_id) == store.document_record(b, doc_id)

    rerun = subprocess.run(
        [*cmd, "--scheduler", address, "--json"], capture_output=True, text=True, timeout=180
    )
    again = json.loads(rerun.stdout)
    assert (again["processed"], again["skipped"], again["failed"]) == (0, 7, 1)


def hang_or_run(task: Task) -> Outcome:
    """A stuck document next to good ones (the cluster has tests/ on its PYTHONPATH)."""
    if Path(task.path).name.startswith("hang"):
        time.sleep(20)
    return run_one(task)


def test_a_stuck_document_is_given_up_and_the_rest_completes(
    cluster: tuple[str, list[int]], tmp_path: Path
) -> None:
    paths = [tmp_path / "hang.txt", tmp_path / "a.txt", tmp_path / "b.txt"]
    for i, path in enumerate(paths):
        path.write_text(f"{i}\n{TEXT}", encoding="utf-8")
    tasks = [Task(str(i), str(p), Options(jobs=1)) for i, p in enumerate(paths)]
    pool = DaskPool(cluster[0], doc_timeout=3.0, target=hang_or_run)
    started = time.monotonic()
    outcomes = {Path(o.task.path).name: o for o in pool.run(tasks)}
    assert time.monotonic() - started < 15  # well before the stuck task would have ended
    assert "per-document limit" in outcomes["hang.txt"].error
    assert outcomes["a.txt"].document is not None and outcomes["b.txt"].document is not None


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    from pipeline.batch import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2.0)
    settings = batch.Settings(scheduler=f"tcp://127.0.0.1:{free_port()}")
    (tmp_path / "a.txt").write_text(TEXT)
    with pytest.raises(PipelineError, match="cannot reach the Dask scheduler"):
        batch.ingest([tmp_path / "a.txt"], tmp_path / "c.db", settings=settings)


def test_a_cluster_without_workers_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    from pipeline.batch import cluster

    monkeypatch.setattr(cluster, "NO_WORKERS_TIMEOUT", 2.0)
    port = free_port()
    log = (tmp_path / "scheduler.log").open("w")
    cmd = [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not listening(port):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        (tmp_path / "a.txt").write_text(TEXT)
        settings = batch.Settings(scheduler=f"tcp://127.0.0.1:{port}")
        with pytest.raises(PipelineError, match="no Dask worker"):
            batch.ingest([tmp_path / "a.txt"], tmp_path / "c.db", settings=settings)
    finally:
        stop(proc)
