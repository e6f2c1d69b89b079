"""The shapes of the intent data files, validated with pydantic at load.

`intents/<lang>/_common.yaml` holds what every domain shares (lists, rules,
normalisation, connectors, wake phrases); `intents/<lang>/<domain>.yaml` holds
intents and their templates.
"""

from __future__ import annotations

from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field

Scalar = Union[bool, int, float, str]
CatalogueKind = Literal["places", "artists", "songs", "albums", "genres",
                        "playlists", "stations", "contacts"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ValueSpec(_Strict):
    """Phrases (`in`) that all mean one slot value (`out`)."""

    in_: list[str] = Field(alias="in", min_length=1)
    out: Scalar


class RangeSpec(_Strict):
    min: float
    max: float
    integer: bool = False  # "fan to 2.5" is no fan level


class ListSpec(_Strict):
    """Where a slot's value comes from: phrases, numbers, catalogues or free text."""

    values: list[Union[str, ValueSpec]] = []
    range: RangeSpec | None = None
    catalogue: list[CatalogueKind] = []
    wildcard: bool = False  # unknown words are kept as said
    wildcard_slot: str | None = None  # slot for an unknown name of a mixed catalogue
    long_wildcard_slot: str | None = None  # ... when it is LONG_NAME_WORDS long or more (a title)
    fahrenheit: tuple[float, float] | None = None  # a bare number in this range is °F
    multi: bool = True  # "driver and passenger" names several values
    format: str | None = None  # a number becomes text: "FM {}" -> "FM 103.7"
    any_words: bool = False  # free text may hold never_in_names words after its first (titles, topics)


class ExtraFrame(_Strict):
    """A second frame one phrase implies ("shuffle some jazz" also sets shuffle)."""

    intent: str
    slots: dict[str, Scalar] = {}


class DataBlock(_Strict):
    """Templates that share fixed slots and flags."""

    sentences: list[str] = Field(min_length=1)
    slots: dict[str, Scalar] = {}
    remark: bool = False  # a vague remark or scene: dropped when a command follows
    also: list[ExtraFrame] = []  # frames emitted after the template's own
    alone: bool = False  # only when it is the whole utterance ("yes", 好): not inside chit-chat
    # the way the words point, whatever came before: "lower", 再低一点 (dialog.continue)
    heading: Literal["up", "down"] | None = None


class IntentSpec(_Strict):
    data: list[DataBlock] = Field(min_length=1)


class IntentFile(_Strict):
    language: str
    intents: dict[str, IntentSpec] = {}
    lists: dict[str, ListSpec] = {}
    rules: dict[str, str] = {}


class WakeSpec(_Strict):
    phrases: list[str] = []  # exact wake phrases
    greetings: list[str] = []  # "hey", "ok" ... before a fuzzy name
    names: list[str] = []  # the assistant's name as an ASR may spell it


class NormaliseSpec(_Strict):
    contractions: dict[str, str] = {}
    replacements: dict[str, str] = {}  # explicit ASR synonyms ("turn of" -> "turn off")
    fillers: list[str] = []  # disfluencies dropped before matching, with the commas around them
    hesitations: list[str] = []  # dropped only when set off by commas (", like,")


class CommonFile(_Strict):
    language: str
    lists: dict[str, ListSpec] = {}
    rules: dict[str, str] = {}
    normalise: NormaliseSpec = NormaliseSpec()
    skippable: list[str] = []  # politeness phrases skipped between commands
    connectors: list[str] = []  # words that join commands
    joiners: list[str] = []  # words that join several targets of one command
    polarity: list[str] = []  # words fuzzy matching must never produce or change
    homophones: dict[str, str] = {}  # unexplained word -> the word an ASR may have meant
    not_names: list[str] = []  # words that alone are never a name ("play it")
    off_topic: list[str] = []  # left unexplained, they show the request is not for the car
    negations: list[str] = []  # said right before a command, they cancel it ("don't open the window")
    # said right before a command, they ask for it: what comes before is only why
    # ("we're running late, so could you get me to the airport")
    asks: list[str] = []
    clause_breaks: list[str] = []  # words that end a clause like a comma ("so", "because")
    reason_starts: list[str] = []  # after a first command they start a clause that says why ("i", "my")
    # a free-text question for the manual must name one ("how do I bake bread" is
    # not about the car); English: whole words, Chinese: any of them inside the topic
    car_words: list[str] = []
    # "intent intent ...": words that, said elsewhere in the utterance, choose that
    # reading of a command that could be either ("the music is loud, bring it down to 20")
    cues: dict[str, list[str]] = {}
    # between two commands, the second corrects the first ("set it to 20, no, 21")
    corrections: list[str] = []
    shared_markers: list[str] = []
    pronouns: list[str] = []
    elsewhere: list[str] = []  # after a remark, with words it does not explain: another place  # stand for a thing said before a comma ("the sunroof, open it")  # "both" of "X and Y both on" (都), left out of a shared tail
    contrasts: list[str] = []  # "but", "though": a clause with one may take a remark back
    never_in_names: list[str] = []  # words an unknown name never contains ("call you later")
    not_first_in_names: list[str] = []  # words an unknown name never starts with ("play the news")
    narrative: list[str] = []  # unexplained before a free-text command, it is a story, not a request
    wake: WakeSpec = WakeSpec()
