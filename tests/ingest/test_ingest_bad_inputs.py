"""Bad inputs, from real bytes: each gives one Failure naming it and why; the batch goes on.
And `sayso extract` exits 1 when any input failed, 0 otherwise, without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sayso.ingest import read_inputs
from sayso.model import Article, Failure

REPO = Path(__file__).resolve().parents[2]
RUSSIAN = (
    "Президент Беларуси Александр Лукашенко заявил, что Россия и Беларусь — союзники.\n"
    "«Мы союзники, и больше слов не надо», — сказал он журналистам в Минске.\n"
)
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def batch(tmp_path, monkeypatch) -> dict[str, Path]:
    """One file per bad-input case, plus good ones, written from bytes."""
    monkeypatch.setenv("SAYSO_MAX_BYTES", str(64 * 1024))
    files = {
        "good": ("good.txt", b"The minister said the talks were useful.\n"),
        "empty": ("empty.txt", b""),
        "png": ("picture.png", PNG_1X1),
        "png_renamed": ("article.txt", PNG_1X1),  # a binary file with a text name
        "zip": ("bundle.zip", zip_bytes(tmp_path)),
        "cp1251": ("russian-cp1251.txt", RUSSIAN.encode("cp1251")),
        "mixed": ("mixed.txt", "English in UTF-8 “quoted”.\n".encode() + RUSSIAN.encode("cp1251")),
        "truncated_utf8": ("cut.txt", "Лукашенко сказал: «Мы союзники»".encode()[:-1]),
        "truncated_md": ("cut.md", b"---\ntitle: Cut off\ndate: 2024-0"),
        "truncated_posted": ("cut-layout.txt", b"Posted: 15.08.2024 17:42:00\n\nTitle only\n"),
        "too_big": ("huge.txt", b"word " * 20_000),
        "csv": ("table.csv", b"speaker,quote\nBiden,hello\n"),
        "xml": ("sitemap.xml", b'<?xml version="1.0"?>\n<urlset><url/></urlset>\n'),
    }
    paths = {}
    for key, (name, data) in files.items():
        paths[key] = tmp_path / name
        paths[key].write_bytes(data)
    paths["missing"] = tmp_path / "not-there.txt"
    return paths


def zip_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "made.zip.tmp"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inside.txt", "text inside a zip")
    data = path.read_bytes()
    path.unlink()
    return data


FAILING = {
    "empty": "empty file",
    "png": "binary file, not text: looks like a PNG image",
    "png_renamed": "PNG image",
    "zip": "ZIP archive",
    "truncated_md": "never closed",
    "truncated_posted": "no body text",
    "too_big": "size cap",
    "csv": "CSV table",
    "xml": "XML that is not an RSS/Atom feed",
    "missing": "no such file or folder",
}


def shown(batch: dict[str, Path], key: str) -> str:
    """How a file named by its absolute path is shown: by its name, no server folder (a
    path that does not exist, as typed)."""
    return str(batch[key]) if key == "missing" else batch[key].name


def test_each_bad_input_is_one_failure_and_the_rest_is_read(batch):
    items = list(read_inputs([str(p) for p in batch.values()]))
    by_source: dict[str, list[Article | Failure]] = {}
    for item in items:
        by_source.setdefault(item.source, []).append(item)
    for key, says in FAILING.items():
        got = by_source.get(shown(batch, key), [])
        assert len(got) == 1 and isinstance(got[0], Failure), (key, got)
        assert says in got[0].reason, (key, got[0].reason)
    articles = {key: by_source[shown(batch, key)] for key in batch if key not in FAILING}
    assert all(len(v) == 1 and isinstance(v[0], Article) for v in articles.values())
    assert articles["good"][0].text == "The minister said the talks were useful.\n"
    assert articles["cp1251"][0].text == RUSSIAN
    assert articles["cp1251"][0].language == "ru"
    assert articles["mixed"][0].text == "English in UTF-8 “quoted”.\n" + RUSSIAN
    cut = articles["truncated_utf8"][0].text
    assert cut.startswith("Лукашенко сказал: «Мы союзники") and cut.endswith("\ufffd")


def test_failure_reasons_say_what_to_do(batch):
    failures = [i for i in read_inputs([str(batch[k]) for k in FAILING]) if isinstance(i, Failure)]
    assert len(failures) == len(FAILING)
    hints = (
        "check",
        "convert",
        "unpack",
        "decompress",
        "SAYSO_MAX_BYTES",
        "truncated",
        "nothing to read",
        "save it",
        "known extension",
        "leave it out",
    )
    for failure in failures:
        assert any(h in failure.reason for h in hints), failure


def run_cli(
    *args: str, env_cap: int | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess:
    """Run the ``sayso`` entry point (main(), as installed) in a fresh process."""
    import os

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SAYSO_DEBUG", None)
    if env_cap:
        env["SAYSO_MAX_BYTES"] = str(env_cap)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from sayso.cli import main; sys.argv[0] = 'sayso'; main()",
            *args,
        ],
        capture_output=True,
        timeout=300,
        cwd=REPO,
        env=env,
        input=stdin or b"",
    )


def decoded(result: subprocess.CompletedProcess) -> tuple[str, str]:
    return result.stdout.decode(), result.stderr.decode()


def test_cli_extract_exit_codes_and_no_traceback(batch):
    ok = run_cli("extract", str(batch["good"]), str(batch["cp1251"]))
    out, err = decoded(ok)
    assert ok.returncode == 0, err
    assert len(json.loads(out)["articles"]) == 2

    bad = run_cli(
        "extract",
        str(batch["good"]),
        str(batch["missing"]),
        str(batch["png"]),
        str(batch["too_big"]),
        env_cap=64 * 1024,
    )
    out, err = decoded(bad)
    assert bad.returncode == 1
    assert "Traceback" not in err + out
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert (
        lines[0] == f"sayso: {batch['missing']}: no such file or folder "
        "(check the path and the current folder)"
    )
    assert lines[1].startswith("sayso: picture.png: ") and "PNG image" in lines[1]
    assert lines[2].startswith("sayso: huge.txt: ") and "size cap" in lines[2]
    assert [a["source"] for a in json.loads(out)["articles"]] == ["good.txt"]


def test_cli_extract_reads_stdin():
    russian = "Лукашенко заявил, что Россия и Беларусь — союзники, и больше слов не надо."
    result = run_cli("extract", "-", "--format", "jsonl", stdin=russian.encode("cp1251"))
    out, err = decoded(result)
    assert result.returncode == 0, err
    article = json.loads(out)
    assert (article["source"], article["text"], article["language"]) == ("-", russian, "ru")


def test_cli_extract_empty_stdin_fails_cleanly():
    result = run_cli("extract", "-")
    out, err = decoded(result)
    assert result.returncode == 1
    assert err.strip() == "sayso: -: empty input on stdin: nothing to read"


def test_cli_extract_example_article(example):
    result = run_cli("extract", str(example), "--format", "json")
    out, err = decoded(result)
    assert result.returncode == 0, err
    [article] = json.loads(out)["articles"]
    assert article["title"] == (
        "Lukashenko on Belarus-Russia relations: we are allies, no more words"
    )
    assert article["published"] == "2024-08-15T17:42:00"
    assert "Photo:" not in article["text"]
    assert article["language"] == "en"
