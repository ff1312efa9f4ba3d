"""A small OParl server for the harvest tests: real object shapes, paginated lists, test PDFs.

The objects are the real ones in tests/resources/oparl/objects (a Krefeld 1.0 System and Body,
Karlsruhe 1.1 Papers, the specification's Organization and Meeting) with their URLs pointed at
127.0.0.1. Faults are switched on per path: 404, a 500 that goes away after N answers, a stall
longer than the client's timeout, an HTML page where a PDF belongs.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from fpdf import FPDF

OBJECTS = Path(__file__).resolve().parent.parent / "resources" / "oparl" / "objects"
V10 = "https://schema.oparl.org/1.0/"
V11 = "https://schema.oparl.org/1.1/"


def load(name: str) -> dict[str, Any]:
    return json.loads((OBJECTS / name).read_text(encoding="utf-8"))


def pdf_bytes(*paragraphs: str) -> bytes:
    """A one-page PDF with a text layer (core font: Latin-1 umlauts and ß work)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in paragraphs:
        pdf.multi_cell(0, 6, text)
        pdf.ln(3)
    return bytes(pdf.output())


def council_pdf(i: int, extra: str = "") -> bytes:
    return pdf_bytes(
        f"Antrag der SPD-Fraktion vom 12.03.2024 zur Sitzung des Ausschusses für Umwelt ({i})",
        f"Der Ausschuss für Umwelt möge beschließen: Die Verwaltung wird beauftragt, bis zum "
        f"30.06.2024 ein Konzept für {i} neue Radabstellanlagen vorzulegen.",
        extra,
    )


