"""The document text behind a spaCy `Doc`, shared by the extraction components."""

from __future__ import annotations

import re

from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """The document text, kept once: `Doc.text` rebuilds it from the tokens on every access."""
    if "council_text" not in doc.user_data:
        doc.user_data["council_text"] = doc.text
    return str(doc.user_data["council_text"])


# spaCy's tokenizer is quadratic in the length of one token (its suffix search rescans the
# token once per character); council forms have signature lines of thousands of underscores
LONG_TOKEN = 64
_LONG = re.compile(rf"\S{{{LONG_TOKEN + 1},}}")
# spaCy refuses texts over its `max_length` (10**6) and needs ~1 kB of memory per character:
# longer documents go through the pipeline in chunks cut at paragraph, line or word boundaries
CHUNK = 100_000


def long_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of non-space characters longer than LONG_TOKEN."""
    return [m.span() for m in _LONG.finditer(text)]


def chunks(text: str, limit: int = CHUNK) -> list[tuple[int, int]]:
    """Cut `text` into (start, end) pieces of at most `limit` characters, at the last page break
    or blank line before the limit, else the last line break, else the last space, else hard."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = -1
        for sep in ("\f", "\n\n", "\n", " "):
            cut = text.rfind(sep, start + limit // 2, end)
            if cut > start:
                cut += len(sep)
                break
        end = cut if cut > start else end
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out
