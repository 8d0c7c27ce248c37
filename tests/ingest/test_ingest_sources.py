"""open_inputs: files, folders, globs, stdin, URLs; every problem a Failure naming the input."""

from __future__ import annotations

import io
import os
import sys
import types

import pytest

from sayso.ingest.limits import ReadOptions
from sayso.ingest.registry import RawInput
from sayso.ingest.sources import open_inputs
from sayso.model import Failure


def names(items) -> list[str]:
    return [item.source for item in items]


def test_file_is_read_with_its_path(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Hello.")
    [raw] = open_inputs([str(path)])
    assert isinstance(raw, RawInput)
    # the source shows no server folder; the path is the file read
    assert (raw.source, raw.path, raw.data) == ("a.txt", str(path), b"Hello.")


def test_relative_names_are_kept_as_typed_absolute_ones_from_the_named_folder(
    tmp_path, monkeypatch
):
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "sub" / "a.txt").write_text("A.")
    monkeypatch.chdir(tmp_path)
    assert names(open_inputs(["corpus/", "corpus/sub/a.txt"])) == [
        "corpus/sub/a.txt",
        "corpus/sub/a.txt",
    ]
    assert names(open_inputs([str(tmp_path / "corpus"), "corpus/sub/../sub/a.txt"])) == [
        "corpus/sub/a.txt",
        "a.txt",
    ]
    monkeypatch.chdir(tmp_path / "corpus" / "sub")
    assert names(open_inputs(["../", "../sub/*.txt"])) == ["corpus/sub/a.txt", "sub/a.txt"]


def test_missing_path_is_one_failure_and_the_rest_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Fine.")
    items = list(open_inputs([str(tmp_path / "nope.txt"), str(good)]))
    assert isinstance(items[0], Failure)
    assert items[0].source == str(tmp_path / "nope.txt")
    assert "no such file or folder" in items[0].reason
    assert isinstance(items[1], RawInput)


def test_folder_is_walked_sorted_skipping_what_is_not_an_article(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.md").write_text("---\ntitle: B\n---\nBody.")
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "c.jsonl").write_text('{"text": "C"}\n')
    (tmp_path / "lines.json").write_text('{"text": "JSON lines under .json"}\n')
    # Not articles: hidden, paperwork, assets, manifests and annotations.
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref")
    (tmp_path / "README.md").write_text("# About this folder")
    (tmp_path / "SOURCE.md").write_text("# Where it came from")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "manifest.json").write_text('{\n "files": []\n}\n')
    (tmp_path / "a.gold.json").write_text('{\n "quotes": []\n}\n')
    # Not readable but not plainly a non-article: reported, not skipped.
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    got = names(open_inputs([str(tmp_path)]))
    assert got == [
        f"{tmp_path.name}/{n}" for n in ("a.txt", "b/2.md", "c.jsonl", "lines.json", "scan.pdf")
    ]


def test_named_file_is_never_skipped(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Read me")
    assert names(open_inputs([str(readme)])) == ["README.md"]


def test_glob_expands_sorted_and_recursive(tmp_path):
    (tmp_path / "x").mkdir()
    for rel in ("2.txt", "1.txt", "x/3.txt", "x/4.md"):
        (tmp_path / rel).write_text(rel)
    root = tmp_path.name  # the globbed folder, as sources show it
    assert names(open_inputs([str(tmp_path / "*.txt")])) == [f"{root}/1.txt", f"{root}/2.txt"]
    assert names(open_inputs([str(tmp_path / "**" / "*.txt")])) == [
        f"{root}/1.txt",
        f"{root}/2.txt",
        f"{root}/x/3.txt",
    ]


def test_glob_without_match_is_a_failure(tmp_path):
    [item] = open_inputs([str(tmp_path / "*.nothing")])
    assert isinstance(item, Failure)
    assert "no file matches" in item.reason


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(b"From stdin.")))
    [raw] = open_inputs(["-"])
    assert isinstance(raw, RawInput)
    assert (raw.source, raw.data, raw.path) == ("-", b"From stdin.", None)


def test_empty_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(b"")))
    [item] = open_inputs(["-"])
    assert isinstance(item, Failure) and "empty" in item.reason


def test_stdin_over_the_cap(monkeypatch):
    monkeypatch.setenv("SAYSO_MAX_BYTES", "100")
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(b"x" * 500)))
    [item] = open_inputs(["-"])
    assert isinstance(item, Failure) and item.source == "-"
    assert "over the 100 bytes size cap" in item.reason and "SAYSO_MAX_BYTES" in item.reason


def test_empty_and_blank_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n")
    items = list(open_inputs([str(tmp_path / "empty.txt"), str(tmp_path / "blank.txt")]))
    assert [type(i) for i in items] == [Failure, Failure]
    assert "empty file (0 bytes)" in items[0].reason
    assert "only whitespace" in items[1].reason


def test_size_cap_from_env_names_size_and_cap(tmp_path, monkeypatch):
    monkeypatch.setenv("SAYSO_MAX_BYTES", "1024")
    (tmp_path / "big.txt").write_bytes(b"x" * 3072)
    [item] = open_inputs([str(tmp_path / "big.txt")])
    assert isinstance(item, Failure)
    assert "3 KB" in item.reason and "1 KB size cap" in item.reason
    assert "SAYSO_MAX_BYTES" in item.reason


