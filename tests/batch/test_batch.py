"""pipeline.batch: walking, skipping by content hash, failure isolation, and the killable pool."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from conftest import write_texts

from pipeline import __version__, batch, store
from pipeline.batch.pool import LocalPool
from pipeline.batch.worker import Outcome, Task, run_one
from pipeline.errors import StoreError
from pipeline.model import Options, file_sha256

TEXT = (
    "Der Ausschuss für Umwelt und Verkehr beschließt:\n"
    "Die Verwaltung wird beauftragt, bis zum 30.06.2025 ein Konzept für Radwege vorzulegen.\n"
)


def write_docs(folder: Path, n: int) -> list[Path]:
    return write_texts(folder, n, "antrag-{i:03d}.txt", "Antrag Nr. {i}\n" + TEXT)


def test_walk_takes_supported_files_in_folders_and_every_named_file(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".hidden").mkdir()
    for name in (
        "a/1.pdf",
        "a/b/2.TXT",
        "a/b/3.png",
        "a/notes.docx",
        "a/.x.txt",
        "a/.hidden/4.txt",
    ):
        (tmp_path / name).write_text("x")
    os.mkfifo(tmp_path / "a" / "pipe.txt")  # reading it would block the batch
    named = tmp_path / "a" / "notes.docx"
    found, missing, _ = batch.walk(
        [tmp_path / "a", named, tmp_path / "a" / "1.pdf", tmp_path / "no"]
    )
    names = [p.relative_to(tmp_path).as_posix() for p in found]
    assert names == ["a/1.pdf", "a/b/2.TXT", "a/b/3.png", "a/notes.docx"]
    assert [(Path(m.path).name, m.message) for m in missing] == [
        ("no", "no such file or directory")
    ]
    found, _, _ = batch.walk([tmp_path / "a"], exclude=("*.png", "2.*"))
    assert [p.name for p in found] == ["1.pdf"]


def test_ingest_stores_every_document_once_and_skips_on_rerun(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "in", 5)
    (tmp_path / "in" / "kopie.txt").write_bytes(docs[0].read_bytes())  # same content, other name
    db = tmp_path / "council.db"
    events: list[batch.Event] = []
    first = batch.ingest(
        [tmp_path / "in"], db, settings=batch.Settings(workers=2), on_event=events.append
    )
    assert (first.documents, first.processed, first.skipped, first.failed) == (6, 5, 1, 0)
    assert first.pages_text == 5 and first.pages_ocr == 0 and first.seconds > 0
    assert events[0] == batch.Event("start", total=6)
    assert sorted(e.kind for e in events[1:]) == ["processed"] * 5 + ["skipped"]
    conn = store.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    doc_id = file_sha256(docs[0])[:16]
    rows = conn.execute("SELECT path FROM document_paths WHERE document_id = ?", (doc_id,))
    paths = {r["path"] for r in rows}
    assert paths == {str(docs[0]), str(tmp_path / "in" / "kopie.txt")}
    row = conn.execute("SELECT * FROM documents LIMIT 1").fetchone()
    assert row["pipeline_version"] == __version__ and row["ocr_language"] == "deu"
    assert "total" in row["timings"]
    again = batch.ingest([tmp_path / "in"], db, settings=batch.Settings(workers=1))
    assert (again.processed, again.skipped, again.failed) == (0, 6, 0)
    forced = batch.ingest([docs[1]], db, settings=batch.Settings(workers=1, force=True))
    assert (forced.processed, forced.skipped) == (1, 0)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5


def test_bad_files_fail_with_a_message_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_docs(folder, 2)
    (folder / "leer.txt").write_bytes(b"")
    (folder / "gross.txt").write_text(TEXT * 40, encoding="utf-8")
    db = tmp_path / "council.db"
    options = Options(max_bytes=4000)
    summary = batch.ingest([folder, tmp_path / "gone.pdf"], db, options, batch.Settings(workers=2))
    assert (summary.processed, summary.failed) == (2, 3)
    errors = {Path(f.path).name: f.error for f in summary.failures}
    assert "empty file" in errors["leer.txt"]
    assert "over the limit" in errors["gross.txt"] and "--max-bytes" in errors["gross.txt"]
    assert "no such file" in errors["gone.pdf"]
    conn = store.connect(db)
    failed = conn.execute("SELECT error FROM documents WHERE status = 'failed'").fetchall()
    assert len(failed) == 2 and all(r["error"] for r in failed)
    # A re-run still reports them as failed (exit code), without redoing them.
    again = batch.ingest([folder], db, options, batch.Settings(workers=1))
    assert (again.processed, again.skipped, again.failed) == (0, 2, 2)
    assert all("--retry-failed" in f.error for f in again.failures)
    retried = batch.ingest([folder], db, Options(), batch.Settings(workers=1, retry_failed=True))
    assert (retried.processed, retried.failed) == (1, 1)  # the big one fits the default limit


def test_a_new_pipeline_version_redoes_stored_documents(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "in", 2)
    db = tmp_path / "council.db"
    batch.ingest(docs, db, settings=batch.Settings(workers=1))
    conn = store.connect(db)
    with store.transaction(conn):
        conn.execute("UPDATE documents SET pipeline_version = '0.0.1'")
    summary = batch.ingest(docs, db, settings=batch.Settings(workers=1))
    assert (summary.processed, summary.skipped) == (2, 0)
    versions = {r[0] for r in conn.execute("SELECT pipeline_version FROM documents")}
    assert versions == {__version__}


def test_a_full_disk_stops_the_batch_and_leaves_no_half_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    write_docs(folder, 1)
    for i in range(6):  # ~100 KiB of page text each: a few fill the capped database
        (folder / f"lang-{i}.txt").write_text(f"Teil {i}\n{TEXT * 700}", encoding="utf-8")
    db = tmp_path / "council.db"
    real_connect = store.connect

    def small_disk(path: str | Path) -> sqlite3.Connection:
        conn = real_connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 120}")  # SQLITE_FULL, as on a full disk
        return conn

    monkeypatch.setattr(store, "connect", small_disk)
    with pytest.raises(StoreError, match="disk is full.*run again"):
        batch.ingest([folder], db, settings=batch.Settings(workers=1))
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 0 < stored < 7
    half = conn.execute(
        "SELECT count(*) FROM documents d WHERE page_count !="
        " (SELECT count(*) FROM pages p WHERE p.document_id = d.id)"
    ).fetchone()[0]
    assert half == 0


# Fault injection for the pool: module-level so that worker processes can import them.


def hang_in_child(task: Task) -> Outcome:
    """A stuck document whose worker started a child process (like a hung tesseract)."""
    child = subprocess.Popen(["sleep", "300"])
    Path(task.path).with_suffix(".pid").write_text(str(child.pid))
    time.sleep(300)
    return Outcome(task)


def crash(task: Task) -> Outcome:
    os.kill(os.getpid(), signal.SIGSEGV)
    return Outcome(task)


def by_name(task: Task) -> Outcome:
    name = Path(task.path).name
    if name.startswith("hang"):
        return hang_in_child(task)
    if name.startswith("crash"):
        return crash(task)
    return run_one(task)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child may linger as a zombie until its (dead) parent's reaper collects it.
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().split(") ")[1][0] != "Z"


def test_pool_stops_a_stuck_document_with_its_children_and_survives_a_crash(tmp_path: Path) -> None:
    docs = write_docs(tmp_path, 3)
    hang = tmp_path / "hang.txt"
    hang.write_text(TEXT)
    crashing = tmp_path / "crash.txt"
    crashing.write_text(TEXT + "!")
    tasks = [Task(str(i), str(p), Options(jobs=1)) for i, p in enumerate([hang, crashing, *docs])]
    pool = LocalPool(2, doc_timeout=3.0, target=by_name)
    started = time.monotonic()
    outcomes = {Path(o.task.path).name: o for o in pool.run(tasks)}
    assert time.monotonic() - started < 60
    assert set(outcomes) == {"hang.txt", "crash.txt", *(p.name for p in docs)}
    assert "per-document limit" in outcomes["hang.txt"].error
    assert "worker process died (signal 11)" in outcomes["crash.txt"].error
    assert all(outcomes[p.name].document is not None for p in docs)
    child = int(hang.with_suffix(".pid").read_text())
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(child), "the stuck worker's child process was left running"
    assert pool.peak_rss_mb > 0


@pytest.mark.parametrize("workers", [1, 3])
def test_every_task_comes_back_exactly_once(tmp_path: Path, workers: int) -> None:
    docs = write_docs(tmp_path, 7)
    tasks = [Task(str(i), str(p), Options(jobs=1)) for i, p in enumerate(docs)]
    outcomes = list(LocalPool(workers, doc_timeout=60).run(tasks))
    assert sorted(o.task.sha256 for o in outcomes) == sorted(t.sha256 for t in tasks)
    assert all(o.error is None and o.provenance.pipeline_version == __version__ for o in outcomes)


def test_real_bad_inputs_fail_with_a_reason_and_good_ones_are_stored(tmp_path: Path) -> None:
    import zipfile

    from fpdf import FPDF
    from PIL import Image

    folder = tmp_path / "in"
    write_docs(folder, 1)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Der Rat beschliesst.")
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.output(str(folder / "geschuetzt.pdf"))
    (folder / "kaputt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog garbage\n" * 20)
    with zipfile.ZipFile(folder / "umbenannt.pdf", "w") as archive:  # a Word file named .pdf
        archive.writestr("word/document.xml", "<w:document/>")
    Image.new("L", (1500, 1500), 255).save(folder / "riesig.png")  # over the pixel limit below
    summary = batch.ingest(
        [folder], tmp_path / "c.db", Options(max_pixels=1_000_000), batch.Settings(workers=2)
    )
    assert (summary.processed, summary.failed) == (1, 4)
    errors = {Path(f.path).name: f.error.lower() for f in summary.failures}
    assert "encrypt" in errors["geschuetzt.pdf"]
    assert "pixel" in errors["riesig.png"]
    assert "not supported" in errors["umbenannt.pdf"]
    assert errors["kaputt.pdf"].startswith("ingest:")
    conn = store.connect(tmp_path / "c.db")
    rows = conn.execute("SELECT status, error FROM documents WHERE status = 'failed'").fetchall()
    assert len(rows) == 4 and all(r["error"] for r in rows)
