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
of articles just works: hidden files and folders (``.git``, ``.DS_Store``), the folder's own
paperwork (README, LICENSE, SOURCE, ... files), web assets (images, stylesheets, scripts,
fonts) and ``.json``/``.yaml``/``.csv``/``.tsv`` files that are not JSON lines (manifests,
annotations such as ``*.gold.json``). Anything else that sayso cannot read (a PDF, a binary
file) is reported, not skipped: nothing is lost silently. A file named explicitly is never
skipped.

What a walk (and a glob) never does, each skipped file being named with a Failure:

- follow a symbolic link, unless ``ReadOptions.follow_links`` (``--follow-links``,
  ``SAYSO_FOLLOW_LINKS=1``): a link in a crawled folder may point at any file of the server
  (``corpus/x.txt -> /etc/passwd``), which ``sayso serve`` would then publish. When links
  are followed, a folder is walked once even if links lead to it again (no loops);
- open anything but a regular file: a FIFO would block the run forever, a device never
  end. Files are opened without following a last-moment link and without blocking, then
  checked, so swapping a file for a link or a pipe during the walk changes nothing.

A path or glob named explicitly is the user's choice: it is followed if it is a link, and a
named pipe (``<(curl ...)``) is read.

Sources as shown (``RawInput.source``, then ``Article.source``/``raw_ref``) never reveal the
server's folders (``public_path``): a path named relative to the working folder is kept as
typed (``corpus/a.txt``); an absolute one, or one climbing out with ``..``, is shown from
the named folder's own name on (``/srv/data/corpus`` gives ``corpus/a.txt``; a named file
``/srv/data/a.txt`` gives ``a.txt``). Bytes of a file name that are not UTF-8 are shown as
``\\xff`` escapes.
"""

from __future__ import annotations

import errno
import glob
import itertools
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from sayso.ingest.limits import ReadOptions, max_bytes, too_big_reason
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


def open_inputs(
    inputs: Iterable[str], options: ReadOptions | None = None
) -> Iterator[RawInput | Failure]:
    """Raw inputs (or Failures) for each name the user gave, in the order given."""
    options = options or ReadOptions.from_env()
    for name in inputs:
        yield from open_input(name, options)


def open_input(name: str, options: ReadOptions) -> Iterator[RawInput | Failure]:
    if name == "-":
        yield read_stdin(options)
    elif name.startswith(("http://", "https://")):
        yield fetch(name, options)
    elif os.path.isdir(name):
        yield from walk_folder(Path(name), public_path(name, name), options, set())
    elif os.path.lexists(name):
        yield read_file(Path(name), public_path(name, name), options)
    elif any(c in name for c in GLOB_CHARS):
        yield from expand_glob(name, options)
    elif not name.strip():
        yield Failure(repr(name), "empty name: give a file, folder, glob, URL or - for stdin")
    else:
        yield Failure(shown(name), "no such file or folder (check the path and the current folder)")


def fetch(url: str, options: ReadOptions) -> RawInput | Failure:
    """Fetch a URL with the http module, imported only when a URL is given."""
    try:
        from sayso.ingest.http import fetch_url
    except ImportError as exc:
        return Failure(url, f"cannot fetch URLs in this installation ({exc})")
    return fetch_url(url, allow_private=options.allow_private)


def read_stdin(options: ReadOptions) -> RawInput | Failure:
    cap = max_bytes()
    try:
        data = sys.stdin.buffer.read(cap + 1)
    except (OSError, ValueError, AttributeError) as exc:
        return Failure("-", f"cannot read stdin ({exc}); pipe a file in or name it instead")
    if len(data) > cap:
        return Failure("-", too_big_reason(None, cap))
    if not data.strip():
        return Failure("-", "empty input on stdin: nothing to read")
    return RawInput(source="-", data=data, options=options)


# How a walk opens files: never blocking (a FIFO), never through a link unless asked.
WALK_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
NOT_FOLLOWED = (
    "symbolic link, not followed (pass --follow-links or set SAYSO_FOLLOW_LINKS=1 to read "
    "what links point to, or name the file itself)"
)


def read_file(
    path: Path, source: str, options: ReadOptions, *, walked: bool = False
) -> RawInput | Failure:
    """The bytes of one file, or a Failure saying why they cannot be had. A ``walked`` file
    (found in a folder or by a glob) must be a regular file, and not a link unless links
    are followed; a file named explicitly may be a link or a pipe. The size is checked
    before the file is opened."""
    cap = max_bytes()
    follow = options.follow_links or not walked
    try:
        info = os.stat(path, follow_symlinks=follow)
        if walked:
            refused = refused_in_walk(info.st_mode)
            if refused:
                return Failure(source, refused)
        if stat.S_ISREG(info.st_mode) and is_streamed(path):
            return open_streamed(path, source, options, walked=walked, follow=follow)
        if stat.S_ISREG(info.st_mode) and info.st_size > cap:
            return Failure(source, too_big_reason(info.st_size, cap))
        if walked:
            # Opened without following a link and without blocking, then checked again:
            # the file may have been swapped for a link or a pipe since it was looked at.
            handle = os.fdopen(os.open(path, WALK_FLAGS | (0 if follow else NO_FOLLOW)), "rb")
        else:
            handle = path.open("rb")
        with handle:
            refused = refused_in_walk(os.fstat(handle.fileno()).st_mode) if walked else None
            if refused:
                return Failure(source, refused)
            # Not regular (a pipe, /dev/stdin): the size is unknown until read, so read at
            # most one byte past the cap.
            data = handle.read(cap + 1)
    except FileNotFoundError:
        return Failure(source, "no such file (a broken link, or it was removed while reading)")
    except IsADirectoryError:
        return Failure(source, "is a folder that could not be walked")
    except OSError as exc:
        if walked and exc.errno == errno.ELOOP:
            return Failure(source, NOT_FOLLOWED)
        return Failure(source, f"cannot read it: {exc.strerror or exc} (check its permissions)")
    if len(data) > cap:
        return Failure(source, too_big_reason(None, cap))
    if not data:
        return Failure(source, "empty file (0 bytes): nothing to read")
    if not data.strip():
        return Failure(source, "empty file (only whitespace): nothing to read")
    return RawInput(source=source, data=data, path=str(path), options=options)


# Web archives hold thousands of pages: they are read as a stream, record by record, so
# SAYSO_MAX_BYTES bounds each archived page rather than the archive (whose whole inflated
# size SAYSO_MAX_INFLATED_BYTES bounds).
STREAMED_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_streamed(path: Path) -> bool:
    return path.name.lower().endswith(STREAMED_SUFFIXES)


def open_streamed(
    path: Path, source: str, options: ReadOptions, *, walked: bool, follow: bool
) -> RawInput | Failure:
    """A web archive as an open file for its reader to stream (never read whole here)."""
    flags = WALK_FLAGS | (0 if follow else NO_FOLLOW) if walked else os.O_RDONLY
    handle = os.fdopen(os.open(path, flags), "rb")
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since it was looked at
        handle.close()
        return Failure(source, "not a regular file any more: skipped")
    return RawInput(
        source=source,
        data=b"",
        path=str(path),
        hints={"format": "warc"},
        options=options,
        stream=handle,
    )


def refused_in_walk(mode: int) -> str | None:
    """Why a file met in a walk is not read (a link not followed, a pipe, a device...), or
    None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return NOT_FOLLOWED
    return f"{special_kind(mode)}, not a file: skipped"


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def walk_folder(
    folder: Path, shown_as: str, options: ReadOptions, seen: set[tuple[int, int]]
) -> Iterator[RawInput | Failure]:
    """Every article file under ``folder``, sorted by path; folders that cannot be listed
    are reported. ``seen`` holds the folders walked so far (device, inode)."""
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Failure(shown_as, f"cannot list folder: {exc.strerror or exc}")
        return
    if (info.st_dev, info.st_ino) in seen:
        yield Failure(shown_as, "a link back to a folder already read: skipped (no loops)")
        return
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        entry_shown = join_shown(shown_as, entry.name)
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=options.follow_links)
        except OSError:
            is_link, is_dir = False, False
        if not is_dir and skipped_in_folder(path):
            continue  # paperwork and assets, links to them included
        if is_link and not options.follow_links:
            yield Failure(entry_shown, NOT_FOLLOWED)
        elif is_dir:
            yield from walk_folder(path, entry_shown, options, seen)
        else:
            raw = read_file(path, entry_shown, options, walked=True)
            if isinstance(raw, RawInput) and is_data_not_jsonl(raw):
                continue
            yield raw


