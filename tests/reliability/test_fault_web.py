"""Item 14 of issue 13: the web view answers only for local host names (no DNS rebinding) and
refuses writes with 405 instead of a 500 with a traceback."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import httpx
import pytest

from pipeline.analysis import web
from reliability.faults import ROOT


def _requests(db: Path, hosts: tuple[str, ...], *calls: tuple[str, str, str]) -> list:
    web.settle(db)
    ds = web.datasette(db)
    app = web.guard(ds.app(), web.allowed_hosts(hosts))

    async def go() -> list:
        await ds.invoke_startup()
        transport = httpx.ASGITransport(app=app)
        out = []
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for method, host, url in calls:
                response = await client.request(method, url, headers={"host": host})
                out.append((response.status_code, response.text))
        return out

    return asyncio.run(go())


def test_only_local_host_names_are_answered(db: Path) -> None:
    url = f"/{db.stem}/obligations.json"
    answers = _requests(
        db,
        ("council.intern",),
        ("GET", "127.0.0.1:8001", url),
        ("GET", "localhost", url),
        ("GET", "[::1]:8001", url),
        ("GET", "council.intern:8001", url),
        ("GET", "attacker.example:8001", url),
        ("GET", "127.0.0.1.attacker.example", url),
        ("GET", "", url),
    )
    assert [a[0] for a in answers] == [200, 200, 200, 200, 403, 403, 403]
    assert "unknown Host" in answers[4][1]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", "/{db}/-/query"),
        ("POST", "/{db}/obligations/-/insert"),
        ("POST", "/{db}/-/create"),
        ("PUT", "/{db}/obligations"),
        ("DELETE", "/{db}/obligations/1"),
        ("POST", "/-/messages"),
    ],
)
def test_writes_are_405_not_500(db: Path, method: str, url: str) -> None:
    [(status, text)] = _requests(db, (), (method, "127.0.0.1", url.format(db=db.stem)))
    assert status == 405 and "Traceback" not in text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_real_server_refuses_a_foreign_host(db: Path) -> None:
    port = _free_port()
    code = "from pipeline.cli import app; app(prog_name='council')"
    server = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )

    def get(host: str, method: str = "GET") -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/-/versions.json", headers={"Host": host}, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert get(f"127.0.0.1:{port}") == 200
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        assert get(f"localhost:{port}") == 200
        assert get(f"rebound.example:{port}") == 403
        assert get(f"127.0.0.1:{port}", "POST") == 405
    finally:
        server.terminate()
        server.wait(10)
