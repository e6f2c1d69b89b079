"""The cache of compiled languages: reused while the data is unchanged, and bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.nlu import cache


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COCKPIT_NO_CACHE", raising=False)
    return tmp_path / "cockpit"


def test_a_second_load_reads_the_cache(cache_home: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    built = []
    assert cache.cached("thing", [data], lambda: built.append(1) or {"v": 1}) == {"v": 1}
    assert cache.cached("thing", [data], lambda: built.append(1) or {"v": 2}) == {"v": 1}
    assert built == [1]


def test_languages_built_on_many_folders_do_not_pile_up(cache_home: Path, tmp_path: Path) -> None:
    for n in range(cache.MAX_CACHED + 5):
        data = tmp_path / f"data{n}"
        data.mkdir()
        cache.cached(f"engine-{n}", [data], lambda: n)
    assert len(list(cache_home.glob("*.pickle"))) == cache.MAX_CACHED
