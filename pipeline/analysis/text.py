"""Text folding for comparing names and searching: one form for "Ausschuß für Umwelt",
"AUSSCHUSS FÜR UMWELT" and "Ausschuss  fur Umwelt", used by the OParl adapter, the queries,
the search and the exports alike (so a body matches the same way everywhere)."""

from __future__ import annotations

import unicodedata

_GERMAN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def fold(text: str | None) -> str:
    """Lower case without diacritics and with single spaces: the form names are compared in."""
    if not text:
        return ""
    plain = text.lower().translate(_GERMAN)
    if not plain.isascii():  # rarer letters (é, č, …): decompose and drop the accents
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())
