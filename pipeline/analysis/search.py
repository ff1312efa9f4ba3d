"""Full-text search over the corrected page text, finding German word forms and compounds.

The store indexes every page in the FTS5 table `pages_fts` (unicode61, diacritics removed). A
query word is reduced to its stem and widened to the indexed terms it stands for, read from the
index's own vocabulary: inflected forms and the compounds it begins or closes, so that
"Digitalisierung" finds "Digitalisierungsstrategie" and "Strategie" finds "Radverkehrsstrategie".
"""

from __future__ import annotations

import logging
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from typing import Any

from pipeline.analysis.text import fold

log = logging.getLogger(__name__)

# Inflection endings stripped from a query word before it is used as a prefix, longest first;
# a stem keeps at least four letters so that short words are not widened into noise.
_ENDINGS = ("ungen", "innen", "ern", "en", "er", "es", "em", "e", "n", "s")
# What may follow a word inside a compound or as an inflection: linking elements and endings.
_TAILS = ("", "e", "en", "er", "ern", "es", "n", "s", "ns", "nen")
_WORD = re.compile(r"\w+", re.UNICODE)
HIT_START, HIT_END = "\x02", "\x03"  # default snippet markers; the CLI turns them into highlighting


def fts_fold(word: str) -> str:
    """Fold like FTS5's unicode61 tokenizer with remove_diacritics: lower, no accents, ß kept."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str, folder: Callable[[str], str] = fold) -> str:
    """A folded word without its inflection ending: "Strategien" → "strategi"."""
    word = folder(word)
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def has_words(query: str) -> bool:
    """Whether a search query holds anything to search for (`fts_query` needs a word)."""
    return _WORD.search(query) is not None


def expand(conn: sqlite3.Connection, word: str) -> list[str]:
    """Indexed terms a query word stands for, found in the index's vocabulary.

    Its inflected forms and compounds it begins ("Digitalisierung" → "digitalisierungsstrategie")
    or closes ("Strategie" → "radverkehrsstrategie"). Short stems are held back: "Schulen" finds
    "Schulentwicklung" (a compound part of 4+ letters follows) but not "Schulden", and a stem
    under four letters ("Rat") only takes endings, never a compound.
    """
    base = stem(word, fts_fold)
    _vocabulary(conn)
    terms = [f'"{base}"*'] if len(base) >= 6 else [f'"{base}"']
    rows = conn.execute(
        "SELECT term FROM temp.council_vocab WHERE term LIKE ? LIMIT 5000", (f"%{base}%",)
    )
    for (term,) in rows:
        if term.startswith(base):
            tail = term[len(base) :]
            keep = len(base) < 6 and (tail in _TAILS or (len(base) >= 4 and len(tail) >= 4))
        else:
            tail = term[term.rfind(base) + len(base) :]
            keep = len(base) >= 6 or (len(base) >= 4 and tail in _TAILS)
        if keep and term != base:
            terms.append(f'"{term}"')
    return terms


def _vocabulary(conn: sqlite3.Connection) -> None:
    """Expose the index's terms as the table temp.council_vocab (once per connection)."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.council_vocab "
        "USING fts5vocab(main, pages_fts, row)"
    )


def fts_query(conn: sqlite3.Connection, query: str) -> str:
    """An FTS5 MATCH expression: every word (or "quoted phrase") must occur in a page.

    Only \\w+ runs of the query reach the expression, so it cannot carry FTS5 syntax. Raises
    ValueError when the query has no words.
    """
    if not has_words(query):
        raise ValueError("the search query has no words")
    parts = []
    for phrase, bare in re.findall(r'"([^"]+)"|(\S+)', query):
        if phrase:
            words = [fts_fold(w) for w in _WORD.findall(phrase)]
            if words:
                parts.append('"' + " ".join(words) + '"')
            continue
        for word in _WORD.findall(bare):
            parts.append("(" + " OR ".join(expand(conn, word)) + ")")
    return " AND ".join(parts)


def search(
    conn: sqlite3.Connection,
    query: str,
    limit: int = 20,
    marks: tuple[str, str] = (HIT_START, HIT_END),
) -> list[dict[str, Any]]:
    """Pages whose corrected text matches, best first, with a snippet per page.

    `marks` enclose each hit in the snippet. Raises ValueError for an empty query.
    """
    rows = conn.execute(
        "SELECT p.document_id, p.number AS page, d.reference, d.title, d.type, d.date, "
        "snippet(pages_fts, 0, ?, ?, '…', 16) AS snippet, bm25(pages_fts) AS score "
        "FROM pages_fts JOIN pages p ON p.rowid = pages_fts.rowid "
        "LEFT JOIN documents d ON d.id = p.document_id "
        "WHERE pages_fts MATCH ? ORDER BY bm25(pages_fts) LIMIT ?",
        (*marks, fts_query(conn, query), min(int(limit), 2**63 - 1)),
    )
    return [dict(r) for r in rows]
