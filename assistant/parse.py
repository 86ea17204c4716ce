"""Turn input files into :class:`Document` objects with exact, furniture-free segments.

Supported: ``.txt``, ``.md``, ``.html``/``.htm`` and ``.json``/``.jsonl`` records
``{"id"?, "title", "text", "url"?, "published"?, "source"?}``. A bad file raises
:class:`InputError` with the reason; a bad JSONL line is reported and the other
records of the file are still read.

Libraries do the format work, each imported on first use (``assistant ask`` never loads them):
dates with ``dateparser`` (English only, nothing downloaded), markdown front matter with PyYAML,
HTML article text and page metadata with ``trafilatura``.

Example:
    >>> from pathlib import Path
    >>> docs, problems = parse_file(Path(CORPUS) / "istanbul-talks-2025-06-02.txt")
    >>> docs[0].title, docs[0].published
    ('Russia and Ukraine swap fire as they head to Istanbul peace talks', '2025-06-02')
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import InputError
from .types import Document

TEXT_KINDS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
RECORD_KINDS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
SUPPORTED = tuple(sorted({**TEXT_KINDS, **RECORD_KINDS}))

# Page furniture: lines a web page carries around an article that are not the article.
_FURNITURE = [
    re.compile(r"^\d+\s+(second|minute|hour|day|week|month|year)s?\s+ago(\s+\d+)?$", re.I),  # "1 day ago 31"
    re.compile(r"^(read|see|view)\s+(the\s+)?(entire|full|whole|more|original)(\s+(article|story))?$", re.I),
    re.compile(r"^[\w&'’ .-]{0,40}(\s*\|\s*)+\|?$"),  # "International | | | |"
    re.compile(r"^(advertisement|sponsored|share( this( article| story)?)?|skip to (main )?content)$", re.I),
    re.compile(r"^(updated|last updated)(\s+on)?:?\s+.{4,40}$", re.I),
]
_PUBLISHED = re.compile(r"^(published|posted)(\s+on)?:?\s+(?P<date>.{6,40})$", re.I)

# dateparser, English only, absolute dates only: no "3 hours ago" (relative to today), no bare timestamps
# (their date depends on the machine's time zone), and a day, a month and a year are all required.
_DATEPARSER_SETTINGS = {
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_DATE_PARSER_LOCK = threading.Lock()
_DATE_PARSER: Any = None  # one dateparser.date.DateDataParser, built on first use (import + English data: ~0.15 s)


def _date_parser() -> Any:
    global _DATE_PARSER
    with _DATE_PARSER_LOCK:
        if _DATE_PARSER is None:
            from dateparser.date import DateDataParser

            _DATE_PARSER = DateDataParser(languages=["en"], settings=_DATEPARSER_SETTINGS)
        return _DATE_PARSER


def parse_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) from an article date in English, or None.

    The date is the one written (a time zone offset does not move it); text that is not a full date,
    or is relative to today, gives None.

    Example:
        >>> [parse_date(v) for v in ("2 Jun 2025", "June 2, 2025", "2025-06-02T23:30:00-05:00")]
        ['2025-06-02', '2025-06-02', '2025-06-02']
        >>> parse_date("Monday, 2 June 2025 at 10:00"), parse_date("3 hours ago"), parse_date("soon")
        ('2025-06-02', None, None)
    """
    v = re.sub(r"\s+", " ", value.strip())
    if not v or len(v) > 100 or not re.search(r"\d", v):
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}", v):  # ISO 8601, the usual machine form (JSONL feeds): no dateparser needed
        try:
            return datetime.fromisoformat(v.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
    found = _date_parser().get_date_data(v).date_obj
    return found.date().isoformat() if found else None


def _lines(text: str, start: int = 0) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) for each line of ``text`` from ``start``; end excludes the newline."""
    pos = start
    for line in text[start:].splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, pos + len(body), body
        pos += len(line)


def is_furniture(line: str) -> bool:
    """True for a page-furniture line ("1 day ago 31", "Read Entire Article", "World | | |")."""
    s = line.strip()
    return bool(s) and any(p.match(s) for p in _FURNITURE)


def scan_text(text: str, start: int = 0) -> tuple[tuple[tuple[int, int], ...], str | None]:
    """Content segments of ``text`` (furniture and date lines excluded) and the published date."""
    segments: list[tuple[int, int]] = []
    published: str | None = None
    seg_start: int | None = None
    seg_end = 0
    for s, _e, line in _lines(text, start):
        stripped = line.strip()
        m = _PUBLISHED.match(stripped)
        date = parse_date(m.group("date")) if m else None
        if date or is_furniture(stripped):
            published = published or date
            if seg_start is not None:
                segments.append((seg_start, seg_end))
                seg_start = None
            continue
        if stripped:
            lead = len(line) - len(line.lstrip())
            if seg_start is None:
                seg_start = s + lead
            seg_end = s + len(line.rstrip())
    if seg_start is not None:
        segments.append((seg_start, seg_end))
    return tuple(segments), published


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                "(split it, or raise ASSISTANT_MAX_FILE_MB)"
            )
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("file disappeared during the ingest (deleted or moved?)") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file") from None
    except PermissionError:
        raise InputError("permission denied: make the file readable") from None
    if len(data) > max_bytes:
        raise InputError(f"file grew past the {max_bytes / 1e6:.0f} MB limit while being read")
    return data


def _decode(data: bytes) -> str:
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:65536]:
        raise InputError("binary file (contains NUL bytes); only UTF-8 text, HTML and JSON/JSONL are ingested")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}): re-save the file as UTF-8"
        ) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:65536]) // 100):
        raise InputError("binary file (mostly control characters); only text is ingested")
    return text


def slug(value: str) -> str:
    """A document id made of safe characters, e.g. 'istanbul-talks-2025-06-02'."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-._")
    return s[:120] or hashlib.sha1(value.encode()).hexdigest()[:12]


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def _meta_value(value: object) -> str | None:
    """A front-matter value as text: dates as YYYY-MM-DD, other scalars as written; lists and mappings are ignored."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def front_matter(text: str) -> tuple[dict[str, str], int]:
    r"""The YAML front matter of a markdown text (keys lower-cased) and where the body starts.

    A block that is not a YAML mapping is still skipped; its ``key: value`` lines are read one by one
    instead (so ``title: Talks: day two`` still gives a title).

    Example:
        >>> front_matter("---\ntitle: Talks\npublished: 2025-06-02\n---\nBody.\n")
        ({'title': 'Talks', 'published': '2025-06-02'}, 43)
        >>> front_matter("---\ntitle: Talks: day two\n---\nBody.\n")[0]
        {'title': 'Talks: day two'}
        >>> front_matter("No front matter.\n")
        ({}, 0)
    """
    if not text.startswith("---"):
        return {}, 0
    end = text.find("\n---", 3)
    if end == -1:
        return {}, 0
    nl = text.find("\n", end + 4)
    start = len(text) if nl == -1 else nl + 1
    block = text[3:end]
    import yaml

    try:
        data = yaml.safe_load(block)
    except (yaml.YAMLError, ValueError):  # ValueError: an impossible date such as 2025-06-31
        data = None
    if isinstance(data, dict):
        pairs = [(str(k), _meta_value(v)) for k, v in data.items()]
    else:  # not a mapping (or invalid YAML): read the simple "key: value" lines
        pairs = []
        for line in block.splitlines():
            key, _, value = line.partition(":")
            pairs.append((key, value.strip().strip("\"'") or None))
    return {k.strip().lower(): v for k, v in pairs if v}, start


def _plain_document(path: Path, text: str, kind: str) -> Document:
    meta, start = front_matter(text) if kind == "md" else ({}, 0)
    segments, published = scan_text(text, start)
    if not segments:
        raise InputError("no article text (only blank or page-furniture lines)")
    title = meta.get("title")
    if not title:
        first = text[segments[0][0] : segments[0][1]].split("\n", 1)[0]
        heading = next((ln for _, _, ln in _lines(text, start) if ln.startswith("# ")), None) if kind == "md" else None
        title = (heading or first).lstrip("#").strip()
    published = parse_date(meta.get("published") or meta.get("date") or "") or published
    return Document(
        doc_id=slug(path.stem),
        title=title[:300],
        text=text,
        segments=segments,
        kind=kind,
        origin=str(path.resolve()),
        url=meta.get("url") or None,
        path=_display_path(path),
        published=published,
        source=meta.get("source") or None,
    )


# trafilatura's output tree (its XML format): block elements become paragraphs, <lb/> a line break,
# table cells are separated by a space, anything else is inline text.
_HTML_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "code", "table", "row", "graphic", "note", "div"})
_HTML_OPTIONS = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "deduplicate": False,
    "favor_recall": True,  # article text is cited, so losing a paragraph is worse than keeping a stray line
    # navigation is dropped before extraction, so that trafilatura's whole-page fallback (short pages) skips it too
    "prune_xpath": [
        "//nav",
        "//aside",
        "//footer",
        "//form",
        "//header[not(ancestor::article or ancestor::main)]",
        "//*[@role='navigation' or @role='banner' or @role='contentinfo']",
    ],
}


def _tree_text(element: Any, out: list[str]) -> None:
    """Append the text of trafilatura's output ``element`` to ``out``: blank lines around blocks, newlines for <lb/>."""
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in _HTML_BLOCKS
    if tag == "lb":
        out.append("\n")
    elif block:
        out.append("\n\n")
    out.append(element.text or "")
    for child in element:
        _tree_text(child, out)
        out.append(child.tail or "")
    if block:
        out.append("\n\n")
    elif tag == "cell":
        out.append(" ")