def test_default_cap_is_checked_before_reading(tmp_path, monkeypatch):
    monkeypatch.delenv("SAYSO_MAX_BYTES", raising=False)
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # sparse: 25 MB on paper, nothing on disk
        handle.truncate(25 * 1024 * 1024)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened although its size is over the cap")

    monkeypatch.setattr("pathlib.Path.open", no_reading)
    [item] = open_inputs([str(big)])
    assert isinstance(item, Failure)
    assert "25 MB" in item.reason and "20 MB size cap" in item.reason


def test_unreadable_file_gives_the_os_reason(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("secret")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pathlib.Path.open", denied)
    [item] = open_inputs([str(path)])
    assert isinstance(item, Failure)
    assert "Permission denied" in item.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_for_real(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    [item] = open_inputs([str(path)])
    assert isinstance(item, Failure) and "Permission denied" in item.reason


def test_broken_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing-target.txt")
    [item] = open_inputs([str(link)])
    assert isinstance(item, Failure) and "no such file" in item.reason


def test_urls_go_to_fetch_url(monkeypatch):
    fetched = []

    def fetch_url(url: str, allow_private: bool) -> RawInput | Failure:
        fetched.append(url)
        return RawInput(source=url, data=b"<html></html>", url=url, content_type="text/html")

    monkeypatch.setitem(
        sys.modules, "sayso.ingest.http", types.SimpleNamespace(fetch_url=fetch_url)
    )
    [raw] = open_inputs(["https://example.org/a"])
    assert fetched == ["https://example.org/a"]
    assert isinstance(raw, RawInput) and raw.url == "https://example.org/a"


def test_size_just_over_the_cap_is_given_in_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SAYSO_MAX_BYTES", str(20 * 1024 * 1024))
    big = tmp_path / "just-over.txt"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 5)
    [item] = open_inputs([str(big)])
    assert "(20,971,525 bytes): over the 20 MB size cap" in item.reason


NOT_FOLLOWED = "symbolic link, not followed (pass --follow-links or set SAYSO_FOLLOW_LINKS=1"


@pytest.fixture
def corpus_with_links(tmp_path):
    """corpus/ with an article, a link to a file outside it, a link to a folder outside it,
    a FIFO and a file whose name is not UTF-8."""
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text("B.")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A.")
    (corpus / "x.txt").symlink_to(secret)
    (corpus / "more").symlink_to(elsewhere, target_is_directory=True)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    os.mkfifo(corpus / "pipe.txt")
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Latin-1 name.")
    return corpus


def test_walks_do_not_follow_links_or_open_special_files(corpus_with_links, monkeypatch):
    monkeypatch.delenv("SAYSO_FOLLOW_LINKS", raising=False)
    items = {item.source: item for item in open_inputs([str(corpus_with_links)])}
    assert sorted(items) == [
        "corpus/a.txt",
        "corpus/caf\\xe9.txt",  # the byte shown, the file still read
        "corpus/loop",
        "corpus/more",
        "corpus/pipe.txt",
        "corpus/x.txt",
    ]
    assert items["corpus/caf\\xe9.txt"].data == b"Latin-1 name."
    for link in ("corpus/x.txt", "corpus/more", "corpus/loop"):
        assert isinstance(items[link], Failure) and items[link].reason.startswith(NOT_FOLLOWED)
    assert items["corpus/pipe.txt"] == Failure(
        "corpus/pipe.txt", "a named pipe (FIFO), not a file: skipped"
    )


def test_follow_links_reads_them_once_without_loops(corpus_with_links, monkeypatch):
    monkeypatch.setenv("SAYSO_FOLLOW_LINKS", "1")  # as --follow-links sets it
    items = {item.source: item for item in open_inputs([str(corpus_with_links)])}
    assert items["corpus/x.txt"].data.startswith(b"root:x:0:0")
    assert items["corpus/more/b.txt"].data == b"B."
    assert items["corpus/loop"] == Failure(
        "corpus/loop", "a link back to a folder already read: skipped (no loops)"
    )
    assert isinstance(items["corpus/pipe.txt"], Failure)  # a link's target is still checked


def test_a_link_named_explicitly_is_read(corpus_with_links):
    [raw] = open_inputs([str(corpus_with_links / "x.txt")], ReadOptions())
    assert isinstance(raw, RawInput) and raw.source == "x.txt"


def test_globs_do_not_go_through_links_either(corpus_with_links, tmp_path):
    got = {item.source: item for item in open_inputs([str(tmp_path / "corpus" / "**" / "*.txt")])}
    assert isinstance(got["corpus/a.txt"], RawInput)
    assert got["corpus/x.txt"].reason.startswith(NOT_FOLLOWED)
    assert got["corpus/more/b.txt"].reason.startswith(NOT_FOLLOWED)
    assert got["corpus/pipe.txt"].reason == "a named pipe (FIFO), not a file: skipped"
    assert not any(isinstance(i, RawInput) and b"root:" in i.data for i in got.values())


def test_a_file_swapped_for_a_link_after_the_listing_is_not_followed(tmp_path, monkeypatch):
    """The file is opened without following links (O_NOFOLLOW), whatever stat said."""
    from sayso.ingest import sources

    (tmp_path / "passwd").write_text("root:x:0:0\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A.")
    real_stat = os.stat

    def swapped_after_stat(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        if str(path).endswith("a.txt") and not os.path.islink(path):
            os.remove(path)
            os.symlink(tmp_path / "passwd", path)
        return info

    monkeypatch.setattr(sources.os, "stat", swapped_after_stat)
    [item] = open_inputs([str(corpus)], ReadOptions())
    assert isinstance(item, Failure) and item.reason.startswith(NOT_FOLLOWED)
