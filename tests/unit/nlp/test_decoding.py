from __future__ import annotations

from pathlib import Path

import pytest

from nlp.decoding import decode_bytes, html_to_text
from nlp.errors import (
    BinaryDocument,
    DocumentTooLarge,
    EmptyDocument,
    ExtractionError,
    NotChineseDocument,
    TruncatedDocument,
)
from nlp.extract import extract_file, extract_many

TEXT = "原告：张三，男。被告：某某有限公司，住所地北京市。原告与被告民间借贷纠纷一案"

ENCODINGS = [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8 BOM", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ("gbk", TEXT.encode("gbk")),
    ("gb18030", TEXT.encode("gb18030")),
    ("utf-16", TEXT.encode("utf-16")),
    ("crlf", TEXT.replace("。", "。\r\n").encode("utf-8")),
]


@pytest.mark.parametrize(("label", "data"), ENCODINGS)
def test_decodes(label: str, data: bytes) -> None:
    assert decode_bytes(data, label).replace("\n", "") == TEXT


BAD = [
    (b"", EmptyDocument),
    (b"   \n\t ", EmptyDocument),
    (b"%PDF-1.4 \x00\x01", BinaryDocument),
    (b"\x00\x01\x02\x03" * 100, BinaryDocument),
    (b"hello world, this is English only", NotChineseDocument),
    (TEXT.encode("utf-8")[:-1], TruncatedDocument),
    (b"PK\x03\x04 docx", BinaryDocument),
]


@pytest.mark.parametrize(("data", "error"), BAD)
def test_bad_input(data: bytes, error: type[ExtractionError]) -> None:
    with pytest.raises(error) as info:
        decode_bytes(data, "x.txt")
    assert "x.txt" in str(info.value)


def test_huge(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes("中".encode() * 3_000_000)
    with pytest.raises(DocumentTooLarge, match=r"big\.txt"):
        extract_file(big)


def test_html_gbk() -> None:
    page = ('<html><head><meta charset="gbk"><script>var a="罚款";</script></head><body>'
            "<p>行政处罚信息公开表</p><table><tr><td>行政处罚决定书文号</td><td>沪银监罚决字〔2016〕3号</td></tr>"
            "</table></body></html>").encode("gbk")
    text = decode_bytes(page)
    assert "var a" not in text
    assert "行政处罚决定书文号\t沪银监罚决字〔2016〕3号" in text


def test_html_entities() -> None:
    assert html_to_text("<p>人民币&nbsp;5&#19975;元</p>").strip() == "人民币 5万元"


def test_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(TEXT, encoding="gbk")
    (tmp_path / "c.txt").write_bytes(b"\x00\xff" * 50)
    results = dict(extract_many([tmp_path]))
    assert isinstance(results[tmp_path / "a.txt"], EmptyDocument)
    assert isinstance(results[tmp_path / "c.txt"], BinaryDocument)
    good = results[tmp_path / "b.txt"]
    assert not isinstance(good, Exception)
    assert [p.name for p in good.parties] == ["张三", "某某有限公司"]