def shown(path: str) -> str:
    """A path as text: bytes of the file name that are not UTF-8 as ``\\xff`` escapes."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a lone surrogate that no file-system byte made
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def join_shown(folder: str, name: str) -> str:
    if folder in ("", "."):
        return shown(name)
    return f"{folder.rstrip('/')}/{shown(name)}"


def public_path(path: str, root: str) -> str:
    """``path`` as sources show it (module docstring): as typed when relative and inside
    the working folder, else from the name of ``root`` (the folder the user named) on."""
    parts = PurePath(path).parts
    if path and not PurePath(path).is_absolute() and ".." not in parts:
        return shown(path)
    root_abs = os.path.abspath(root or ".")
    inside = os.path.relpath(os.path.abspath(path), root_abs)
    name = os.path.basename(root_abs)
    if inside == ".":
        return shown(name or root_abs)
    return shown(os.path.join(name, inside) if name else inside)


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
    """Where the raw input came from, as shown (None for stdin): the public path of a file
    (``public_path``), the URL of a fetched page."""
    if raw.path is not None:
        return raw.source
    return raw.url


def expand_glob(pattern: str, options: ReadOptions) -> Iterator[RawInput | Failure]:
    """The files a glob matches, read like the files of a walked folder (a glob is not
    an explicit name for each file: it does not follow links either)."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield Failure(
            shown(pattern),
            "no file matches this pattern (check it, and quote it so the "
            "shell does not expand it first)",
        )
        return
    root = glob_root(pattern)
    seen: set[tuple[int, int]] = set()
    for match in matches:
        match_shown = public_path(match, root)
        if not options.follow_links and through_link(match, root):
            yield Failure(match_shown, NOT_FOLLOWED)
        elif os.path.isdir(match):
            # With "**" a glob lists folders and the files in them: read the files once.
            if "**" not in pattern:
                yield from walk_folder(Path(match), match_shown, options, seen)
        else:
            yield read_file(Path(match), match_shown, options, walked=True)


def glob_root(pattern: str) -> str:
    """The folder a glob starts from: its leading components without wildcards."""
    parts = PurePath(pattern).parts
    fixed = list(itertools.takewhile(lambda p: not any(c in p for c in GLOB_CHARS), parts))
    return str(PurePath(*fixed)) if fixed else "."


def through_link(match: str, root: str) -> bool:
    """Whether reaching ``match`` from ``root`` goes through a symbolic link (links above
    ``root`` are the user's own set-up and do not count)."""
    inside = os.path.relpath(os.path.abspath(match), os.path.abspath(root))
    return os.path.realpath(match) != os.path.normpath(os.path.join(os.path.realpath(root), inside))
