"""The header zone of a council document as a form: lines, letterhead, label–value pairs.

Council information systems print a form block above the matter ("Vorlage: …", "Datum: …").
In a PDF's text layer (and in OCR read row by row) a two-column block often comes out as all
labels first and all values after them, or label and value on one line; `form_fields` pairs
them in both layouts. What a label means (reference, date, title, …) and how a value must look
come from dictionaries/extraction/metadata.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract import resources

HEADER_LINES = 45  # non-blank lines read as the header zone
BLANKS = " \t\u00a0\u200b"


@dataclass(frozen=True)
class Line:
    index: int  # position among the non-blank lines
    text: str
    cells: tuple[str, ...] = ()  # the row's cells, where gaps, tabs or "|" part them


@dataclass(frozen=True)
class Field:
    kind: str  # reference, date, meeting_date, title, submitter, … (keys of "labels")
    label: str
    value: str
    line: int  # index of the value's line
    paired: str  # "inline", "next" or "block": how the value was found


@cache
def data() -> dict:
    return resources.load("metadata")


@cache
def _label_res() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """(kind, bare label line, label with an inline value) per kind, longest labels first."""
    out = []
    for kind, labels in data()["labels"].items():
        if kind.startswith("_"):
            continue
        alt = "|".join(sorted(labels, key=len, reverse=True))
        bare = re.compile(rf"^\W{{0,3}}(?P<label>{alt})\s*[:.]?\s*$", re.I)
        inline = re.compile(rf"^\W{{0,3}}(?P<label>{alt})\s*:\s*(?P<value>\S.*)$", re.I)
        out.append((kind, bare, inline))
    return out


@cache
def _any_label() -> re.Pattern[str]:
    """Any label followed by ':' inside a line ("Gremium: X Beschlussart: vertagt")."""
    labels = [x for k, v in data()["labels"].items() if not k.startswith("_") for x in v]
    alt = "|".join(sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<=\s)(?:{alt})\s*:(?=\s|$)")


@cache
def _letterhead() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in data()["letterhead"]["patterns"]))


@cache
def type_heading() -> re.Pattern[str]:
    """A line that is only a type word ("Anfrage", "Beschlussvorlage"): a heading."""
    words = data()["reference"]["heading_words"]
    return re.compile(rf"\W{{0,3}}{words}\W{{0,3}}", re.I)


@cache
def kind_value() -> re.Pattern[str]:
    """The value of a "Vorlagenart"/"Art" field: the council system's own name of the type."""
    return re.compile(data()["kind_value"], re.I)


@cache
def ref_shape() -> re.Pattern[str]:
    return re.compile(data()["reference"]["shape"])


DATE_SHAPE = re.compile(
    r"\b\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zäöü]{2,8}\.?)\s?(?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b"
)


LETTER_SPACED = re.compile(r"(?<!\S)(?:\w ){3,}\w(?!\S)")
SPACED_SEGMENT = re.compile(r"(?:\S )+\S")  # every character on its own: "C D U - F r a k t i o n"
WORD_GAP = re.compile(r"[ \t\u00a0]{2,}")  # a wider gap: words of a spaced-out heading
CELL_GAP = re.compile(r"\s*\|\s*|\t\s*|[ \u00a0]{3,}")  # between the cells of a table row


def _close_up(line: str) -> str:
    """A spaced-out heading closed up, word by word: "K l e i n e   A n f r a g e" →
    "Kleine Anfrage" (the wider gaps part the words), "B E S C H L U S S" → "BESCHLUSS"."""
    parts = []
    for seg in WORD_GAP.split(line):
        seg = re.sub(r"[ \t\u00a0]+", " ", seg)
        if SPACED_SEGMENT.fullmatch(seg) and sum(ch.isalpha() for ch in seg) >= 3:
            seg = seg.replace(" ", "")
        parts.append(LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), seg))
    return " ".join(parts)


def header(text: str, limit: int = HEADER_LINES) -> list[Line]:
    """The first non-blank lines, stripped, spaced-out headings closed up
    ("N i e d e r s c h r i f t"): the zone where headings and form blocks stand."""
    out: list[Line] = []
    for raw in text.split("\n"):
        line = raw.strip(BLANKS)
        if line:
            cells = tuple(c for c in (_close_up(c) for c in CELL_GAP.split(line)) if c)
            line = _close_up(line)
            out.append(Line(len(out), line, cells if len(cells) > 1 else ()))
            if len(out) >= limit:
                break
    return out


