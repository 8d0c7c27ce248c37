"""The Python API: sayso.extract on a path, on a text, and on inputs that fail."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

import sayso
from sayso import version
from sayso.python_api import InputError

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "lukashenko-allies-2024-08-15.txt"
TITLE = "Lukashenko on Belarus-Russia relations: we are allies, no more words"


def test_extract_path_reads_the_official_site_layout():
    [article] = sayso.extract(EXAMPLE)
    assert article.title == TITLE
    assert article.published == datetime(2024, 8, 15, 17, 42)
    assert "Photo:" not in article.text
    assert article.text.startswith("In an interview with Rossiya TV channel today")


def test_extract_text_string_is_read_like_a_file():
    [from_text] = sayso.extract(EXAMPLE.read_text(encoding="utf-8"))
    [from_file] = sayso.extract(str(EXAMPLE))
    assert from_text.text == from_file.text
    assert from_text.title == TITLE
    assert from_text.source == "<text>"


def test_extract_plain_sentence_keeps_text_unchanged():
    text = "  Lukashenko said the two countries are allies.\n"
    [article] = sayso.extract(text)
    assert article.text == text
    assert article.title is None


def test_extract_strict_names_the_missing_input(tmp_path):
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(InputError) as failed:
        sayso.extract(missing)
    assert str(missing) in str(failed.value)
    assert sayso.extract(missing, strict=False) == []


def test_article_json_contract_fields():
    [article] = sayso.extract(EXAMPLE)
    record = article.to_dict()
    for key in (
        "id",
        "source",
        "url",
        "title",
        "published",
        "language",
        "text",
        "quotes",
        "entities",
    ):
        assert key in record
    assert record["published"] == "2024-08-15T17:42:00"
    assert record["id"] == article.id and len(article.id) == 16


def test_import_sayso_stays_light():
    """The facade is re-exported, but readers, spaCy and the store load on first use."""
    code = (
        "import sys, sayso; "
        "print(sorted(m for m in ('spacy', 'trafilatura', 'sqlalchemy', 'httpx') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert sayso.__version__ == version.__version__


def test_nothing_inside_the_package_imports_the_facade():
    """The facade sits on top: the CLI, the web and the engine call sayso.engine.pipeline."""
    importers = []
    for path in sorted((REPO / "sayso").rglob("*.py")):
        if path.name == "__init__.py" and path.parent.name == "sayso":
            continue  # the package re-exports it, by design
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in ("sayso", "sayso.python_api"):
                importers.append(f"{path.relative_to(REPO)}:{node.lineno}")
            if isinstance(node, ast.Import) and any(
                a.name in ("sayso", "sayso.python_api") for a in node.names
            ):
                importers.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert importers == []
