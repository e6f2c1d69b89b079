"""Which commands of a cover are requests to the car.

The cover says what each span of words could mean; these rules decide what
the driver asked for: not a command inside a story ("I used to drive a
Golf"), not a negated one ("don't open the window"), not a remark that a
command already acts on ("it's hot, turn up the fan"), nothing
when the utterance is about another world ("the living room lights").
"""

from __future__ import annotations

from dataclasses import replace

from assistant.frames import Frame
from assistant.nlu.cover import Cover
from assistant.nlu.grammar import Grammar
from assistant.nlu.lists import Wild
from assistant.nlu.matcher import Candidate
from assistant.nlu.ontology import Ontology
from assistant.nlu.text import Token

ASKS_NOTHING = ("dialog.", "genius.")  # domains whose command alone is no request clause
TARGET_SLOTS = ("zone", "window")  # absent, they mean the speaker's own
STORY_WORDS = 2  # this many unexplained words before a free-text command: a story
MAX_NEGATION_TOKENS = 6  # "i do not want you to", "there is no need to"


def reasons(cover: Cover, words: list[str], grammar: Grammar, after_only: bool = False) -> set[int]:
    """Words that only say why: unexplained ones before an ask, or a clause next to
    a clause that is a whole command. They never count as unexplained; with
    `after_only`, only the clauses after the request (where off-topic words are
    a reason too: "空调关了，费电", "再放一遍小酒窝，他们爱听"; before it they still
    tell who is spoken to: "乖，别哭了，马上就到家").

    "fan down, it's a wind tunnel in here", "this traffic is killing me, find a
    faster way", "pop the trunk, they've got luggage": one clause asks, the
    other explains. Before the request, a clause that tells of someone else or
    the past ("my wife always says, turn the music down") is a story, and counts.
    """
    out = set() if after_only else preamble(cover, words, grammar)
    clauses = _clauses(words, grammar.clause_breaks)
    unexplained = set(cover.unexplained)
    # a short answer ("ok", "no", "stop it") is no clause of its own: "stop it, both of
    # you"; a remark is none when a clause takes it back: "i'm hot, but leave the ac
    # alone"; a question's topic may be anything, the other clause says what about
    # ("my phone has no signal, where is the roaming setting")
    contrasted = any(w in grammar.contrasts for w in words)
    commanded = {i for c in cover.commands
                 if not c.template.intent.startswith(ASKS_NOTHING) and not (c.template.remark and contrasted)
                 for i in range(c.start, c.end)}
    asking = [k for k, clause in enumerate(clauses) if commanded.intersection(clause)
              and not unexplained.intersection(clause)]
    if not asking:
        return out
    for k, clause in enumerate(clauses):
        before = k < asking[0]
        story = before and any(words[i] in grammar.names.narrative for i in clause)
        if k not in asking and not story and not (before and after_only) and unexplained.intersection(clause):
            out.update(clause)  # it says why
    return out


def inside_a_reason(command: Candidate, why: set[int], commands: list[Candidate]) -> bool:
    """A remark or an answer inside a reason is a piece of it, not a request ("...,
    she has too many bags": 太多了 is no "less"); so is a name or a lone word next
    to an explicit command ("sound back on, call's done", "AC off, waste of
    battery"), but not next to a remark ("I'm in a rush, whatever's quickest")."""
    if not why.issuperset(range(command.start, command.end)):
        return False
    if asks_nothing(command):
        return True
    explicit = any(not asks_nothing(c) and not why.issuperset(range(c.start, c.end)) for c in commands)
    return explicit and (bool(command.wild) or command.end - command.start == 1)


def asks_nothing(command: Candidate) -> bool:
    """A remark, an answer or a question: nothing asked of the car in so many words."""
    return command.template.remark or command.template.intent.startswith(ASKS_NOTHING)


def own_clause(command: Candidate, cover: Cover, words: list[str], grammar: Grammar) -> bool:
    """Is the command a whole clause of a command utterance ("next, and turn it up")?

    A whole-utterance word ("next", "yes") counts there too; inside a longer
    clause ("... next month") or among unexplained words it does not.
    """
    if command.template.intent.startswith(ASKS_NOTHING + ("system.",)) or cover.unexplained:
        return False  # an answer or "can you help me" is only ever the whole utterance
    breaks = (grammar.clause_breaks | grammar.connector_words) - set(words[command.start:command.end])
    for clause in _clauses(words, breaks):
        if command.start in clause:
            return set(clause) <= set(range(command.start, command.end))
    return False


def _clauses(words: list[str], breaks: frozenset[str]) -> list[list[int]]:
    """Positions of each clause, cut at commas and clause words ("so", "because")."""
    clauses: list[list[int]] = [[]]
    for i, word in enumerate(words):
        if word == "," or word in breaks:
            clauses.append([])
        else:
            clauses[-1].append(i)
    return clauses


def preamble(cover: Cover, words: list[str], grammar: Grammar) -> set[int]:
    """Unexplained words before an ask that leads into a command: only the why.

    "we're running late so could you just get me to the airport": the driver
    asks ("could you") for a command; what came before explains the request,
    it does not make it a story, nor out of scope by its length.
    """
    out: set[int] = set()
    steps = cover.steps
    for k, step in enumerate(steps):
        if step.kind != "command":
            continue
        first = k
        while first > 0 and steps[first - 1].kind == "polite":
            first -= 1
        lead_in = range(steps[first].start, step.start + 1)
        if any(end <= step.end for p in lead_in for end, _ in grammar.asks.match(words, p)):
            out.update(i for i in cover.unexplained if i < steps[first].start)
    return out


def not_in_a_story(cover: Cover, words: list[str], narrative: frozenset[str],
                   why: set[int] = frozenset()) -> list[Candidate]:
    """Commands, without free-text ones told inside a story.

    "I used to drive a Golf" matches "drive {place}", but a command whose
    object is free text, after unexplained words that tell of the past or of
    someone else ("used", "wants"), or after several unexplained words, is not
    a request. A language without narrative words (Chinese: no spaces, so any
    stray character is suspect) drops it after any unexplained word. Words
    that only say why (`why`, see preamble) tell no story.
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
    free = {i for s in cover.steps
            if s.kind != "command" or s.candidate.template.remark or s.candidate.template.alone
            for i in range(s.start, s.end)}
    return any(end == command.start and all(i in free for i in range(start, end))
               for start in range(max(0, command.start - MAX_NEGATION_TOKENS), command.start)
               for end, _ in grammar.negations.match(words, start))


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


def off_car(command: Candidate, words: list[str], grammar: Grammar) -> bool:
    """A question for the manual whose free-text topic names nothing of the car:
    "how do I bake bread", 英语怎么说你好 are not for Car Genius."""
    if not command.template.intent.startswith("genius."):
        return False
    car = grammar.car_words
    for _, list_name, value, _ in command.captures:
        if isinstance(value, Wild) and car:
            topic = words[value.first:value.last]
            said = "".join(topic)
            if not any(w in car for w in topic) and not any(w in said for w in grammar.common.car_words):
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
