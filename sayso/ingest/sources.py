"""Expand what the user names (paths, folders, globs, URLs, ``-``) into raw inputs.

Each name gives RawInputs or Failures, in order, and never raises:

- ``-`` reads stdin's bytes;
- ``http://`` and ``https://`` URLs are fetched by ``sayso.ingest.http.fetch_url``;
- a file is read whole (after checking its size against the cap, without reading it);
- a folder is walked recursively in sorted order;
- a name with ``*``, ``?`` or ``[`` that is not an existing path is a glob (``**`` crosses
  folders);
- anything else is "no such file or folder".

Walking a folder skips what is plainly not an article, so that pointing sayso at a folder
of articles just works: hidden files and folders (``.git``, ``.DS_Store``), symlinked
folders (loops), the folder's own paperwork (README, LICENSE, SOURCE, ... files), web assets
(images, stylesheets, scripts, fonts) and ``.json``/``.yaml``/``.csv``/``.tsv`` files that are
not JSON lines (manifests, annotations such as ``*.gold.json``). Anything else that sayso
cannot read (a PDF, a binary file) is reported, not skipped: nothing is lost silently.
A file named explicitly is never skipped.
"""

from __future__ import annotations

import glob
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from sayso.ingest.limits import max_bytes, too_big_reason
from sayso.ingest.registry import RawInput
from sayso.model import Failure

GLOB_CHARS = ("*", "?", "[")

# Files that document a folder rather than report news (matched on the name's stem).
PAPERWORK_STEMS = {
    "readme",
    "license",
    "licence",
    "copying",
    "notice",
    "source",
    "sources",
    "changelog",
    "changes",
    "authors",
    "contributing",
    "manifest",
}
ASSET_EXTENSIONS = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".svg",
    ".ico",
    ".bmp",
    ".tif",
    ".tiff",
    ".css",
    ".js",
    ".mjs",
    ".map",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".eot",
    ".pyc",
    ".lock",
}
# Data files: skipped in folders unless they hold JSON lines (then they are articles).
DATA_EXTENSIONS = {".json", ".yaml", ".yml", ".csv", ".tsv"}


def open_inputs(inputs: Iterable[str]) -> Iterator[RawInput | Failure]:
    """Raw inputs (or Failures) for each name the user gave, in the order given."""
    for name in inputs:
        yield from open_input(name)


def open_input(name: str) -> Iterator[RawInput | Failure]:
    if name == "-":
        yield read_stdin()
    elif name.startswith(("http://", "https://")):
        yield fetch(name)
    elif os.path.isdir(name):
        yield from walk_folder(Path(name))
    elif os.path.lexists(name):
        yield read_file(Path(name), name)
    elif any(c in name for c in GLOB_CHARS):
        yield from expand_glob(name)
    elif not name.strip():
        yield Failure(repr(name), "empty name: give a file, folder, glob, URL or - for stdin")
    else:
        yield Failure(name, "no such file or folder (check the path and the current folder)")


def fetch(url: str) -> RawInput | Failure:
    """Fetch a URL with the http module, imported only when a URL is given."""
    try:
        from sayso.ingest.http import fetch_url
    except ImportError as exc:
        return Failure(url, f"cannot fetch URLs in this installation ({exc})")
    return fetch_url(url)


def read_stdin() -> RawInput | Failure:
    cap = max_bytes()
    try:
        data = sys.stdin.buffer.read(cap + 1)
    except (OSError, ValueError, AttributeError) as exc:
        return Failure("-", f"cannot read stdin ({exc}); pipe a file in or name it instead")
    if len(data) > cap:
        return Failure("-", too_big_reason(None, cap))
    if not data.strip():
        return Failure("-", "empty input on stdin: nothing to read")
    return RawInput(source="-", data=data)


def read_file(path: Path, source: str) -> RawInput | Failure:
    """The bytes of one file, or a Failure saying why they cannot be had."""
    cap = max_bytes()
    try:
        info = path.stat()
        if stat.S_ISREG(info.st_mode) and info.st_size > cap:
            return Failure(source, too_big_reason(info.st_size, cap))
        with path.open("rb") as handle:
            # Not regular (a pipe, /dev/stdin): the size is unknown until read, so read at
            # most one byte past the cap.
            data = handle.read(cap + 1)
    except FileNotFoundError:
        return Failure(source, "no such file (a broken link, or it was removed while reading)")
    except IsADirectoryError:
        return Failure(source, "is a folder that could not be walked")
    except OSError as exc:
        return Failure(source, f"cannot read it: {exc.strerror or exc} (check its permissions)")
    if len(data) > cap:
        return Failure(source, too_big_reason(None, cap))
    if not data:
        return Failure(source, "empty file (0 bytes): nothing to read")
    if not data.strip():
        return Failure(source, "empty file (only whitespace): nothing to read")
    return RawInput(source=source, data=data, path=str(path))


def walk_folder(folder: Path) -> Iterator[RawInput | Failure]:
    """Every article file under ``folder``, sorted by path; folders that cannot be listed
    are reported."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Failure(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from walk_folder(path)
        elif entry.is_symlink() and path.is_dir():
            continue  # a symlinked folder may loop back; name it explicitly to read it
        elif not skipped_in_folder(path):
            raw = read_file(path, str(path))
            if isinstance(raw, RawInput) and is_data_not_jsonl(raw):
                continue
            yield raw


def skipped_in_folder(path: Path) -> bool:
    """Paperwork and web assets: files a folder of articles holds that are not articles."""
    suffix = path.suffix.lower()
    stem = path.name.split(".", 1)[0].lower()
    return suffix in ASSET_EXTENSIONS or stem in PAPERWORK_STEMS


def is_data_not_jsonl(raw: RawInput) -> bool:
    """A JSON/YAML/CSV file met while walking a folder that does not hold JSON lines."""
    from sayso.ingest.sniff import extension, looks_like_jsonl

    if extension(raw) not in DATA_EXTENSIONS:
        return False
    from sayso.ingest.decode import decode_bytes

    return not looks_like_jsonl(decode_bytes(raw.data[:65536]))


def raw_ref(raw: RawInput) -> str | None:
    """Where the raw input can be read again to re-run analysis (None for stdin)."""
    return raw.path or raw.url


def expand_glob(pattern: str) -> Iterator[RawInput | Failure]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield Failure(
            pattern,
            "no file matches this pattern (check it, and quote it so the "
            "shell does not expand it first)",
        )
        return
    for match in matches:
        if os.path.isdir(match):
            # With "**" a glob lists folders and the files in them: read the files once.
            if "**" not in pattern:
                yield from walk_folder(Path(match))
        else:
            yield read_file(Path(match), match)
