"""Seed catalogues: places, music, contacts and the owner's manual.

The simulated ecosystem services (maps, music, phone) and Car Genius read
their data from YAML files in ``seeds/``. Each file is a mapping from a *kind*
(``places``, ``artists``, ``tracks``, ``genres``, ``stations``,
``playlists``, ``contacts``, ``manual``) to a list of items; a kind may be
spread over several files (``seeds/README.md`` documents the fields).

Loading is on the hot path of every CLI start, and the same loader reads
generated catalogues of 100k tracks, so the happy path is: one C-speed YAML
parse per file, one pydantic list validation per batch of items, one pass of
cross-checks. For memory, a batch's parsed YAML is dropped once validated and
equal parts of items are shared. Line numbers (from YAML node marks) are only
computed when something is wrong.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import marshal
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = REPO_ROOT / "seeds"

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _cache_dir() -> Path:
    """Per-user cache of parsed seed files (PyYAML, even in C, is the slow part)."""
    if os.environ.get("COCKPIT_CACHE_DIR"):
        return Path(os.environ["COCKPIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cockpit" / "seeds"

Category = Literal[
    "charging_station", "gas_station", "parking", "restaurant", "coffee", "rest_area",
    "restroom", "hotel", "hospital", "supermarket", "car_wash", "attraction",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]

Aliases = tuple[str, ...]


class _Item(BaseModel):
    """Base of every seed item: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Place(_Item):
    """A point of interest, landmark or city (category None)."""

    id: str
    name: str
    name_zh: str | None = None
    aliases: Aliases = ()
    category: Category | None = None
    city: str | None = None
    city_zh: str | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Artist(_Item):
    """A performer; `genre` is the id of its main genre."""

    id: str
    name: str
    name_zh: str | None = None
    aliases: Aliases = ()
    genre: str | None = None


class Track(_Item):
    """A recording; `artist` and `genre` are ids (tracks have no id of their own)."""

    song: str
    song_zh: str | None = None
    artist: str
    album: str | None = None
    genre: str | None = None
    year: int | None = Field(default=None, ge=1600, le=2100)


class Genre(_Item):
    """A music genre with its names in both languages."""

    id: str
    name: str
    name_zh: str | None = None
    aliases: Aliases = ()


class Station(_Item):
    """A radio station; `frequency` as printed on the dial ("FM 103.7")."""

    id: str
    name: str
    name_zh: str | None = None
    frequency: str
    city: str | None = None
    genre: str | None = None
    aliases: Aliases = ()


class Playlist(_Item):
    """A mood or activity playlist, drawn from the listed genres."""

    id: str
    name: str
    name_zh: str | None = None
    aliases: Aliases = ()
    genres: tuple[str, ...] = ()
    description: str | None = None


class Contact(_Item):
    """A phone-book entry; `relation` is set for family ("mom", "wife")."""

    id: str
    name: str
    name_zh: str | None = None
    aliases: Aliases = ()
    relation: str | None = None
    phone: str


class ManualSection(_Item):
    """One section of the owner's manual, in English and Chinese."""

    id: str
    title: str
    title_zh: str
    keywords: tuple[str, ...] = ()
    keywords_zh: tuple[str, ...] = ()
    text: str
    text_zh: str


KINDS: dict[str, type[_Item]] = {
    "places": Place,
    "artists": Artist,
    "tracks": Track,
    "genres": Genre,
    "stations": Station,
    "playlists": Playlist,
    "contacts": Contact,
    "manual": ManualSection,
}
_ADAPTERS: dict[str, TypeAdapter] = {k: TypeAdapter(list[m]) for k, m in KINDS.items()}


def _index(items: tuple[Any, ...]) -> dict[str, Any]:
    return {item.id: item for item in items}