def html_document(path: Path, html: str) -> Document:
    """Extract the article text of an HTML page with trafilatura; scripts, styles, navigation and comments are dropped.

    ``Document.text`` is the extracted article (paragraphs separated by a blank line, ``<br>`` kept as a
    line break); every segment offset points into it. Title, date, canonical URL and ``og:site_name``
    come from the page's metadata.
    """
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    tree = load_html(html)
    # dates: the page's declared ones (meta tags, <time>, JSON-LD, URL), never one guessed from the article text
    dates = {"extensive_search": False, "original_date": True}  # a fresh dict: trafilatura adds the page URL to it
    result = bare_extraction(tree, **_HTML_OPTIONS, date_extraction_params=dates) if tree is not None else None
    if result is None or result.body is None:
        raise InputError("no article text after removing scripts, styles and navigation")

    def head_attr(xpath: str) -> str | None:
        return next((v.strip() for v in tree.xpath(xpath) if isinstance(v, str) and v.strip()), None)

    # today's precedence: <link rel=canonical> as written, then trafilatura's URL (og:url, <base>, ...)
    url = head_attr("//link[@rel='canonical']/@href") or result.url
    source = head_attr("//meta[@property='og:site_name' or @name='og:site_name']/@content")

    out: list[str] = []
    _tree_text(result.body, out)
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in "".join(out).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    segments, line_date = scan_text(text)
    if not segments:
        raise InputError("no article text after removing scripts, styles and navigation")
    title = result.title or text.strip().split("\n", 1)[0][:200]
    return Document(
        doc_id=slug(path.stem),
        title=title[:300],
        text=text,
        segments=segments,
        kind="html",
        origin=str(path.resolve()),
        url=url,
        path=_display_path(path),
        published=parse_date(result.date or "") or line_date,
        source=source,
    )


