"""docs/architecture.md lists every module of the package, one line each, and no module
that is gone: the map of the code stays the code."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIGRATIONS = "sayso/store/migrations/versions/"


def test_every_module_has_one_line_in_the_architecture_tree():
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = re.findall(r"^(sayso/\S+)\s", doc, flags=re.MULTILINE)
    modules = sorted(
        p.relative_to(REPO).as_posix()
        for p in (REPO / "sayso").rglob("*.py")
        if not p.relative_to(REPO).as_posix().startswith(MIGRATIONS)
    )
    assert sorted(set(listed)) == listed, "keep the tree sorted, one line per module"
    assert sorted(set(listed) - {MIGRATIONS}) == modules
