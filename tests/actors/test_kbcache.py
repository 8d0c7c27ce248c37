"""The built knowledge base kept on disk: loaded instead of rebuilt, never a different KB."""

from __future__ import annotations

import json
import os
import stat

import pytest

from sayso.actors import kbcache
from sayso.actors.kb import KnowledgeBase, build_kb
from sayso.actors.types import Actor


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SAYSO_CACHE_DIR", str(folder))
    return folder


def small_build(calls: list[str]):
    def build(overlay):
        calls.append(overlay.name)
        return KnowledgeBase.from_actors([Actor(id="user:a", name="Ana Example", type="PERSON")])

    return build


def test_the_shipped_kb_read_back_is_the_kb_built(cache, tmp_path):
    overlay = tmp_path / "none.jsonl"
    built = kbcache.cached_kb(overlay, build_kb)
    [written] = cache.glob("kb-*.pickle")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    read = kbcache.read_cached(written)
    assert read == built  # actors and every index
    assert read.actors["wd:Q9188"].name == built.actors["wd:Q9188"].name


def test_second_process_loads_instead_of_building(cache, tmp_path):
    calls: list[str] = []
    overlay = tmp_path / "actors.jsonl"
    first = kbcache.cached_kb(overlay, small_build(calls))
    second = kbcache.cached_kb(overlay, small_build(calls))
    assert calls == ["actors.jsonl"]  # built once
    assert second == first and second is not first


def test_a_changed_overlay_is_a_new_kb(cache, tmp_path):
    calls: list[str] = []
    overlay = tmp_path / "actors.jsonl"
    overlay.write_text(json.dumps({"id": "user:a", "name": "Ana"}) + "\n")
    kbcache.cached_kb(overlay, small_build(calls))
    overlay.write_text(json.dumps({"id": "user:b", "name": "Bo"}) + "\n")
    kbcache.cached_kb(overlay, small_build(calls))
    assert len(calls) == 2
    assert len(list(cache.glob("kb-*.pickle"))) == 2


def test_a_damaged_cache_file_is_rebuilt(cache, tmp_path):
    calls: list[str] = []
    overlay = tmp_path / "actors.jsonl"
    kbcache.cached_kb(overlay, small_build(calls))
    [written] = cache.glob("kb-*.pickle")
    written.write_bytes(written.read_bytes()[:100])  # truncated
    kb = kbcache.cached_kb(overlay, small_build(calls))
    assert calls == ["actors.jsonl", "actors.jsonl"]
    assert kb.actors["user:a"].name == "Ana Example"
    assert kbcache.read_cached(written) == kb  # and written whole again


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_cache_only_costs_time(cache, tmp_path):
    cache.mkdir()
    cache.chmod(0o500)
    calls: list[str] = []
    kb = kbcache.cached_kb(tmp_path / "actors.jsonl", small_build(calls))
    assert kb.actors["user:a"].name == "Ana Example"
    assert list(cache.iterdir()) == []


def test_a_cache_path_that_is_a_file_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("SAYSO_CACHE_DIR", str(blocker))
    calls: list[str] = []
    kb = kbcache.cached_kb(tmp_path / "actors.jsonl", small_build(calls))
    kb = kbcache.cached_kb(tmp_path / "actors.jsonl", small_build(calls))
    assert kb.actors["user:a"].name == "Ana Example"
    assert len(calls) == 2  # nothing kept, nothing broken


def test_old_cache_files_are_pruned(cache, tmp_path):
    calls: list[str] = []
    for n in range(kbcache.KEEP + 2):
        overlay = tmp_path / "actors.jsonl"
        overlay.write_text(json.dumps({"id": f"user:{n}", "name": f"N{n}"}) + "\n")
        kbcache.cached_kb(overlay, small_build(calls))
    assert len(list(cache.glob("kb-*.pickle"))) == kbcache.KEEP
