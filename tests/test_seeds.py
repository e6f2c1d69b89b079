"""The seed catalogues load, meet their size contract, and bad data is reported as file:line."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.seeds import CATEGORIES, SeedsError, check_seeds, get_seeds, load_seeds

HAS_ZH = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def seeds():
    return load_seeds()


def test_real_seeds_have_no_problems():
    assert check_seeds() == []


def test_every_category_has_at_least_12_places(seeds):
    counts = Counter(p.category for p in seeds.places)
    assert len(seeds.places) >= 320
    for category in CATEGORIES:
        assert counts[category] >= 12, category
    assert counts[None] > 0  # cities, airports, stations


def test_catalogue_sizes(seeds):
    assert len(seeds.tracks) >= 500
    assert len(seeds.artists) >= 150
    assert len(seeds.contacts) >= 30
    assert len(seeds.manual) >= 45
    assert len(seeds.stations) >= 20
    assert len(seeds.playlists) >= 10


def test_every_track_has_a_known_artist_and_genre(seeds):
    for track in seeds.tracks:
        assert seeds.artist(track.artist) is not None, track
        assert track.genre is None or seeds.genre(track.genre) is not None, track


def test_both_languages_present(seeds):
    for section in seeds.manual:
        assert section.text and HAS_ZH.search(section.text_zh), section.id
        assert HAS_ZH.search(section.title_zh), section.id
    assert all(HAS_ZH.search(p.name_zh or "") for p in seeds.places)
    assert all(g.name_zh for g in seeds.genres)
    assert sum(bool(t.song_zh) for t in seeds.tracks) >= 150


def test_known_names_and_aliases(seeds):
    pudong = seeds.place("sha-pudong-airport")
    assert pudong.name == "Shanghai Pudong International Airport"
    assert {"pudong airport", "浦东机场", "浦东国际机场"} <= set(pudong.aliases)
    assert "jay chou" in seeds.artist("jay-chou").aliases and "周董" in seeds.artist("jay-chou").aliases
    assert "Simon and Garfunkel".lower() in seeds.artist("simon-garfunkel").aliases
    assert any("marks and spencer" in p.aliases for p in seeds.places)
    assert {g.id for g in seeds.genres} >= {"jazz", "rock", "classical", "hip_hop", "cantopop", "lofi"}
    assert any(s.frequency == "FM 103.7" for s in seeds.stations)
    mom = seeds.contact("mom")
    assert {"mum", "mother", "妈妈", "老妈"} <= set(mom.aliases)
    assert "2.5 bar" in seeds.section("tire-pressure").text


def test_lookups(seeds):
    assert seeds.artist("no-such-artist") is None
    assert all(t.artist == "jay-chou" for t in seeds.tracks_by("jay-chou"))
    assert len(seeds.tracks_by("jay-chou")) >= 10
    assert all(p.category == "coffee" for p in seeds.places_in("coffee"))
    assert get_seeds() is get_seeds()


def test_models_are_frozen(seeds):
    with pytest.raises(Exception):
        seeds.places[0].name = "x"  # type: ignore[misc]


BAD_PLACES = """\
places:
- {id: a, name: "A", category: coffee, lat: 31.0, lon: 121.0}
- {id: a, name: "A again", category: coffee, lat: 31.0, lon: 121.0}
- id: b
  name: "B"
  colour: red
  category: cafe
  lat: 31.0
  lon: 121.0
