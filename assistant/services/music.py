"""The music service: what a play request names, as the catalogue knows it."""

from __future__ import annotations

from typing import Any

from assistant.services.names import NameIndex
from assistant.vehicle.actions import Play
from assistant.vehicle.state import Track


class Music:
    """Resolve artist, song, album, genre, playlist and station names."""

    def __init__(self, seeds: Any) -> None:
        self._seeds = seeds
        self._artists: NameIndex[Any] = NameIndex(
            ((a.name, a.name_zh, *a.aliases), a) for a in seeds.artists)
        self._songs: NameIndex[Any] = NameIndex(((t.song, t.song_zh), t) for t in seeds.tracks)
        self._genres: NameIndex[Any] = NameIndex(
            ((g.id, g.name, g.name_zh, *g.aliases), g) for g in seeds.genres)
        self._playlists: NameIndex[Any] = NameIndex(
            ((p.name, p.name_zh, *p.aliases), p) for p in seeds.playlists)
        self._stations: NameIndex[Any] = NameIndex(
            ((s.name, s.name_zh, s.frequency, *s.aliases), s) for s in seeds.stations)

    def play(self, slots: dict[str, Any], language: str = "en") -> Play:
        """The Play action for a media.play frame; unknown names play as said.

        Names are stored in the request's language where the catalogue has them.
        """
        if "station" in slots:
            station = self._stations.find(str(slots["station"]))
            return Play(station=_station_label(station, language) if station else str(slots["station"]))
        if "playlist" in slots:
            playlist = self._playlists.find(str(slots["playlist"]))
            return Play(playlist=_named(playlist, language) if playlist else str(slots["playlist"]))
        if any(k in slots for k in ("song", "artist", "album", "genre")):
            return Play(track=self.track(slots, language))
        return Play()

    def track(self, slots: dict[str, Any], language: str = "en") -> Track:
        """The track named: the song, else the artist's or the genre's first track."""
        said = {k: str(v) for k, v in slots.items() if k in ("song", "artist", "album", "genre")}
        artist = self._artists.find(said["artist"]) if "artist" in said else None
        song = self._songs.find(said["song"]) if "song" in said else None
        if song is None and artist is not None and "song" not in said:
            song = next(iter(self._seeds.tracks_by(artist.id)), None)
        if song is not None:
            return self._from_catalogue(song, language)
        genre = self._genres.find(said["genre"]) if "genre" in said else None
        return Track(song=said.get("song"),
                     artist=_named(artist, language) if artist else said.get("artist"),
                     album=said.get("album"),
                     genre=_genre_name(genre, language) if genre else said.get("genre"))

    def _from_catalogue(self, track: Any, language: str) -> Track:
        artist = self._seeds.artist(track.artist)
        genre = self._seeds.genre(track.genre) if track.genre else None
        song = track.song_zh if language == "zh" and track.song_zh else track.song
        return Track(song=song, artist=_named(artist, language) if artist else track.artist,
                     album=track.album, genre=_genre_name(genre, language) if genre else track.genre)


def _named(item: Any, language: str) -> str:
    """A catalogue item's name in the language of the request, where it has one."""
    return item.name_zh if language == "zh" and item.name_zh else item.name


def _genre_name(genre: Any, language: str) -> str:
    return genre.name_zh if language == "zh" and genre.name_zh else genre.name.lower()


def _station_label(station: Any, language: str) -> str:
    """The station's name, with its frequency when the name lacks it."""
    name = _named(station, language)
    number = station.frequency.split()[-1]
    return name if number in name else f"{station.frequency} {name}"
