"""Turn input files into :class:`Document` objects with exact, furniture-free segments.

Supported: ``.txt``, ``.md``, ``.html``/``.htm`` and ``.json``/``.jsonl`` records
``{"id"?, "title", "text", "url"?, "published"?, "source"?}``. A bad file raises
:class:`InputError` with the reason; a bad JSONL line is reported and the other
records of the file are still read.

Example:
    >>> from pathlib import Path
    >>> docs, problems = parse_file(Path("corpus/istanbul-talks-2025-06-02.txt"))
    >>> docs[0].title, docs[0].published
    ('Russia and Ukraine swap fire as they head to Istanbul peace talks', '2025-06-02')
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from .errors import InputError
from .types import Document

TEXT_KINDS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
RECORD_KINDS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
SUPPORTED = tuple(sorted({**TEXT_KINDS, **RECORD_KINDS}))
DEFAULT_MAX_FILE_MB = 20.0

# Page furniture: lines a web page carries around an article that are not the article.
_FURNITURE = [
    re.compile(r"^\d+\s+(second|minute|hour|day|week|month|year)s?\s+ago(\s+\d+)?$", re.I),  # "1 day ago 31"
    re.compile(r"^(read|see|view)\s+(the\s+)?(entire|full|whole|more|original)(\s+(article|story))?$", re.I),
    re.compile(r"^[\w&'’ .-]{0,40}(\s*\|\s*)+\|?$"),  # "International | | | |"
    re.compile(r"^(advertisement|sponsored|share( this( article| story)?)?|skip to (main )?content)$", re.I),
    re.compile(r"^(updated|last updated)(\s+on)?:?\s+.{4,40}$", re.I),
]
_PUBLISHED = re.compile(r"^(published|posted)(\s+on)?:?\s+(?P<date>.{6,40})$", re.I)
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d", "%d/%m/%Y")


def parse_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) from common article date formats, or None."""
    v = re.sub(r"\s+", " ", value.strip().rstrip("."))
    v = re.sub(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+", "", v, flags=re.I)
    v = re.sub(r"\s+(at\s+)?\d{1,2}:\d{2}.*$", "", v)  # drop a trailing time
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(v, fmt).date().isoformat()
        except ValueError:
            continue
    return None


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


def _plain_document(path: Path, text: str, kind: str) -> Document:
    start, meta = 0, {}
    if kind == "md" and text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            for line in text[3:end].splitlines():
                key, _, value = line.partition(":")
                if value.strip():
                    meta[key.strip().lower()] = value.strip().strip("\"'")
            nl = text.find("\n", end + 4)
            start = len(text) if nl == -1 else nl + 1
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


def html_document(path: Path, html: str) -> Document:
    """Extract the article text of an HTML page; scripts, styles and navigation are dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")

    def meta(*names: str) -> str | None:
        for n in names:
            tag = soup.find("meta", attrs={"property": n}) or soup.find("meta", attrs={"name": n})
            if tag and tag.get("content", "").strip():
                return tag["content"].strip()
        return None

    title = meta("og:title", "twitter:title")
    h1 = soup.find("h1")
    if not title and h1:
        title = h1.get_text(" ", strip=True)
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True)
    published = meta("article:published_time", "date", "pubdate", "publishdate", "dc.date")
    if not published and soup.find("time", datetime=True):
        published = soup.find("time", datetime=True)["datetime"]
    canonical = soup.find("link", rel="canonical")
    url = (canonical.get("href") if canonical else None) or meta("og:url")

    for tag in soup(
        [
            "script",
            "style",
            "noscript",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "iframe",
            "svg",
            "template",
            "button",
            "select",
            "head",
        ]
    ):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for br in root.find_all("br"):
        br.replace_with("\n")
    blocks = [
        "p",
        "div",
        "section",
        "li",
        "blockquote",
        "pre",
        "figcaption",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
    ] + [f"h{i}" for i in range(1, 7)]
    for tag in root.find_all(blocks):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    raw = root.get_text("")
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    if not text.strip():
        raise InputError("no article text after removing scripts, styles and navigation")
    if not title:
        title = text.strip().split("\n", 1)[0][:200]
    segments, line_date = scan_text(text)
    if not segments:
        raise InputError("no article text after removing scripts, styles and navigation")
    return Document(
        doc_id=slug(path.stem),
        title=title[:300],
        text=text,
        segments=segments,
        kind="html",
        origin=str(path.resolve()),
        url=url,
        path=_display_path(path),
        published=parse_date(published or "") or line_date,
        source=meta("og:site_name"),
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


def max_file_bytes() -> int:
    """The per-file (and per-record) size limit, from ASSISTANT_MAX_FILE_MB."""
    raw = os.environ.get("ASSISTANT_MAX_FILE_MB", str(DEFAULT_MAX_FILE_MB))
    try:
        mb = float(raw)
        assert mb > 0
    except (ValueError, AssertionError):
        raise InputError(f"ASSISTANT_MAX_FILE_MB={raw!r} is not a positive number of megabytes") from None
    return int(mb * 1_000_000)


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