class Seeds(BaseModel):
    """Every catalogue, plus id lookups built once on first use."""

    model_config = ConfigDict(frozen=True)

    places: tuple[Place, ...] = ()
    artists: tuple[Artist, ...] = ()
    tracks: tuple[Track, ...] = ()
    genres: tuple[Genre, ...] = ()
    stations: tuple[Station, ...] = ()
    playlists: tuple[Playlist, ...] = ()
    contacts: tuple[Contact, ...] = ()
    manual: tuple[ManualSection, ...] = ()

    @functools.cached_property
    def _places(self) -> dict[str, Place]:
        return _index(self.places)

    @functools.cached_property
    def _artists(self) -> dict[str, Artist]:
        return _index(self.artists)

    @functools.cached_property
    def _genres(self) -> dict[str, Genre]:
        return _index(self.genres)

    @functools.cached_property
    def _stations(self) -> dict[str, Station]:
        return _index(self.stations)

    @functools.cached_property
    def _playlists(self) -> dict[str, Playlist]:
        return _index(self.playlists)

    @functools.cached_property
    def _contacts(self) -> dict[str, Contact]:
        return _index(self.contacts)

    @functools.cached_property
    def _manual(self) -> dict[str, ManualSection]:
        return _index(self.manual)

    @functools.cached_property
    def _tracks_by_artist(self) -> dict[str, tuple[Track, ...]]:
        groups: dict[str, list[Track]] = {}
        for track in self.tracks:
            groups.setdefault(track.artist, []).append(track)
        return {k: tuple(v) for k, v in groups.items()}

    def place(self, id: str) -> Place | None:
        """The place with this id, or None."""
        return self._places.get(id)

    def artist(self, id: str) -> Artist | None:
        """The artist with this id, or None."""
        return self._artists.get(id)

    def genre(self, id: str) -> Genre | None:
        """The genre with this id, or None."""
        return self._genres.get(id)

    def station(self, id: str) -> Station | None:
        """The radio station with this id, or None."""
        return self._stations.get(id)

    def playlist(self, id: str) -> Playlist | None:
        """The playlist with this id, or None."""
        return self._playlists.get(id)

    def contact(self, id: str) -> Contact | None:
        """The contact with this id, or None."""
        return self._contacts.get(id)

    def section(self, id: str) -> ManualSection | None:
        """The manual section with this id, or None."""
        return self._manual.get(id)

    def tracks_by(self, artist_id: str) -> tuple[Track, ...]:
        """Every track of one artist, in catalogue order."""
        return self._tracks_by_artist.get(artist_id, ())

    def places_in(self, category: str) -> tuple[Place, ...]:
        """Every place of one navigation category."""
        return tuple(p for p in self.places if p.category == category)


class SeedsError(Exception):
    """The seed data has problems; `problems` lists them all as `file:line: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "seed data is invalid"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else ""))


# --------------------------------------------------------------------------- loading


@dataclass
class _Chunk:
    """One kind's list in one file: where its items came from.

    `raw` is emptied as it is validated: with 180k items, the parsed YAML and
    the models together would double the peak memory.
    """

    path: Path
    kind: str
    raw: list[Any]
    start: int  # index of its first item in the merged list of that kind


class _Report:
    """Collects problems; composes a file's YAML nodes only when a line is needed."""

    def __init__(self) -> None:
        self._found: list[tuple[str, int, str]] = []
        self._nodes: dict[Path, yaml.Node | None] = {}

    def add(self, path: Path, line: int, message: str) -> None:
        self._found.append((_display(path), line, message))

    @property
    def problems(self) -> list[str]:
        """`file:line: message`, sorted by file and line."""
        return [f"{f}:{line}: {m}" for f, line, m in sorted(self._found, key=lambda p: (p[0], p[1]))]

    def line(self, path: Path, kind: str | None = None, index: int | None = None,
             keys: tuple[Any, ...] = ()) -> int:
        """Best line for kind[index].key..., falling back to the nearest enclosing node."""
        node = self._root(path)
        line = node.start_mark.line + 1 if node is not None else 1
        for step in ((kind,) if kind is not None else ()) + ((index,) if index is not None else ()) + keys:
            node = _child(node, step)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line

    def _root(self, path: Path) -> yaml.Node | None:
        if path not in self._nodes:
            try:
                self._nodes[path] = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                self._nodes[path] = None
        return self._nodes[path]


def _child(node: yaml.Node | None, step: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(step):
                # an unknown key is best reported at the key itself
                return value if not isinstance(value, yaml.ScalarNode) else key
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step]
    return None


def _display(path: Path) -> str:
    """A path relative to the repo (or the working directory) when possible."""
    for base in (REPO_ROOT, Path.cwd()):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _parse(raw: bytes) -> Any:
    """YAML text to Python data, memoised on disk by content hash (marshal is ~30x faster).

    The cache is an optimisation only: any failure to read or write it is ignored,
    and broken YAML is never cached, so errors are always reported from the source.
    """
    key = hashlib.blake2b(raw, digest_size=16).hexdigest()
    cached = _cache_dir() / f"{key}.{sys.implementation.cache_tag}.marshal"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = yaml.load(raw.decode("utf-8"), Loader=_Loader)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, cached)
    except (OSError, ValueError):  # read-only home, or a value marshal cannot store
        pass
    return data