class OParlServer:
    """Serves one System with one Body; `papers` and `files` may be changed between runs."""

    def __init__(self, page_size: int = 2) -> None:
        self.page_size = page_size
        self.papers: list[dict[str, Any]] = []
        self.files: dict[str, bytes] = {}  # path → bytes
        self.missing: set[str] = set()  # paths answering 404
        self.errors: dict[str, int] = {}  # path → how many 500s before it answers
        self.stall: dict[str, float] = {}  # path → seconds to wait before answering
        self.html: set[str] = set()  # paths answering a login page
        self.requests: list[str] = []  # path?query of every request, in order
        self.conditional: int = 0  # requests answered 304
        self.since_headers: list[str] = []  # If-Modified-Since values received
        self.lean_links = False  # `links.next` without the modified_since of the request
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.organizations = [self._organization()]
        self.meetings = self._meetings()

    # -- the objects ---------------------------------------------------------------------
    @property
    def system_url(self) -> str:
        return f"{self.base}/oparl/system"

    @property
    def body_id(self) -> str:
        return f"{self.base}/oparl/body/1"

    def system(self) -> dict[str, Any]:
        system = load("system-krefeld-1.0.json")
        system.update(id=self.system_url, body=f"{self.base}/oparl/bodies")
        return system

    def body(self) -> dict[str, Any]:
        body = load("body-krefeld-1.0.json")
        body.update(id=self.body_id, system=self.system_url)
        for key in ("organization", "person", "meeting", "paper"):
            body[key] = f"{self.body_id}/{key}"
        return body

    def _organization(self) -> dict[str, Any]:
        org = load("Organization-01.json")
        org.update(id=f"{self.body_id}/organization/34", body=self.body_id)
        org["name"] = "Ausschuss für Umwelt"
        org["shortName"] = "UA"
        return org

    def _meetings(self) -> list[dict[str, Any]]:
        spec = load("Meeting-01.json")
        real = load("meeting-missing-1.0.json")
        out = []
        for i, (meeting, start) in enumerate(
            [(spec, "2024-04-18T17:00:00+02:00"), (real, "2024-07-04T17:00:00+02:00")]
        ):
            m = copy.deepcopy(meeting)
            m.update(id=f"{self.body_id}/meeting/{i}", start=start)
            m["organization"] = [self.organizations[0]["id"]]
            out.append(m)
        cancelled = copy.deepcopy(spec)
        cancelled.update(id=f"{self.body_id}/meeting/9", start="2024-05-02T17:00:00+02:00")
        cancelled.update(cancelled=True, organization=[self.organizations[0]["id"]])
        out.append(cancelled)
        return out

    def add_paper(
        self, i: int, pdf: bytes | None, modified: str = "2024-03-12T10:00:00+01:00", **fields: Any
    ) -> dict[str, Any]:
        """A Paper shaped like Karlsruhe's (files in auxiliaryFile, no mainFile), its file at
        /files/{i}.pdf; odd ones are typed with the OParl 1.0 URLs, as mixed servers do."""
        templates = ["paper-01.json", "paper-03.json", "paper-04.json", "paper-08.json"]
        paper = load(templates[i % len(templates)])
        version = V10 if i % 2 else V11
        paper.pop("consultation", None)
        paper.pop("subordinatedPaper", None)
        paper.update(
            id=f"{self.body_id}/paper/{i}",
            type=version + "Paper",
            body=self.body_id,
            reference=f"2024/{i:04d}",
            web=f"{self.base}/vo0050.asp?__kvonr={i}",
            modified=modified,
            originatorOrganization=[self.organizations[0]["id"]],
        )
        aux = []
        if pdf is not None:
            path = f"/files/{i}.pdf"
            self.files[path] = pdf
            aux.append(
                {
                    "id": f"{self.body_id}/file/{i}",
                    "type": version + "File",
                    "name": paper["name"][:40],
                    "fileName": f"{i}.pdf",
                    "mimeType": "application/pdf",
                    "accessUrl": self.base + path,  # only accessUrl, as some servers do
                    "modified": modified,
                }
            )
        paper["auxiliaryFile"] = aux
        paper.update(fields)
        self.papers = [p for p in self.papers if p["id"] != paper["id"]] + [paper]
        return paper

    # -- HTTP ------------------------------------------------------------------------------
    def __enter__(self) -> OParlServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _list(self, items: list[dict[str, Any]], url: str, query: dict[str, list[str]]) -> dict:
        since = (query.get("modified_since") or [None])[0]
        if since:
            items = [o for o in items if str(o.get("modified") or "") >= since]
        page = int((query.get("page") or ["1"])[0])
        chunk = items[(page - 1) * self.page_size : page * self.page_size]
        links: dict[str, str] = {}
        if page * self.page_size < len(items):
            following = f"{url}?page={page + 1}"
            keep = since and not self.lean_links
            links["next"] = following + (f"&modified_since={quote(since)}" if keep else "")
        return {"data": chunk, "pagination": {"currentPage": page}, "links": links}

    def route(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        lists = {
            "/oparl/bodies": lambda: [self.body()],
            "/oparl/body/1/organization": lambda: self.organizations,
            "/oparl/body/1/meeting": lambda: self.meetings,
            "/oparl/body/1/paper": lambda: self.papers,
            "/oparl/body/1/person": lambda: [],
        }
        if path == "/oparl/system":
            return 200, "application/json", json.dumps(self.system()).encode()
        if path == "/oparl/body/1":
            return 200, "application/json", json.dumps(self.body()).encode()
        if path in lists:
            data = self._list(lists[path](), self.base + path, query)
            return 200, "application/json", json.dumps(data).encode()
        if path in self.html:
            return 200, "text/html; charset=utf-8", b"<html><body>Anmeldung</body></html>"
        if path in self.files:
            return 200, "application/pdf", self.files[path]
        return 404, "text/plain", b"not found"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                parts = urlsplit(self.path)
                with server.lock:
                    server.requests.append(self.path)
                    failing = server.errors.get(parts.path, 0)
                    if failing:
                        server.errors[parts.path] = failing - 1
                if parts.path in server.stall:
                    time.sleep(server.stall[parts.path])
                if failing:
                    return self._answer(500, "text/plain", b"internal error")
                if parts.path in server.missing:
                    return self._answer(404, "text/plain", b"not found")
                status, kind, body = server.route(parts.path, parse_qs(parts.query))
                etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                pdf = status == 200 and kind == "application/pdf"
                if pdf and self.headers.get("If-Modified-Since"):
                    with server.lock:
                        server.since_headers.append(self.headers["If-Modified-Since"])
                if pdf and self.headers.get("If-None-Match") == etag:
                    with server.lock:
                        server.conditional += 1
                    return self._answer(304, kind, b"", etag)
                self._answer(status, kind, body, etag if kind == "application/pdf" else None)

            def _answer(self, status: int, kind: str, body: bytes, etag: str | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    if etag:
                        self.send_header("ETag", etag)
                        self.send_header("Last-Modified", "Tue, 12 Mar 2024 09:00:00 GMT")
                    self.end_headers()
                    if body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the stall test)

        return Handler
