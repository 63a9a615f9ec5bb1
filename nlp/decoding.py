"""Bytes to text: BOMs, UTF-8, GBK/GB18030 (via charset-normalizer when unsure), HTML, bad input.

The decoded text is the reference for every span the extractors report, and its sha256 is the
document id; so decoding must be deterministic and must not depend on where the file lives.
"""

from __future__ import annotations

import codecs
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from nlp.errors import (
    BinaryDocument,
    DocumentTooLarge,
    EmptyDocument,
    NotChineseDocument,
    TruncatedDocument,
    UndecodableDocument,
)

# A long judgment is a few hundred kB; anything far larger is a concatenation or not a document,
# and would hold a worker for minutes.
MAX_BYTES = 8 * 1024 * 1024
MIN_CJK_CHARS = 8
MIN_CJK_SHARE = 0.10

_MAGIC = {
    b"%PDF": "a PDF file (convert it to text first)",
    b"PK\x03\x04": "a ZIP/DOCX/XLSX archive (convert it to text first)",
    b"\xd0\xcf\x11\xe0": "an OLE (.doc/.xls) file (convert it to text first)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
}
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HTML_SNIFF_RE = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|div|p|table|br)\b", re.I)
_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.I)
_GB_NAMES = {"gb2312", "gbk", "gb18030", "gb-2312", "cp936", "x-gbk"}


def decode_bytes(data: bytes, source: str | None = None) -> str:
    """Decode a document's bytes into normalised text, or raise an ExtractionError saying why."""
    if len(data) > MAX_BYTES:
        raise DocumentTooLarge(source, f"{len(data)} bytes exceeds the {MAX_BYTES}-byte limit")
    if not data.strip():
        raise EmptyDocument(source, "the file is empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryDocument(source, f"binary input: {what}")
    text = _decode_any(data, source)
    if _looks_like_html(data):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    _check_text(text, source)
    return text


def read_document(path: str | Path) -> str:
    """Read and decode a file; the error names the file."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise UndecodableDocument(str(p), f"cannot read: {exc.strerror or exc}") from exc
    if size > MAX_BYTES:
        raise DocumentTooLarge(str(p), f"{size} bytes exceeds the {MAX_BYTES}-byte limit")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UndecodableDocument(str(p), f"cannot read: {exc.strerror or exc}") from exc
    return decode_bytes(data, str(p))


def _decode_any(data: bytes, source: str | None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", source)
    if b"\x00" in data[:8192]:
        raise BinaryDocument(source, "binary input: NUL bytes and no UTF-16 byte-order mark")
    declared = _declared_charset(data)
    if declared in _GB_NAMES:
        return _strict(data, "gb18030", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            raise TruncatedDocument(
                source, f"UTF-8 text ends inside a multi-byte character at byte {exc.start}"
            ) from exc
    # GB18030 decodes almost any byte string, so only trust it when the result reads as Chinese.
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 1:
            raise TruncatedDocument(source, "GBK text ends inside a two-byte character") from exc
        gb = ""
    if gb and _cjk_share(gb) >= 0.3:
        return gb
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise BinaryDocument(source, "not text in any encoding charset-normalizer recognises")
    return str(best)


def _strict(data: bytes, encoding: str, source: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise TruncatedDocument(source, f"{encoding} text ends inside a character") from exc
        raise UndecodableDocument(source, f"invalid {encoding} at byte {exc.start}") from exc


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip()
    return head.startswith(b"<") and _HTML_SNIFF_RE.search(head) is not None


def _cjk_share(text: str) -> float:
    visible = sum(1 for ch in text if not ch.isspace())
    return len(_CJK_RE.findall(text)) / visible if visible else 0.0


def _check_text(text: str, source: str | None) -> None:
    if not text.strip():
        raise EmptyDocument(source, "no text after decoding")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\t")
    if controls > 8:
        raise BinaryDocument(source, f"{controls} control characters in the first 8 kB: not text")
    cjk = len(_CJK_RE.findall(text))
    if cjk < MIN_CJK_CHARS or _cjk_share(text) < MIN_CJK_SHARE:
        raise NotChineseDocument(source, f"only {cjk} Chinese characters: not a Chinese document")


_BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
    "title", "ul", "ol", "dd", "dt", "blockquote", "pre",
}
_CELL_TAGS = {"td", "th"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        body = "".join(self.parts)
        if not _CJK_RE.search(body):
            body = "".join(self._title) + "\n" + body
        return body


_BLANK_LINES_RE = re.compile(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+")
_TRAILING_RE = re.compile(r"[ \t\u3000]+\n")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line; cells of a row are tab-separated."""
    parser = _TextCollector()
    parser.feed(markup)
    parser.close()
    text = html.unescape(parser.text()).replace("\xa0", " ")
    text = _TRAILING_RE.sub("\n", text)
    text = re.sub(r"\t+", "\t", text)
    text = re.sub(r"\n\t", "\n", text)
    return _BLANK_LINES_RE.sub("\n", text).strip() + "\n"
