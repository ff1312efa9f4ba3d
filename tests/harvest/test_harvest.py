"""`council harvest` against a local OParl server: full run, re-run, update, faults, CLI, export."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from oparl_server import OParlServer, council_pdf, pdf_bytes

from pipeline import batch, data, store
from pipeline.analysis import query
from pipeline.harvest import ClientSettings, HarvestError, HarvestSettings, harvest, walk
from pipeline.harvest.client import USER_AGENT
from pipeline.model import Options
from pipeline.store import oparl as oparl_store

FAST = ClientSettings(rate=0, connections=2, timeout=2.0, retries=2, backoff=0.01)
ONE_WORKER = batch.Settings(workers=1)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bodies gazetteer goes to a scratch folder, not the user's."""
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def run(server: OParlServer, db: Path, **settings: object) -> object:
    options = HarvestSettings(client=settings.pop("client", FAST), **settings)  # type: ignore[arg-type]
    return harvest(server.system_url, db, options, Options(), ONE_WORKER)


def file_requests(server: OParlServer) -> list[str]:
    return [r for r in server.requests if r.startswith("/files/")]


def test_walk_accepts_what_real_servers_serve() -> None:
    assert walk.kind({"type": "https://schema.oparl.org/1.0/Paper"}) == "Paper"
    assert walk.kind({"type": "https://schema.oparl.org/1.1/Paper"}) == "Paper"
    assert walk.iso_date("") is None and walk.iso_date(None) is None
    assert walk.iso_date("2024-03-12T10:00:00+01:00") == "2024-03-12"
    paper = {"id": "https://x/p/1", "mainFile": None, "auxiliaryFile": [
        {"id": "https://x/f/1", "accessUrl": "https://x/a/1.pdf"},
        {"accessUrl": "https://x/a/2.pdf"},
        {"id": "https://x/f/3"},  # neither URL: cannot be fetched
    ]}  # fmt: skip
    rows = walk.file_rows(paper, attachments=True)
    assert [(r["id"], r["role"]) for r in rows] == [
        ("https://x/f/1", "main"),
        ("https://x/a/2.pdf", "auxiliary"),
    ]
    assert walk.file_rows({"id": "https://x/p/2"}, attachments=True) == []