def _read(path: Path, report: _Report) -> dict[str, Any] | None:
    """Parse one YAML file; broken YAML or a non-mapping top level is a problem."""
    try:
        data = _parse(path.read_bytes())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        where = ""
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            where = f" ({exc.context} started on line {exc.context_mark.line + 1})"
        report.add(path, line, f"broken YAML: {exc.problem or exc.context}{where}")
        return None
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        report.add(path, 1, f"unreadable: {exc}")
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        report.add(path, 1, f"top level must be a mapping of kinds ({', '.join(KINDS)})")
        return None
    return data


def _chunks(root: Path, report: _Report) -> Iterator[_Chunk]:
    """Every (file, kind) list under root, in file order."""
    sizes = dict.fromkeys(KINDS, 0)
    for path in sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml")):
        data = _read(path, report)
        for kind, raw in (data or {}).items():
            if kind not in KINDS:
                report.add(path, report.line(path, kind), f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
                continue
            if not isinstance(raw, list):
                report.add(path, report.line(path, kind), f"{kind}: must be a list")
                continue
            start, sizes[kind] = sizes[kind], sizes[kind] + len(raw)
            yield _Chunk(path, kind, raw, start)


def _describe(error: dict[str, Any]) -> str:
    """One pydantic error as a short human sentence."""
    field = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    if kind == "missing":
        return f"missing field {field!r}"
    if kind == "extra_forbidden":
        return f"unknown key {field!r}"
    if kind == "literal_error":
        return f"{field}: {error['input']!r} is not one of {error.get('ctx', {}).get('expected', '')}"
    return f"{field}: {error['msg'].lower()} (got {error['input']!r})"


def _label(kind: str, item: Any) -> str:
    """How a problem names its item, raw YAML data or a model: by id, or by song."""
    if isinstance(item, dict):
        ident = item.get("id") or item.get("song")
    else:
        ident = getattr(item, "id", None) or getattr(item, "song", None)
    return f"{kind[:-1] if kind.endswith('s') else kind} {ident!r}" if ident else kind


_BATCH = 4096


def _validate(chunk: _Chunk, report: _Report) -> list[Any]:
    """Validate a chunk batch by batch, dropping each raw batch once it is models."""
    items: list[Any] = []
    shared: dict[Any, Any] = {}
    while chunk.raw:
        batch = _validate_batch(chunk.path, chunk.kind, chunk.raw[:_BATCH], len(items), report)
        items.extend(_share(batch, shared))
        del chunk.raw[:_BATCH]
    return items


_REPEATED = ("artist", "genre", "album", "city", "city_zh", "category", "relation")


def _share(items: list[Any], shared: dict[Any, Any]) -> list[Any]:
    """Equal parts of items become one object: a third of the catalogues' memory.

    Each model has its own `__pydantic_fields_set__` (~700 bytes) and its own
    copy of ids and cities that thousands of items repeat. Sharing is safe for
    frozen models: pydantic only changes the set on assignment, and
    `model_copy` copies it first.
    """
    for item in items:
        if item is None:
            continue
        mine = item.__pydantic_fields_set__
        object.__setattr__(item, "__pydantic_fields_set__", shared.setdefault(frozenset(mine), mine))
        values = item.__dict__
        for field in _REPEATED:
            value = values.get(field)
            if value is not None:
                values[field] = shared.setdefault(value, value)
    return items


def _validate_batch(path: Path, kind: str, batch: list[Any], offset: int, report: _Report) -> list[Any]:
    """Validate a batch (from `offset` in its file's list) in one go; on failure, per item."""
    try:
        return _ADAPTERS[kind].validate_python(batch)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    bad: dict[int, list[dict[str, Any]]] = {}
    for error in errors:
        index, *loc = error["loc"]
        bad.setdefault(int(index), []).append({**error, "loc": tuple(loc)})
    model = KINDS[kind]
    items: list[Any] = []
    for i, raw in enumerate(batch):
        if i not in bad:
            items.append(model.model_validate(raw))
            continue
        for error in bad[i]:
            keys = error["loc"][:1] if error["type"] != "missing" else ()
            line = report.line(path, kind, offset + i, keys)
            message = _describe(error) if error["loc"] or error["type"] != "model_type" else "must be a mapping"
            report.add(path, line, f"{_label(kind, raw)}: {message}")
        items.append(None)  # keep positions aligned with the raw list
    return items


_GENRE_FIELD = {"artists": "genre", "tracks": "genre", "stations": "genre", "playlists": "genres"}


def _duplicates(kind: str, items: list[Any]) -> Iterator[tuple[int, str, str]]:
    """(position, field, message) for every repeat of an id, or of (artist, song) for tracks."""
    if kind == "tracks":
        keys = [(t.artist, t.song.casefold()) if t is not None else None for t in items]
    else:
        keys = [i.id if i is not None else None for i in items]
    present = [key for key in keys if key is not None]
    if len(set(present)) == len(present):
        return  # fast path: all distinct
    seen: set[Any] = set()
    for position, key in enumerate(keys):
        if key is not None and key in seen:
            item = items[position]
            if kind == "tracks":
                yield position, "song", f"duplicate track {item.song!r} by {item.artist!r}"
            else:
                yield position, "id", f"duplicate id {item.id!r}"
        seen.add(key)


def _dangling(kind: str, items: list[Any], known: dict[str, set[str]]) -> Iterator[tuple[int, str, str]]:
    """(position, field, message) for references to an unknown artist or genre."""
    artists, genres = known["artists"], known["genres"]
    if kind == "tracks":
        for position, track in enumerate(items):
            if track is not None and track.artist not in artists:
                yield position, "artist", f"unknown artist {track.artist!r}"
    field = _GENRE_FIELD.get(kind)
    if field is None or not genres:  # genre references are checked when the catalogue has genres
        return
    for position, item in enumerate(items):
        if item is None:
            continue
        value = getattr(item, field)
        for genre in (value if isinstance(value, tuple) else (value,)):
            if genre is not None and genre not in genres:
                yield position, field, f"unknown genre {genre!r}"


def _cross_check(kind: str, items: list[Any], chunks: list[_Chunk], known: dict[str, set[str]],
                 report: _Report) -> None:
    """Duplicate ids and references to unknown artists or genres, with their lines."""
    found = sorted([*_duplicates(kind, items), *_dangling(kind, items, known)], key=lambda p: p[0])
    for position, field, message in found:
        chunk = _chunk_at(chunks, position)
        index = position - chunk.start
        line = report.line(chunk.path, kind, index, (field,))
        report.add(chunk.path, line, f"{_label(kind, items[position])}: {message}")


def _chunk_at(chunks: list[_Chunk], position: int) -> _Chunk:
    for chunk in reversed(chunks):
        if chunk.start <= position:
            return chunk
    return chunks[0]


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic GC: building 100k+ acyclic objects triggers it constantly (4x slower)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(root: Path | None) -> tuple[Seeds | None, list[str]]:
    """Parse, validate and cross-check every seed file; the problems, all of them."""
    with _no_gc():
        return _load_all(root)


def _load_all(root: Path | None) -> tuple[Seeds | None, list[str]]:
    root = Path(root) if root is not None else DEFAULT_ROOT
    report = _Report()
    if not root.is_dir():
        return None, [f"{_display(root)}:1: seed folder not found"]
    chunks: dict[str, list[_Chunk]] = {kind: [] for kind in KINDS}
    items: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    for chunk in _chunks(root, report):
        chunks[chunk.kind].append(chunk)
        items[chunk.kind].extend(_validate(chunk, report))
    known = {kind: {i.id for i in items[kind] if i is not None} for kind in ("artists", "genres")}
    for kind in KINDS:
        _cross_check(kind, items[kind], chunks[kind], known, report)
    if report.problems:
        return None, report.problems
    seeds = Seeds.model_construct(**{kind: tuple(items[kind]) for kind in KINDS})
    return seeds, []


def check_seeds(root: Path | None = None) -> list[str]:
    """Every problem in the seed files, as `file:line: message` (empty when all is well)."""
    return _load(root)[1]


def load_seeds(root: Path | None = None) -> Seeds:
    """Load the catalogues from `root` (default: the repo's `seeds/`); SeedsError if bad."""
    seeds, problems = _load(root)
    if problems or seeds is None:
        raise SeedsError(problems)
    return seeds


@functools.lru_cache(maxsize=1)
def get_seeds() -> Seeds:
    """The repo's seeds, loaded once per process."""
    return load_seeds()