- {id: c, name: 12, lat: 31.0, lon: 121.0}
- {id: d, lat: 31.0, lon: 121.0}
"""

BAD_MUSIC = """\
artists:
- {id: x, name: "X"}
tracks:
- {song: "S", artist: nobody, year: 2000}
"""

BROKEN = """\
contacts:
- {id: m, name: "Mom", phone: "1"
- {id: n, name: "N", phone: "2"}
"""


@pytest.fixture
def bad_root(tmp_path: Path) -> Path:
    (tmp_path / "places.yaml").write_text(BAD_PLACES, encoding="utf-8")
    (tmp_path / "music.yaml").write_text(BAD_MUSIC, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def _find(problems: list[str], file: str, line: int, words: str) -> str:
    hits = [p for p in problems if p.startswith(f"{file}:{line}: ") and words in p]
    assert hits, f"no {file}:{line} problem mentioning {words!r} in:\n" + "\n".join(problems)
    return hits[0]


def test_check_seeds_reports_every_problem_with_file_and_line(bad_root: Path):
    problems = check_seeds(bad_root)
    places, music, broken = (str(bad_root / name) for name in ("places.yaml", "music.yaml", "broken.yaml"))
    _find(problems, places, 3, "duplicate id 'a'")
    _find(problems, places, 6, "unknown key 'colour'")
    _find(problems, places, 7, "'cafe'")
    _find(problems, places, 10, "name")
    _find(problems, places, 11, "missing field 'name'")
    _find(problems, music, 4, "unknown artist 'nobody'")
    _find(problems, broken, 3, "broken YAML")
    assert len(problems) == 7
    assert all(re.match(r"^.+:\d+: .+", p) for p in problems)


def test_load_seeds_raises_seeds_error(bad_root: Path):
    with pytest.raises(SeedsError) as info:
        load_seeds(bad_root)
    assert len(info.value.problems) == 7
    assert "and 6 more problems" in str(info.value)
    assert str(info.value).startswith(info.value.problems[0])


def test_missing_folder_is_a_problem_not_a_traceback(tmp_path: Path):
    problems = check_seeds(tmp_path / "nope")
    assert len(problems) == 1 and "not found" in problems[0]


def test_seeds_split_over_several_files_merge(tmp_path: Path):
    (tmp_path / "a.yaml").write_text('artists:\n- {id: x, name: "X"}\n', encoding="utf-8")
    (tmp_path / "b.yaml").write_text('tracks:\n- {song: "S", artist: x}\n- {song: "T", artist: x}\n',
                                     encoding="utf-8")
    seeds = load_seeds(tmp_path)
    assert [t.song for t in seeds.tracks_by("x")] == ["S", "T"]


def test_problems_in_later_batches_keep_their_lines(tmp_path: Path, monkeypatch):
    import assistant.seeds as seeds_module

    monkeypatch.setattr(seeds_module, "_BATCH", 2)  # validated two items at a time
    artists = "".join(f'- {{id: a{i}, name: "A{i}"}}\n' for i in range(5))
    tracks = "".join(f'- {{song: "S{i}", artist: a{i % 5}}}\n' for i in range(5))
    (tmp_path / "a.yaml").write_text(f"artists:\n{artists}- {{id: a1, name: B}}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(f"tracks:\n{tracks}- {{song: X, artist: zz, year: 1}}\n",
                                     encoding="utf-8")
    assert [p.removeprefix(f"{tmp_path}/") for p in check_seeds(tmp_path)] == [
        "a.yaml:7: artist 'a1': duplicate id 'a1'",
        "b.yaml:7: track 'X': year: input should be greater than or equal to 1600 (got 1)",
    ]


def test_shared_parts_of_models_stay_independent(tmp_path: Path):
    (tmp_path / "a.yaml").write_text('artists:\n- {id: x, name: "X"}\n- {id: y, name: "Y", genre: g}\n'
                                     'tracks:\n- {song: "S", artist: x}\n- {song: "T", artist: x}\n',
                                     encoding="utf-8")
    seeds = load_seeds(tmp_path)
    first, second = seeds.tracks
    changed = first.model_copy(update={"album": "A"})
    assert changed.model_fields_set == {"song", "artist", "album"}
    assert second.model_fields_set == {"song", "artist"}
    assert first.model_dump(exclude_unset=True) == {"song": "S", "artist": "x"}
