"""`Any` and `type: ignore` only where a library forces them, each with its reason in a
comment (issue 10); mypy itself runs in `make test` (settings in pyproject.toml)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sayso"
IGNORE = re.compile(r"#\s*type:\s*ignore(\[[a-z-]+(,\s*[a-z-]+)*\])?")
IMPORTS_ANY = re.compile(r"^from typing import .*\bAny\b")


def sources() -> list[tuple[str, list[str]]]:
    return [
        (p.relative_to(PACKAGE.parent).as_posix(), p.read_text(encoding="utf-8").splitlines())
        for p in sorted(PACKAGE.rglob("*.py"))
    ]


def test_every_type_ignore_names_its_error_code_and_says_why():
    bad = []
    for path, lines in sources():
        for number, line in enumerate(lines, 1):
            match = IGNORE.search(line)
            if match is None:
                continue
            reason_above = number > 1 and lines[number - 2].strip().startswith("#")
            if not match.group(1) or not reason_above:
                bad.append(f"{path}:{number}: {line.strip()}")
    assert not bad, "a type: ignore needs [code] and a comment line above saying why:\n" + (
        "\n".join(bad)
    )


def test_every_module_using_any_says_what_it_stands_for():
    bad = [
        f"{path}:{number}"
        for path, lines in sources()
        for number, line in enumerate(lines, 1)
        if IMPORTS_ANY.match(line) and "# Any:" not in line
    ]
    assert not bad, "write why Any is needed on its import line (# Any: ...):\n" + "\n".join(bad)
