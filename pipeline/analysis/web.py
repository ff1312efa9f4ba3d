"""The browser view: Datasette on the store, read-only, with canned analyst queries.

Datasette serves the database file immutable (no writes, no locks), so a running web view never
gets in the way of `council ingest` or `council track`; it shows the state of the moment it
started (restart it to see later changes). Canned queries answer the Beschlusskontrolle
questions (open, overdue, by body, by requester), facets summarise the obligations table, and
full-text search over the corrected page text uses the store's FTS5 index.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from pipeline.analysis.query import EFFECTIVE_DUE, NOT_CLOSED, open_db
from pipeline.errors import StoreError

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_PORT = 8001

# The columns of a Beschlusskontrolle: who asked, when, which paper, what about, who must act,
# by when, where it stands.
_COLUMNS = f"""o.id, o.requester, o.document_date, o.reference, o.topic, o.text, o.actor,
    {EFFECTIVE_DUE} AS deadline, o.deadline_text, o.status, o.status_note, o.document_id"""
_ORDER = f"ORDER BY {EFFECTIVE_DUE} IS NULL, {EFFECTIVE_DUE}, o.id"
_OVERDUE = f"{EFFECTIVE_DUE} < date('now', 'localtime') AND {NOT_CLOSED}"

QUERIES: dict[str, dict[str, Any]] = {
    "open_obligations": {
        "title": "Open obligations",
        "description": "Everything not done or dropped, the earliest deadline first.",
        "hide_sql": True,
        "sql": f"SELECT {_COLUMNS} FROM obligations o WHERE {NOT_CLOSED} {_ORDER}",
    },
    "overdue": {
        "title": "Overdue obligations",
        "description": "Deadline (or the due date set by tracking) passed; not done or dropped.",
        "hide_sql": True,
        "sql": f"SELECT {_COLUMNS} FROM obligations o WHERE {_OVERDUE} {_ORDER}",
    },
    "by_body": {
        "title": "Obligations of a body",
        "description": "Obligations whose responsible body contains the text (e.g. Umwelt).",
        "hide_sql": True,
        "sql": f"SELECT {_COLUMNS} FROM obligations o "
        f"WHERE o.actor LIKE '%' || :body || '%' {_ORDER}",
    },
    "by_requester": {
        "title": "Obligations by requester",
        "description": "Obligations requested by a faction or body containing the text.",
        "hide_sql": True,
        "sql": f"SELECT {_COLUMNS} FROM obligations o "
        f"WHERE o.requester LIKE '%' || :requester || '%' {_ORDER}",
    },
    "bodies_overview": {
        "title": "Obligations per body",
        "description": "How many obligations each body has, how many are open and overdue.",
        "hide_sql": True,
        "sql": "SELECT o.actor, count(*) AS obligations, "
        f"sum({NOT_CLOSED}) AS open, "
        f"sum({_OVERDUE}) AS overdue "
        "FROM obligations o GROUP BY o.actor ORDER BY open DESC, o.actor",
    },
    "search_pages": {
        "title": "Search the corrected text",
        "description": "FTS5 query over page text (a trailing * matches word beginnings).",
        "sql": "SELECT p.document_id, p.number AS page, d.reference, d.title, "
        "snippet(pages_fts, 0, '[', ']', '…', 16) AS snippet "
        "FROM pages_fts JOIN pages p ON p.rowid = pages_fts.rowid "
        "LEFT JOIN documents d ON d.id = p.document_id "
        "WHERE pages_fts MATCH :query ORDER BY rank LIMIT 100",
    },
}


def metadata(name: str) -> dict[str, Any]:
    """Datasette metadata for a database served under `name` (the file's stem)."""
    return {
        "title": "Council obligations",
        "description": "Obligations, deadlines and bodies extracted from council records "
        "by council-pipeline (read-only).",
        "databases": {
            name: {
                "queries": QUERIES,
                "tables": {
                    "obligations": {
                        "facets": ["status", "actor", "requester", "document_type"],
                        "sort": "deadline_date",
                        "label_column": "text",
                    },
                    "documents": {
                        "facets": ["type", "status"],
                        "sort_desc": "date",
                        "label_column": "title",
                    },
                    "pages": {
                        "fts_table": "pages_fts",
                        "fts_pk": "rowid",
                        "searchmode": "raw",
                    },
                    "bodies": {"facets": ["kind", "name"]},
                    "deadlines": {"facets": ["precision"]},
                    "obligation_history": {"sort_desc": "changed_at"},
                },
            }
        },
    }


def settle(path: Path) -> None:
    """Fold the WAL into the database file: an immutable reader does not look at the WAL.

    On read-only media there is nothing to fold (no batch can write there) and the file is
    served as it is. Raises StoreError when there is no readable database at `path`.
    """
    try:
        conn = open_db(path)
    except StoreError:
        open_db(path, readonly=True).close()  # readable after all: read-only media
        log.info("%s is read-only: serving it without folding its WAL", path)
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def datasette(path: Path) -> Any:
    """A configured Datasette instance serving `path` immutable."""
    from datasette.app import Datasette

    return Datasette(
        immutables=[str(path)],
        metadata=metadata(path.stem),
        settings={"default_page_size": 100, "sql_time_limit_ms": 3000, "facet_time_limit_ms": 500},
        cors=False,
    )


LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})
READ_METHODS = frozenset({"GET", "HEAD"})


