"""The shipped data files are exactly what the build command makes from the sources."""

from __future__ import annotations

import filecmp

import pytest

from sayso.actors.build.__main__ import default_phoenix, main
from sayso.actors.kb import DATA

PHOENIX = default_phoenix()


@pytest.mark.skipif(
    not (PHOENIX / "Phoenix.Countries.actors.txt").exists(),
    reason="../shared/data/actors/phoenix absent",
)
def test_build_reproduces_the_shipped_files(tmp_path, capsys):
    assert main(["--phoenix", str(PHOENIX), "--out", str(tmp_path)]) == 0
    for name in ("countries.jsonl", "phoenix.jsonl.gz", "agents.tsv", "LICENSE-phoenix.txt"):
        assert filecmp.cmp(tmp_path / name, DATA / name, shallow=False), name
    assert "Phoenix actors" in capsys.readouterr().out


def test_build_without_sources_is_a_usage_error(tmp_path, capsys):
    assert main(["--phoenix", str(tmp_path), "--out", str(tmp_path)]) == 2
    assert "pass --phoenix DIR" in capsys.readouterr().err