@cache
def _opens_with_type() -> re.Pattern[str]:
    words = data()["reference"]["heading_words"]
    return re.compile(rf"^\W{{0,3}}{words}\b|{data()['letterhead']['not_if_opens']}", re.I)


def is_letterhead(line: str) -> bool:
    """A sender's or office line ("Der Oberbürgermeister", "Gedruckt auf Recyclingpapier"),
    never a line that opens with a type word ("Antrag der Fraktion … im Rat der Stadt …")."""
    return _letterhead().search(line) is not None and not _opens_with_type().match(line)


def is_prose(line: str) -> bool:
    """A sentence of running text rather than a form value or heading."""
    return len(line) > 90 or bool(re.search(r"[a-zäöüß]{2}[.!?]\s+[A-ZÄÖÜ]", line))


def bare_label(line: str) -> tuple[str, str] | None:
    """(kind, label) when the line is only a label ("Datum", "Vorlage Nr.:")."""
    for kind, bare, _ in _label_res():
        m = bare.match(line)
        if m:
            return kind, m.group("label")
    return None


def inline_fields(line: str) -> list[tuple[str, str, str]]:
    """(kind, label, value) for "Label: value" lines, several labels per line allowed, also
    beside a letterhead column on the same row ("Der Bürgermeister Datum: 14.03.2023")."""
    starts = [m.start() for m in _any_label().finditer(line)]
    # a label inside a longer one ("Nr." of "Vorlage Nr.:") starts no field of its own
    starts = [p for p in starts if not _inside_label(line, p)]
    parts = [0, *starts, len(line)]
    out: list[tuple[str, str, str]] = []
    for a, b in zip(parts, parts[1:], strict=False):
        chunk = line[a:b].strip()
        for kind, bare, inline in _label_res():
            m = inline.match(chunk)
            if m:
                out.append((kind, m.group("label"), m.group("value").strip()))
                break
            spaced = _spaced(kind, bare, chunk)
            if spaced:
                out.append(spaced)
                break
        else:
            if not out and not is_letterhead(chunk):
                return []  # the line opens with running text: a label inside it is no field
    return out


def _inside_label(line: str, p: int) -> bool:
    """Whether the label found at p is the tail of a longer one that opens a word or two
    before it ("Nr." of "Vorlage Nr.: 123"): then no field starts at p."""
    words = [m.start() for m in re.finditer(r"\S+", line[:p])][-2:]
    for start in words:
        for _, _, inline in _label_res():
            m = inline.match(line[start:])
            if m and start + m.end("label") > p:
                return True
    return False


def _spaced(kind: str, bare: re.Pattern[str], chunk: str) -> tuple[str, str, str] | None:
    """ "Datum 14.03.2023": label and value in two columns of one row, without a colon; only
    for kinds whose value has a fixed shape (a date, a number)."""
    if kind not in ("date", "meeting_date", "reference", "cited"):
        return None
    words = chunk.split(" ")
    for k in range(1, min(4, len(words))):
        label, value = " ".join(words[:k]), " ".join(words[k:])
        m = bare.match(label)
        if m and accepts(kind, value):
            return kind, m.group("label"), value
    return None


def accepts(kind: str, value: str) -> bool:
    """Whether a value line can be the value of a label of this kind."""
    if bare_label(value):
        return False
    if kind in ("date", "meeting_date"):
        return bool(DATE_SHAPE.search(value)) and len(value) < 60
    if kind == "kind":
        return bool(kind_value().fullmatch(value.strip()))
    if kind in ("reference", "cited"):
        v = value.strip()
        return bool(ref_shape().fullmatch(v) or re.fullmatch(r"\d{1,6}[a-z]?", v))
    if is_prose(value) and kind not in ("title",):
        return False
    looks_fixed = DATE_SHAPE.fullmatch(value.strip()) or ref_shape().fullmatch(value.strip())
    return not looks_fixed and value.lower() not in ("öffentlich", "nichtöffentlich")