def test_harvest_rerun_update_and_faults(tmp_path: Path, data_dir: Path) -> None:
    db = tmp_path / "council.db"
    with OParlServer(page_size=2) as server:
        for i in range(1, 5):
            server.add_paper(i, council_pdf(i))
        server.add_paper(5, None)  # a paper without any file
        server.add_paper(6, council_pdf(6), date="")  # an empty string where a date belongs
        server.missing.add("/files/4.pdf")
        server.errors["/files/2.pdf"] = 1  # one 500, then the file

        first = run(server, db)
        assert first.papers_seen == 6 and first.papers_changed == 6
        assert first.papers_without_file == 1
        assert first.files_downloaded == 4 and first.files_failed == 1
        assert "HTTP 404" in first.failures[0].error
        assert f"{server.body_id}/paper/4" in first.failures[0].error
        assert first.ingest.processed == 4 and first.ingest.failed == 0
        assert first.complete and first.organizations == 1 and first.meetings == 3
        assert any("page=2" in r for r in server.requests if "/paper" in r)  # links.next

        conn = query.open_db(db)
        rows = query.obligations(conn)
        assert len(rows) == 4
        papers = {r["document"]["oparl_id"] for r in rows}
        assert papers == {f"{server.body_id}/paper/{i}" for i in (1, 2, 3, 6)}
        by_paper = {r["document"]["oparl_id"]: r for r in rows}
        one = by_paper[f"{server.body_id}/paper/1"]
        assert one["document"]["web"] == f"{server.base}/vo0050.asp?__kvonr=1"
        # The text names no reference: the OParl one stands in.
        assert one["document"]["reference"] == "2024/0001"
        identity = oparl_store.document_identity(conn, one["document"]["id"])
        assert identity["file_id"] == f"{server.body_id}/file/1"
        assert identity["originators"] == ["Ausschuss für Umwelt"]
        assert identity["date"] == server.papers[0]["date"]
        six_id = by_paper[f"{server.body_id}/paper/6"]["document"]["id"]
        six = oparl_store.document_identity(conn, six_id)
        assert six["date"] is None  # "" on the server
        # Organizations into the gazetteer, meetings into the calendar (cancelled left out).
        gazetteer = json.loads((data_dir / "bodies.json").read_text(encoding="utf-8"))
        assert {"name": "Ausschuss für Umwelt", "kind": "committee", "aliases": ["UA"]} in gazetteer
        calendar = oparl_store.meeting_dates(conn)
        assert calendar["Ausschuss für Umwelt"] == [dt.date(2024, 4, 18), dt.date(2024, 7, 4)]
        assert calendar["UA"] == calendar["Ausschuss für Umwelt"]
        following = oparl_store.next_meeting(
            calendar, "ausschuss für  umwelt", dt.date(2024, 4, 18)
        )
        assert following == dt.date(2024, 7, 4)
        assert data.load_meeting_calendar() == calendar  # the file the extractor reads

        # Re-run with nothing changed: lists asked with modified_since, no file fetched again
        # except the one that failed, which now exists.
        tracked = one["id"]
        query.track(conn, tracked, status="in_progress", note="Konzept in Arbeit")
        conn.close()
        server.missing.discard("/files/4.pdf")
        server.requests.clear()
        second = run(server, db)
        assert second.papers_changed == 0 and second.since
        assert all("modified_since=" in r for r in server.requests if "/paper" in r)
        assert file_requests(server) == ["/files/4.pdf"]
        assert second.files_downloaded == 1 and second.ingest.processed == 1

        server.requests.clear()
        third = run(server, db)
        assert third.papers_changed == 0 and file_requests(server) == [] and third.ingest is None

        # An update: paper 1 modified, its file has a new sentence. Re-ingested, tracking kept.
        later = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).isoformat(timespec="seconds")
        server.add_paper(1, council_pdf(1, "Ergänzt um die Stellungnahme des Beirats."), later)
        server.add_paper(2, server.files["/files/2.pdf"], later)  # only the metadata: a 304
        server.requests.clear()
        fourth = run(server, db)
        assert fourth.papers_changed == 2 and fourth.files_downloaded == 1
        assert fourth.files_not_modified == 1 and server.conditional == 1
        assert server.since_headers == ["Tue, 12 Mar 2024 09:00:00 GMT"] * 2  # both files
        assert fourth.ingest.processed == 1 and fourth.tracking_carried == 1
        conn = query.open_db(db)
        record = query.get_obligation(conn, tracked)
        assert record["status"] == "in_progress" and record["status_note"] == "Konzept in Arbeit"
        assert record["document"]["oparl_id"] == f"{server.body_id}/paper/1"
        assert record["document"]["id"] != one["document"]["id"]  # the new version
        assert len(record["history"]) == 1
        assert len(query.obligations(conn)) == 5  # papers 1, 2, 3, 4, 6 once each


def test_a_stalling_server_and_a_login_page_fail_per_file(tmp_path: Path) -> None:
    with OParlServer() as server:
        server.add_paper(1, council_pdf(1))
        server.add_paper(2, council_pdf(2))
        server.stall["/files/1.pdf"] = 3.0
        server.html.add("/files/2.pdf")
        client = ClientSettings(rate=0, timeout=0.3, retries=1, backoff=0.01)
        summary = run(server, tmp_path / "c.db", client=client)
        errors = sorted(f.error for f in summary.failures)
        assert summary.files_failed == 2 and summary.ingest is None
        assert "timed out (after 2 attempts)" in errors[0]
        assert "text/html" in errors[1] and "not a PDF" in errors[1]
        assert file_requests(server).count("/files/1.pdf") == 2  # one retry
        assert summary.complete  # the lists were read: the files are retried next run
        conn = store.connect(tmp_path / "c.db")
        assert len(oparl_store.pending_files(conn, ["main"])) == 2