def record_document(record: object, path: Path, kind: str) -> Document:
    """A JSON record ``{"id"?, "title", "text", "url"?, "published"?, "source"?}`` as a Document."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("record has no non-empty 'text' string")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(f"'title' must be a string, got {type(title).__name__}")
    segments, line_date = scan_text(text)
    if not segments:
        raise InputError("record text is only page furniture")
    title = (title or text[segments[0][0] : segments[0][1]].split("\n", 1)[0]).strip()[:300]
    rid = record.get("id")
    if rid is not None and not isinstance(rid, (str, int)):
        raise InputError(f"'id' must be a string or number, got {type(rid).__name__}")
    content_hash = hashlib.sha1(f"{title}\n{text}".encode()).hexdigest()[:12]
    doc_id = slug(str(rid)) if rid not in (None, "") else f"{slug(path.stem)}-{content_hash}"
    published = record.get("published")
    url = record.get("url")
    source = record.get("source")
    return Document(
        doc_id=doc_id,
        title=title,
        text=text,
        segments=segments,
        kind=kind,
        origin=str(path.resolve()),
        url=url if isinstance(url, str) and url else None,
        path=_display_path(path),
        published=(parse_date(published) if isinstance(published, str) else None) or line_date,
        source=source if isinstance(source, str) and source else None,
    )


def max_file_bytes(settings: Settings | None = None) -> int:
    """The per-file (and per-record) size limit in bytes: ``settings.max_file_bytes`` (ASSISTANT_MAX_FILE_MB)."""
    return (settings or Settings.from_env()).max_file_bytes


def parse_file(path: Path, max_bytes: int | None = None) -> tuple[list[Document], list[tuple[str, str]]]:
    """Documents from one file, plus (where, error) for bad records inside it.

    Raises InputError when the file as a whole cannot be used.
    """
    limit = max_bytes or max_file_bytes()
    suffix = path.suffix.lower()
    if suffix in TEXT_KINDS:
        kind = TEXT_KINDS[suffix]
        text = _decode(_read_bytes(path, limit))
        return [html_document(path, text) if kind == "html" else _plain_document(path, text, kind)], []
    if suffix not in RECORD_KINDS:
        raise InputError(f"unsupported file type {suffix or '(none)'!r}: use one of {', '.join(SUPPORTED)}")
    kind = RECORD_KINDS[suffix]
    if kind == "json":
        text = _decode(_read_bytes(path, limit))
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}") from None
        records = data if isinstance(data, list) else [data]
        items = [(f"{path}#{i}", r) for i, r in enumerate(records)]
        return _records(items, path, kind)
    return _jsonl(path, limit)


def _records(items: list[tuple[str, object]], path: Path, kind: str) -> tuple[list[Document], list[tuple[str, str]]]:
    docs, problems = [], []
    for where, rec in items:
        try:
            docs.append(record_document(rec, path, kind))
        except InputError as e:
            problems.append((where, str(e)))
    if not docs and not problems:
        raise InputError("no records in the file")
    return docs, problems


def _jsonl(path: Path, limit: int) -> tuple[list[Document], list[tuple[str, str]]]:
    items: list[tuple[str, object]] = []
    problems: list[tuple[str, str]] = []
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise InputError("file disappeared during the ingest (deleted or moved?)") from None
    with f:
        head = f.read(65536)
        if b"\x00" in head:
            raise InputError("binary file (contains NUL bytes); only UTF-8 JSON lines are ingested")
        f.seek(0)
        for lineno, raw in enumerate(f, start=1):
            where = f"{path}:{lineno}"
            if not raw.strip():
                continue
            if len(raw) > limit:
                problems.append((where, f"record is {len(raw) / 1e6:.1f} MB, over the limit (ASSISTANT_MAX_FILE_MB)"))
                continue
            try:
                items.append((where, json.loads(raw.decode("utf-8-sig"))))
            except UnicodeDecodeError as e:
                problems.append((where, f"not valid UTF-8 (byte offset {e.start} in the line): re-save as UTF-8"))
            except json.JSONDecodeError as e:
                problems.append((where, f"invalid JSON at column {e.colno}: {e.msg}"))
    if not items and not problems:
        raise InputError("empty file")
    docs, more = _records(items, path, "jsonl") if items else ([], [])
    return docs, problems + more