def _host_name(value: str) -> str:
    """The name in a Host header, without the port ("localhost:8001" → "localhost")."""
    value = value.strip().lower()
    if value.startswith("["):  # an IPv6 literal: [::1]:8001
        return value[: value.find("]") + 1]
    return value.rsplit(":", 1)[0] if ":" in value else value


def guard(app: Any, hosts: frozenset[str] = LOCAL_NAMES) -> Any:
    """Wrap an ASGI app: only requests for `hosts` (DNS rebinding: a web page the analyst visits
    cannot reach the database under its own name) and only GET/HEAD (a read-only view has no
    write endpoints: anything else is 405, never a traceback)."""

    async def refuse(send: Any, status: int, text: str, extra: list | None = None) -> None:
        body = text.encode()
        headers = [(b"content-type", b"text/plain; charset=utf-8"),
                   (b"content-length", str(len(body)).encode()), *(extra or [])]  # fmt: skip
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):  # lifespan
            await app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if _host_name(host) not in hosts:
            log.warning("refused a request for host %r", host)
            if scope["type"] == "http":
                await refuse(send, 403, "Forbidden: unknown Host header\n")
            else:
                await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] == "http" and scope.get("method", "GET") not in READ_METHODS:
            allow = [(b"allow", b"GET, HEAD")]
            await refuse(send, 405, "Method Not Allowed: this view is read-only\n", allow)
            return
        await app(scope, receive, send)

    return asgi


def allowed_hosts(extra: tuple[str, ...] = ()) -> frozenset[str]:
    """127.0.0.1, localhost, [::1] and the host names given with `--allow-host`."""
    return LOCAL_NAMES | {_host_name(h) for h in extra if h.strip()}


def serve(path: Path, port: int = DEFAULT_PORT, hosts: tuple[str, ...] = ()) -> None:
    """Serve the database on http://127.0.0.1:PORT until interrupted (blocks).

    Requests must name 127.0.0.1, localhost or one of `hosts` in their Host header.
    """
    import uvicorn

    path = Path(path)
    settle(path)
    ds = datasette(path)
    asyncio.run(ds.invoke_startup())
    log.info("serving %s on http://%s:%d/%s", path, HOST, port, path.stem)
    app = guard(ds.app(), allowed_hosts(hosts))
    uvicorn.run(app, host=HOST, port=port, log_level="warning", lifespan="on", workers=1)
