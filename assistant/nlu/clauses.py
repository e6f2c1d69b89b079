"""Clauses: which one asks the car for something and which only says why.

"fan down, it's a wind tunnel in here", "we're running late, so could you get
me to the airport", "空调关了，费电": a request comes with reasons. A clause that
is a whole command asks; the others, and words before an ask ("could you"),
explain it: they count neither as unexplained nor as off topic, and a remark
said inside them is no second command.
"""

from __future__ import annotations

from assistant.nlu.cover import Cover
from assistant.nlu.grammar import Grammar
from assistant.nlu.matcher import Candidate

ASKS_NOTHING = ("dialog.", "genius.")  # domains whose command alone is no request clause
# A clause before the request that ends in one of these reports what someone said:
# "my wife always says, turn the music down", "he told me, open the window", "she was
# like, turn it up". The command after it is quoted, not asked.
SPEECH_ENDS = frozenset({"say", "says", "said", "saying", "tell", "tells", "told", "telling", "ask", "asks",
                         "asked", "asking", "goes", "went", "like", "shouted", "shouts", "yelled", "yells",
                         "screamed", "whispered", "reckons", "reckoned", "texted", "wrote", "writes"})
SPEECH_OBJECTS = frozenset({"me", "us", "him", "her", "them", "you", "that"})


def reasons(cover: Cover, words: list[str], grammar: Grammar, after_only: bool = False) -> set[int]:
    """Words that only say why: unexplained ones before an ask, or a clause next to
    a clause that is a whole command. They never count as unexplained; with
    `after_only`, only the clauses after the request (where off-topic words are
    a reason too: "空调关了，费电", "再放一遍小酒窝，他们爱听"; before it they still
    tell who is spoken to: "乖，别哭了，马上就到家").

    "fan down, it's a wind tunnel in here", "this traffic is killing me, find a
    faster way", "pop the trunk, they've got luggage": one clause asks, the
    other explains. Before the request, a clause that tells of someone else or
    the past is a story, and counts; in English only when it ends by reporting
    speech ("my wife always says, turn the music down"): other chatter before
    the request says why ("we were at my mum's and she went on and on, turn the
    heat up").
    """
    out = set() if after_only else preamble(cover, words, grammar)
    unexplained = set(cover.unexplained)
    clauses = _clauses(words, grammar.clause_breaks, _seams(cover, words, grammar, unexplained))
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
        story = before and any(words[i] in grammar.names.narrative for i in clause) and (
            grammar.language != "en" or _reports(words, clause))  # English chatter is a reason unless it quotes
        if k not in asking and not story and not (before and after_only) and unexplained.intersection(clause):
            out.update(clause)  # it says why
    return out
# A clause after a command that starts with "the" says why when a verb follows soon:
# "open the trunk the customer needs his bags"; "warm up the oven to 200" has none.
THE_CLAUSE_VERBS = frozenset({"is", "are", "was", "were", "has", "have", "needs", "need", "wants", "want", "keeps",
                              "keep", "can", "will", "got", "gets", "likes", "hates", "says", "said", "feels", "feel",
                              "just", "finally", "does", "do"})
MAX_SUBJECT_WORDS = 3  # "the customer", "the guy in the back" is too long to tell from an object


def _tells(words: list[str], then: int, unexplained: set[int]) -> bool:
    """Does an unexplained "the ..." after a command start a clause of its own ("the kids are cold")?"""
    if words[then] != "the":
        return False
    ahead = range(then + 1, min(len(words), then + 1 + MAX_SUBJECT_WORDS))
    return any(words[i] in THE_CLAUSE_VERBS and i in unexplained for i in ahead)


def _reports(words: list[str], clause: list[int]) -> bool:
    """Does the clause end by reporting speech ("my wife always says", "he told me")?"""
    last = [words[i] for i in clause[-2:]]
    return bool(last) and (last[-1] in SPEECH_ENDS or (
        len(last) == 2 and last[0] in SPEECH_ENDS and last[1] in SPEECH_OBJECTS))


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
def _seams(cover: Cover, words: list[str], grammar: Grammar, unexplained: set[int]) -> set[int]:
    """Where an unpunctuated clause ends: an explicit command that runs to the end of
    the utterance right after unexplained words starts a clause of its own, as if the
    recogniser had heard the comma ("the wipers are squeaking turn them off", "it's
    starting to spit close the sunroof"); so does one said between two stretches of
    chatter, when what follows it starts anew ("so i was thinking turn on the ac it's
    getting warm"). Remarks, answers and questions make none."""
    if not unexplained or grammar.language != "en":
        return set()  # Chinese runs clauses together by its own rules ("温度计显示二十六度" is no request)
    names = grammar.names
    # a word that binds what follows to what came before ("learning to play", "has heated
    # seats", "want me to put on"): the command is inside the sentence, no clause of its own
    binding = names.never_in_names | names.not_first | names.narrative
    last = max((c.end for c in cover.commands), default=0)
    tail_ok = all(s.kind != "unexplained" for s in cover.steps if s.start >= last)
    # after it: "hit pause a sec my phone's ringing", "cooled seats on please it's a
    # scorcher": a command followed by a clause that starts with someone or something
    # said anew (the speaker, a pronoun, a possessive) says why
    # the first request: an answer or a remark before it ("ok, listen, can you open the sunroof") is no request
    first = min((c.start for c in cover.commands if not asks_nothing(c) and not c.template.alone),
                default=len(words))
    head_ok = all(s.kind != "unexplained" for s in cover.steps if s.end <= first)
    starts = set(grammar.common.pronouns) | set(grammar.common.reason_starts)
    polite = {i for s in cover.steps if s.kind == "polite" for i in range(s.start, s.end)}

    def after(end: int) -> int:  # the first word after the command and its politeness ("..., please it's a scorcher"),
        while end in polite and words[end] not in starts:  # a polite word may start it ("... there's a rig coming")
            end += 1
        return end
    seams: set[int] = set()
    for c in cover.commands:
        if c.end - c.start < 2 or c.wild or asks_nothing(c):
            continue
        then = after(c.end)
        ends_why = (then in unexplained or then in polite) and then < len(words) and (
            words[then] in starts or _tells(words, then, unexplained))
        starts_anew = c.start - 1 in unexplained and words[c.start - 1] not in binding
        if starts_anew and ((c.end == last and tail_ok) or ends_why):
            seams.add(c.start)
        if ends_why and ((c.start == first and head_ok) or starts_anew):
            seams.add(then)
    return seams


def _clauses(words: list[str], breaks: frozenset[str], seams: set[int] = frozenset()) -> list[list[int]]:
    """Positions of each clause, cut at commas and clause words ("so", "because"), and
    at the seams of unpunctuated speech."""
    clauses: list[list[int]] = [[]]
    for i, word in enumerate(words):
        if i in seams and clauses[-1]:
            clauses.append([])
        if word == "," or word in breaks:
            clauses.append([])
        else:
            clauses[-1].append(i)
    return clauses
