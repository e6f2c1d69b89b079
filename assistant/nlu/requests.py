"""Which commands of a cover are requests to the car.

The cover says what each span of words could mean; these rules decide what
the driver asked for: not a command inside a story ("I used to drive a
Golf"), not a negated one ("don't open the window"), not a remark that a
command already acts on ("it's hot, turn up the fan"), nothing
when the utterance is about another world ("the living room lights"); and
what several commands of one utterance make together (a self-correction, a
zone carried over, the same command said twice). Reasons said with a request
are in clauses.py.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Callable

from assistant.frames import Frame
from assistant.nlu.clauses import ASKS_NOTHING
from assistant.nlu.cover import Cover, Step
from assistant.nlu.grammar import Grammar
from assistant.nlu.lists import Wild
from assistant.nlu.matcher import Candidate
from assistant.nlu.ontology import Ontology
from assistant.nlu.text import Token, is_cjk

TARGET_SLOTS = ("zone", "window")  # absent, they mean the speaker's own
MAX_PLACE_TOKENS = 6  # a place said right before a remark ("北京", "new york")
STORY_WORDS = 2  # this many unexplained words before a free-text command: a story
MAX_NEGATION_TOKENS = 6  # "i do not want you to", "there is no need to"


def not_in_a_story(cover: Cover, words: list[str], narrative: frozenset[str],
                   why: set[int] = frozenset()) -> list[Candidate]:
    """Commands, without free-text ones told inside a story.

    "I used to drive a Golf" matches "drive {place}", but a command whose
    object is free text, after unexplained words that tell of the past or of
    someone else ("used", "wants"), or after several unexplained words, is not
    a request. A language without narrative words (Chinese: no spaces, so any
    stray character is suspect) drops it after any unexplained word. Words
    that only say why (`why`, see clauses.reasons) tell no story.
    """
    kept, run, story = [], 0, False
    for step in cover.steps:
        if step.kind == "unexplained" and step.start not in why:
            run += 1
            story = story or words[step.start] in narrative
        elif step.kind in ("command", "connector"):
            told = story or run >= STORY_WORDS or (run and not narrative)
            if step.kind == "command" and not (told and step.candidate.wild):
                kept.append(step.candidate)
            run, story = 0, False
    return kept


def negated(command: Candidate, cover: Cover, words: list[str], grammar: Grammar) -> bool:
    """"don't open the window": a negation just before a command, not explained by another
    command (a remark or a one-word answer such as 不要 "no" does not count)."""
    low = max(0, command.start - MAX_NEGATION_TOKENS)
    free = set()
    for s in cover.steps[bisect_right(cover.steps, low, key=_end):]:  # only the steps just before it
        if s.start >= command.start:
            break
        if s.kind != "command" or s.candidate.template.remark or s.candidate.template.alone:
            free.update(range(s.start, s.end))
    return any(end == command.start and all(i in free for i in range(start, end))
               for start in range(low, command.start)
               for end, _ in grammar.negations.match(words, start))


def _end(step: Step) -> int:
    return step.end


def off_topic(unsure: set[int], words: list[str], grammar: Grammar,
              reheard: set[int] = frozenset()) -> bool:
    """A word of another world ("living room", 手机) that no command explains: not for the car.

    A one-character word inside a command that only a correction found does not
    count: it was a piece of a misheard command word (被 of 后被箱, 话 of 打点话);
    a whole word does ("drone" is no misheard "done").
    """
    return any(all(i in unsure for i in range(start, end))
               and not (end - start == 1 and start in reheard and len(words[start]) == 1)
               for start in unsure
               for end, _ in grammar.off_topic.match(words, start))


def unsure(cover: Cover, tokens: list[Token], grammar: Grammar) -> set[int]:
    """Positions no command explains: unexplained, polite, or free text (a topic excepted)."""
    polite = {i for s in cover.steps if s.kind == "polite" for i in range(s.start, s.end)}
    return set(doubtful(cover, tokens, grammar)) | polite


def doubtful(cover: Cover, tokens: list[Token], grammar: Grammar | None = None) -> list[int]:
    """Positions explained by nothing, or only as free text: where a word may be misheard.

    With the grammar, the topic of a question (free text of any words, no
    catalogue) is not doubtful.
    """
    free = set(cover.unexplained)
    for c in cover.commands:
        for _, list_name, value, _ in c.captures:
            if isinstance(value, Wild) and not (grammar and _is_topic(grammar.lists[list_name].spec)):
                free.update(range(value.first, value.last))
    return sorted(free)


def _is_topic(spec) -> bool:
    return spec.any_words and not spec.catalogue


def without_motivating_remarks(commands: list[Candidate], words: list[str],
                               joints: frozenset[str] = frozenset()) -> list[Candidate]:
    """Next to an explicit command, a remark only says why: "it's hot, turn up the fan",
    "it's cold, close the window", "the baby is asleep, turn it down" are one request each."""
    if all(c.template.remark for c in commands):
        return commands
    kept = [c for i, c in enumerate(commands)
            if not c.template.remark or (i and _zone_only_follow_up(c) and not commands[i - 1].template.remark)]
    # so is a question for the manual said next to a command with no "and" between:
    # "call the dealer, the engine light is on", "放交通广播，看看前面怎么回事" ask for the
    # command alone ("navigate home and tell me how to pair my phone" asks for both)
    explicit = [c for c in kept if not c.template.intent.startswith(ASKS_NOTHING)]
    return [c for c in kept if not c.template.intent.startswith("genius.")
            or not any(_only_a_comma_between(c, e, words, joints) for e in explicit)]


def _only_a_comma_between(a: Candidate, b: Candidate, words: list[str], joints: frozenset[str]) -> bool:
    first, second = (a, b) if a.end <= b.start else (b, a)
    between = words[first.end:second.start]
    return "," in between and not joints.intersection(between)


def _zone_only_follow_up(c: Candidate) -> bool:
    """"the passenger side too", 主驾也要: see zones_carried."""
    return (c.template.intent == "dialog.continue" and not c.template.slots
            and [slot for slot, *_ in c.captures] == ["zone"])


def corrected(commands: list[Candidate], words: list[str], grammar: Grammar) -> list[Candidate]:
    """"open the window, no wait, the sunroof", "set it to 20, no, 21", 温度调到20度，不对，
    21度: a command followed by a correction and another command is replaced by it."""
    ordered = sorted(commands, key=lambda c: c.start)
    dropped = {id(a) for a, b in zip(ordered, ordered[1:])
               if any(grammar.corrections.match(words, i) for i in range(a.end, b.start))}
    return [c for c in commands if id(c) not in dropped]


def zones_carried(frames: list[Frame], ontology: Ontology | None) -> list[Frame]:
    """A follow-up naming only a zone, right after a command of the same utterance,
    is that command for the zone: "副驾座椅加热开到二档主驾也开一下", "set the
    driver side to 22 and the passenger side too" are two commands, not one and a
    follow-up for later."""
    out: list[Frame] = []
    for frame in frames:
        if (out and out[-1].domain != "dialog" and frame.intent == "dialog.continue"
                and set(frame.slots) == {"zone"}):
            slot = _zone_slot(out[-1].intent, ontology)
            if slot is None:
                continue  # "play jazz and the passenger side too": nothing to carry there
            frame = replace(out[-1], slots={**out[-1].slots, slot: frame.slots["zone"]}, span=frame.span)
        out.append(frame)
    return out


def _zone_slot(intent: str, ontology: Ontology | None) -> str | None:
    """The slot of an intent that names a zone or a window, if it has one."""
    spec = ontology.intents.get(intent) if ontology else None
    return next((name for name, s in spec.slots.items() if s.type in ("zone", "window")), None) if spec else None


def elsewhere(command: Candidate, cover: Cover, words: list[str], grammar: Grammar,
              is_place: Callable[[int, int], bool]) -> bool:
    """A remark about another place is no request: "it's cold in Canada", "it's so
    hot in Shanghai today", 北京好冷啊. After the remark, "in"/"at" and words it
    does not explain (`elsewhere`); before it, a known place nobody asked to go to."""
    if not command.template.remark:
        return False
    unexplained = set(cover.unexplained)
    # a name, not "in this uniform" or "in her car seat": those stay with the speaker
    named = grammar.names.not_first | set(grammar.common.pronouns) | {"her", "his", "their"}
    after = any(end < len(words) and end in unexplained and words[end] not in named
                for end, _ in grammar.elsewhere.match(words, command.end))
    before = any(is_place(start, command.start) for start in range(max(0, command.start - MAX_PLACE_TOKENS),
                                                                    command.start)
                 if unexplained.issuperset(range(start, command.start)))
    return after or before


def off_car(command: Candidate, words: list[str], grammar: Grammar) -> bool:
    """A question for the manual whose free-text topic names nothing of the car:
    "how do I bake bread", 英语怎么说你好 are not for Car Genius. Nor is any
    command whose free text is only the verb of another ask (names_nothing)."""
    if names_nothing(command, words, grammar):
        return True
    if not command.template.intent.startswith("genius."):
        return False
    car = grammar.car_words
    for _, _, value, _ in command.captures:
        if isinstance(value, Wild) and car:
            topic = words[value.first:value.last]
            chinese = "".join(w for w in topic if is_cjk(w[0]))  # Chinese has no spaces: look inside
            if (not any(w in car for w in topic if not is_cjk(w[0]))
                    and not any(w in chinese for w in grammar.common.car_words if is_cjk(w[0]))):
                return True
    return False


def names_nothing(command: Candidate, words: list[str], grammar: Grammar) -> bool:
    """Chinese free text made only of characters that alone are never a name
    (`not_names`), one of them a polarity word, is a verb, not a name: 打开 of
    打开导航 ("{place} 导航") or 开一下 of 开一下导航 is no destination. Chinese is
    read one character per token, so a multi-character verb cannot be listed
    whole; its characters can."""
    never = grammar.names.not_names
    for _, _, value, _ in command.captures:
        if isinstance(value, Wild) and value.last - value.first > 1:
            said = words[value.first:value.last]
            if (all(len(w) == 1 and is_cjk(w) for w in said) and all(w in never for w in said)
                    and any(w in grammar.polarity for w in said)):
                return True
    return False


def undoubled(frames: list[Frame]) -> list[Frame]:
    """The same command twice in a row is one command: "next next song", "brr, it's
    cold", and said again with more or fewer details ("下个月想去苏州玩，你帮我规划一下",
    "turn on the seat heating, driver and passenger") keeps the fuller saying."""
    out: list[Frame] = []
    for frame in frames:
        last = out[-1] if out else None
        if last is not None and last.intent == frame.intent and _within(last.slots, frame.slots):
            out[-1] = frame  # the second says all the first did, and maybe more
        elif last is None or last.intent != frame.intent or not _within(frame.slots, last.slots):
            out.append(frame)
    return out


def _within(small: dict, large: dict) -> bool:
    """Does `large` say all `small` says? A target left out is the speaker's own
    ("我这边窗户开一半，副驾也开一半" is two windows), so it is no detail to add."""
    return (all(k in large and large[k] == v for k, v in small.items())
            and not any(k in TARGET_SLOTS and k not in small for k in large))