def test_the_user_agent_names_the_project_and_the_rate_is_kept(tmp_path: Path) -> None:
    seen: list[str] = []
    with OParlServer() as server:
        from pipeline.harvest.client import Client

        with Client(ClientSettings(rate=20)) as client:
            started = dt.datetime.now()
            for _ in range(5):
                client.get_json(server.system_url)
            elapsed = (dt.datetime.now() - started).total_seconds()
            seen.append(client.http.headers["User-Agent"])
    assert seen == [USER_AGENT] and USER_AGENT.startswith("council-pipeline/")
    assert elapsed >= 4 / 20 * 0.9  # five requests at 20/s: four gaps of 50 ms


def test_cli_harvest_show_obligations_and_oparl_export(tmp_path: Path, runner) -> None:
    from jsonschema import Draft7Validator, FormatChecker
    from referencing import Registry, Resource

    from pipeline.cli import app

    server = OParlServer()
    with server:
        for i in range(1, 4):
            server.add_paper(i, council_pdf(i))
        annex = dict(server.papers[0]["auxiliaryFile"][0], id=f"{server.body_id}/file/1a")
        annex["accessUrl"] = f"{server.base}/files/1a.pdf"
        server.files["/files/1a.pdf"] = pdf_bytes("Anlage 1: Lageplan der Radabstellanlagen.")
        server.papers[0]["auxiliaryFile"].append(annex)
        db = tmp_path / "h.db"
        result = runner.invoke(
            app,
            ["harvest", server.system_url, "--db", str(db), "--rate", "0", "-w", "1", "--json",
             "--attachments"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["files_downloaded"] == 4 and summary["ingest"]["processed"] == 4
    rows = json.loads(runner.invoke(app, ["obligations", "--db", str(db), "-f", "json"]).stdout)
    assert {r["document"]["oparl_id"] for r in rows} == {
        f"{server.body_id}/paper/{i}" for i in (1, 2, 3)
    }
    shown = runner.invoke(app, ["show", rows[0]["document"]["id"], "--db", str(db)])
    assert shown.exit_code == 0 and "OParl source" in shown.stdout
    assert rows[0]["document"]["oparl_id"] in shown.stdout

    out = tmp_path / "papers.json"
    exported = runner.invoke(app, ["export", "--db", str(db), "-f", "oparl", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"data", "links", "pagination"}
    schemas = Path(__file__).parent.parent / "resources" / "oparl" / "schema"
    resources = []
    for path in schemas.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema)
        # The schemas refer to each other as "File.json" next to their "$id" without suffix.
        resources += [(schema["$id"], resource), (schema["$id"] + ".json", resource)]
    registry = Registry().with_resources(resources)
    paper_schema = json.loads((schemas / "Paper.json").read_text(encoding="utf-8"))
    validator = Draft7Validator(paper_schema, registry=registry, format_checker=FormatChecker())
    errors = [e.message for p in data["data"] for e in validator.iter_errors(p)]
    assert errors == []
    assert {p["id"] for p in data["data"]} == {f"{server.body_id}/paper/{i}" for i in (1, 2, 3)}
    assert all(p["web"].startswith(server.base) for p in data["data"])
    assert all(p["mainFile"]["id"].startswith(f"{server.body_id}/file/") for p in data["data"])
    first = next(p for p in data["data"] if p["id"] == f"{server.body_id}/paper/1")
    assert [f["id"] for f in first["auxiliaryFile"]] == [f"{server.body_id}/file/1a"]
    assert "Lageplan" in first["auxiliaryFile"][0]["text"]


def test_schema_migration_adds_the_oparl_tables(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "m.db")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"oparl_papers", "oparl_files", "oparl_meetings", "oparl_documents"} <= tables
    assert isinstance(conn, sqlite3.Connection)


def test_since_is_sent_as_modified_since(tmp_path: Path) -> None:
    with OParlServer() as server:
        server.add_paper(1, council_pdf(1), modified="2024-03-12T10:00:00+01:00")
        summary = run(server, tmp_path / "s.db", since="2025-01-01")
        assert summary.papers_seen == 0 and summary.ingest is None
        assert any("modified_since=2025-01-01" in r for r in server.requests if "/paper" in r)


def test_next_links_that_drop_the_query_still_get_modified_since(tmp_path: Path) -> None:
    with OParlServer(page_size=2) as server:
        server.lean_links = True
        for i in range(1, 6):
            server.add_paper(i, None, modified="2025-02-01T10:00:00+01:00")
        server.add_paper(6, None, modified="2024-02-01T10:00:00+01:00")  # before --since
        summary = run(server, tmp_path / "n.db", since="2025-01-01")
        assert summary.papers_seen == 5 and summary.papers_changed == 5 and summary.complete
        pages = [r for r in server.requests if "/paper" in r]
        assert len(pages) == 3 and all("modified_since=2025-01-01T00" in r for r in pages)


def test_kill_9_during_a_harvest_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with OParlServer() as server:
        for i in range(1, 7):
            server.add_paper(i, council_pdf(i))
            server.stall[f"/files/{i}.pdf"] = 1.2  # slow enough to be killed halfway
        command = [sys.executable, "-m", "pipeline", "harvest", server.system_url, "--db", str(db)]
        env = {**os.environ, "COUNCIL_DATA_DIR": str(tmp_path / "data")}
        child = subprocess.Popen(
            [*command, "--rate", "0", "--connections", "1", "-w", "1", "--json"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        fetched = 0
        while fetched < 2 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.1)
            if db.exists():
                with contextlib.suppress(sqlite3.Error):
                    probe = sqlite3.connect(db)
                    fetched = probe.execute(
                        "SELECT count(*) FROM oparl_files WHERE sha256 IS NOT NULL"
                    ).fetchone()[0]
                    probe.close()
        child.kill()
        child.wait()
        # killed while it ran (the probe may see several files land at once: the writer holds
        # the database for a moment, so the exact count at the kill varies)
        assert fetched >= 2 and child.returncode == -9, (fetched, child.returncode)
        server.stall.clear()
        summary = run(server, db)
        assert summary.files_failed == 0
    conn = query.open_db(db)
    rows = query.obligations(conn)
    assert sorted(r["document"]["oparl_id"] for r in rows) == sorted(
        f"{server.body_id}/paper/{i}" for i in range(1, 7)
    )
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 6


def test_a_list_that_fails_stops_only_that_list(tmp_path: Path) -> None:
    with OParlServer() as server:
        server.errors["/oparl/body/1/meeting"] = 100  # 500 on every attempt
        server.errors["/oparl/body/1/organization"] = 1  # one 500, then the list
        server.add_paper(1, None)
        summary = run(server, tmp_path / "l.db")
        assert summary.organizations == 1 and summary.meetings == 0
        assert summary.papers_changed == 1 and not summary.complete
        assert summary.failed == 1 and "meeting list stopped: " in summary.failures[0].error
        assert "HTTP 500" in summary.failures[0].error
        conn = store.connect(tmp_path / "l.db")
        assert oparl_store.endpoint_watermark(conn, server.system_url) is None


def test_a_body_url_with_limit_continues_where_it_stopped(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    with OParlServer(page_size=3) as server:
        for i in range(1, 6):
            server.add_paper(i, None)

        def body_run(**settings: object):
            options = HarvestSettings(client=FAST, **settings)  # type: ignore[arg-type]
            return harvest(server.body_id, db, options, Options(), ONE_WORKER)

        first = body_run(limit=2)
        assert first.bodies == 1 and first.papers_changed == 2 and not first.complete
        conn = store.connect(db)
        assert oparl_store.endpoint_watermark(conn, server.body_id) is None
        second = body_run()
        assert second.papers_changed == 3 and second.papers_unchanged == 2 and second.complete
        assert oparl_store.endpoint_watermark(conn, server.body_id)
        narrowed = run(server, tmp_path / "c.db", body="1")  # the end of the Body's id
        assert narrowed.bodies == 1 and narrowed.papers_changed == 5
        with pytest.raises(HarvestError, match="no body 'Nirgendwo'"):
            run(server, tmp_path / "d.db", body="Nirgendwo")
