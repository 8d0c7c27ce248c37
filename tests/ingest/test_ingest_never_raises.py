"""Whatever the bytes, sniffing and the file readers answer with Articles or Failures."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sayso.ingest.registry import READERS, RawInput
from sayso.ingest.sniff import detect_format, why_unknown
from sayso.model import Article, Failure

# Bytes that look a little like each format, so the readers get past their first checks.
PREFIXES = [
    b"",
    b"---\ntitle: x\n",
    b"---\n",
    b'{"text": "',
    b"Posted: 01.01.2024 10:00\n",
    b"# Heading\n",
    b"<html>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]
SOME_BYTES = st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), st.binary(max_size=800))


@settings(max_examples=300)
@given(SOME_BYTES, st.sampled_from(["a.txt", "a.md", "a.jsonl", "-", "a.xml", "a.json"]))
def test_sniffing_never_raises(data, name):
    raw = RawInput(source=name, data=data, path=name)
    fmt = detect_format(raw)
    assert fmt is None or isinstance(fmt, str)
    if fmt is None:
        assert why_unknown(raw)


@settings(max_examples=300)
@given(SOME_BYTES, st.sampled_from(["text", "markdown", "jsonl"]))
def test_file_readers_never_raise(data, fmt):
    for item in READERS[fmt](RawInput(source="x", data=data, path="x")):
        assert isinstance(item, Article | Failure)
        if isinstance(item, Article):
            assert isinstance(item.text, str) and item.text