@cache
def _leading_label() -> re.Pattern[str]:
    labels = [x for k, v in data()["labels"].items() if not k.startswith("_") for x in v]
    alt = "|".join(sorted(labels, key=len, reverse=True))
    return re.compile(rf"[\W_]{{0,3}}(?:{alt})\s*[:.]?(?=\s|$|\|)\s*", re.I)


def label_row(line: Line) -> list[tuple[str, str]] | None:
    """(kind, label) of each cell when the line is a row of two or more bare labels ("Vorlage-Nr.
    Datum Status", a table's head row): a column layout read row by row, whose values come in
    the next row in the same order."""
    if line.cells:
        labels = [bare_label(c) for c in line.cells]
        return labels if len(labels) > 1 and all(labels) else None  # type: ignore[return-value]
    found: list[tuple[str, str]] = []
    colons = []
    rest = line.text
    while rest:
        m = _leading_label().match(rest)
        if not m or not m.group(0).strip():
            return None
        label = bare_label(m.group(0).strip(" |"))
        if label is None:
            return None
        found.append(label)
        colons.append(":" in m.group(0))
        rest = rest[m.end() :]
    if any(colons) and not all(colons):
        return None  # "Vorlagenart: Drucksache": a label and its value, which is a label word
    return found if len(found) > 1 else None


def row_values(line: Line, labels: list[tuple[str, str]]) -> list[str]:
    """The values of a row under a row of labels: cell by cell where the row has as many cells
    (or words) as labels; else, for labels of fixed-shape values (a number, a date), the first
    word of that shape, in order."""
    if len(line.cells) == len(labels):
        return list(line.cells)
    words = line.text.split(" ")
    if len(words) == len(labels):
        return words
    out, k = [], 0
    for kind, _ in labels:
        value = ""
        if kind in ("reference", "date", "meeting_date", "cited"):
            for j in range(k, len(words)):
                if accepts(kind, words[j]):
                    value, k = words[j], j + 1
                    break
        out.append(value)
    return out


def form_fields(lines: list[Line], type_heading: re.Pattern[str] | None = None) -> list[Field]:
    """Label–value pairs of the header's form block, in whatever order the text gives them.

    A label with its value on the line is taken as it stands; a bare label waits for the first
    later line its kind accepts (a date for "Datum", a number for "Vorlage"), so that columns
    read as labels-then-values pair up; a value right under a single label goes to that label
    ("Bezug:" / "0123/2009" under a type heading still waiting for its number). A bare type
    heading ("Anfrage") waits for a number, because systems print the document's number under
    it. A row of labels ("Vorlage-Nr.  Datum") gives its values from the next row, cell by
    cell. Running text ends the block.
    """
    out: list[Field] = []
    pending: list[tuple[str, str]] = []
    after_value = False  # a label after a value opens a new run of labels
    run = 0  # bare labels (not type headings) in a row just above this line
    row: list[tuple[str, str]] | None = None  # a row of labels just above this line
    for ln in lines:
        above, run = run, 0
        labels, row = row, label_row(ln)
        if row:
            continue
        if labels:
            by_cell = [
                Field(kind, label, v, ln.index, "row")
                for (kind, label), v in zip(labels, row_values(ln, labels), strict=True)
                if v and accepts(kind, v)
            ]
            if by_cell:
                out.extend(by_cell)
                continue
        found = inline_fields(ln.text)
        if found:
            out.extend(Field(k, lab, v, ln.index, "inline") for k, lab, v in found)
            continue
        if is_letterhead(ln.text):
            continue
        bare = bare_label(ln.text)
        heading = type_heading is not None and type_heading.fullmatch(ln.text)
        if heading and any(k == "kind" and accepts(k, ln.text) for k, _ in pending):
            heading = None  # "Vorlageart" … "Antrag": the value of a pending type field
        if bare or heading:
            if after_value:
                pending.clear()
            after_value = False
            pending.append(bare or ("reference", ln.text))
            run = above + 1 if bare else above  # a type heading neither counts nor breaks it
            continue
        order = list(range(len(pending)))
        if above == 1 and pending:
            order = [len(pending) - 1, *order[:-1]]
        for i in order:
            kind, label = pending[i]
            if accepts(kind, ln.text):
                paired = "next" if i == len(pending) - 1 else "block"
                out.append(Field(kind, label, ln.text, ln.index, paired))
                del pending[i]
                after_value = True
                break
        else:
            if is_prose(ln.text):
                pending.clear()
    return out
