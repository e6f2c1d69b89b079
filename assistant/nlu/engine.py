"""The engine: normalise, strip the wake phrase, match, cover, build frames.

Strict first: the cover search runs on the words as heard. Only when words are
left unexplained does a fuzzy pass correct them against the grammar's own
vocabulary (never into or out of a polarity word) and search again. When too
much of the utterance stays unexplained, it is out of scope: no frame.
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from rapidfuzz import fuzz, process

from assistant.frames import Frame, Parse
from assistant.nlu.cache import cached
from assistant.nlu.catalogue import KIND_PREFERENCE, Catalogue, catalogue_entries
from assistant.nlu import clauses, requests
from assistant.nlu.cover import Cover, Matched, Step, best_cover, pieces
from assistant.nlu.frames_builder import FrameBuilder
from assistant.nlu.grammar import INTENTS_DIR, Grammar, load_grammar
from assistant.nlu.yamlfile import REPO_ROOT

SEEDS_DIR = REPO_ROOT / "seeds"
from assistant.nlu.lists import PhraseSet, Wild
from assistant.nlu.matcher import Candidate, Matcher, prepare
from assistant.nlu.text import Token, detect_language, is_mixed, join_tokens, normalise, raw_spans
from assistant.nlu.wake import WakeMatcher

# A misheard command word must be this close (rapidfuzz ratio) to a grammar
# word to be corrected: 80 turns "temprature" into "temperature" and
# "navigat" into "navigate", but leaves real words ("played", "stock") alone.
WORD_FUZZY_CUTOFF = 80.0
FREE_TEXT_FUZZY_CUTOFF = 90.0  # "conditionning" -> "conditioning" (96), not "jingle" -> "single" (83)
# Two corrections this close (ratio points) are a tie: if they mean different
# commands, the engine refuses ("ambiguous") rather than guess.
AMBIGUITY_MARGIN = 1.0
MIN_FUZZY_WORD = 4  # shorter words are too easily one edit from another word
# Out of scope when more than this share of the words is unexplained.
MAX_UNEXPLAINED_SHARE = 0.5
# A frame found only after correcting words scores this.
FUZZY_WORD_SCORE = 0.7
MAX_ELLIPSIS_VERB = 4  # tokens a target-only command may borrow from the one before
# Tokens after a connector that a borrowed-verb command may span: no command without
# free text is longer, and a window keeps long inputs linear (each borrow re-matches).
MAX_ELLIPSIS_SPAN = 40
MAX_SHARED_TARGET = 5  # tokens of a target that borrows the tail of the command after it
PLACES = frozenset({"places"})
ALL_KINDS = frozenset(KIND_PREFERENCE)
MAX_NAMES_BEFORE = 3  # names said before a command "with it": the nearest few are tried
GC_YOUNG_OBJECTS = 50_000  # new objects between two collections (Python's default: 700)
MAX_SHARED_TAIL = 4  # tokens of a tail shared after a target ("down", "on", "to 50", 调小一点)


@dataclass(frozen=True)
class Analysis:
    """What --explain and :why show: the cover and where each frame came from."""

    words: tuple[str, ...]
    cover: Cover
    corrected: tuple[str, ...] = ()


class LanguageEngine:
    """Grammar, catalogue and wake matcher of one language."""

    def __init__(self, grammar: Grammar, catalogue: Catalogue | None):
        self.grammar = grammar
        self.catalogue = catalogue
        wake = grammar.common.wake
        self.wake = WakeMatcher(_phrase_set(wake.phrases, grammar), _phrase_set(wake.greetings, grammar),
                                [" ".join(grammar.tokenize(n)) for n in wake.names])
        self.homophones = None
        prepare(grammar, catalogue.longest if catalogue is not None else 0)  # cached with the language
        if catalogue is not None:
            catalogue.prepare_joined(grammar.wild_stops)
        if grammar.language == "zh":  # built here, so the compiled language caches it
            from assistant.nlu.pinyin import HomophoneLexicon, grammar_words

            self.homophones = HomophoneLexicon(grammar_words(grammar), grammar.polarity)
            if catalogue is not None:
                catalogue.prepare_sounds()
        names = grammar.names
        # Words the fuzzy pass never changes: the grammar's own, polarity, and the
        # real words the data names ("movie" is not a misheard "move").
        self.known_words = (grammar.vocabulary | grammar.polarity | names.not_names
                            | names.never_in_names | names.not_first)
        heard = {w for phrase in grammar.text_rules.replacements for w in phrase.split()}
        self.fuzzy_targets = sorted(w for w in grammar.vocabulary | heard
                                    if len(w) >= MIN_FUZZY_WORD and w not in grammar.polarity)
        self.clipped = _clipped(self.fuzzy_targets, MIN_FUZZY_WORD)
        self._near_memo: dict[tuple[int, float], list[str]] = {}

    def warm(self) -> None:
        """Load what the first utterance would otherwise wait for (number converters,
        pypinyin's dictionaries): the chat does it while the driver types; a
        one-shot `cockpit parse` loads them only if its text needs them."""
        normalise("twenty two 二十二", self.grammar.text_rules)
        if self.homophones is not None:
            self.homophones.correct(["空", "条"], [0, 1])

    def parse(self, text: str) -> tuple[Parse, Analysis]:
        normalised, tokens = normalise(text, self.grammar.text_rules)
        words = [t.text for t in tokens]
        skip = self.wake.strip(words)
        tokens, words = tokens[skip:], words[skip:]
        cover = self.cover(tokens, words)
        heard = words
        unsure = requests.unsure(cover, tokens, self.grammar) - clauses.reasons(cover, words, self.grammar, True)
        cover, corrected, tokens, ambiguous = self._repair(cover, tokens, words)
        if corrected and len(tokens) == len(heard):  # "空条关了吧，太费电": words the repaired reading
            unsure -= _explained_as_said(cover, heard, [t.text for t in tokens])  # explains as said are sure
        # off topic as heard: a repair must not turn "手机怎么" into a command word
        off_topic = requests.off_topic(unsure, heard, self.grammar, _reheard(cover, heard, corrected))
        words = [t.text for t in tokens]
        # the words the fuzzy pass put in: not in what was said
        lowered = text.lower()
        changed = {i for i, t in enumerate(tokens)
                   if t.number is None and t.text not in lowered} if corrected else set()
        frames, reason = self.frames(cover, raw_spans(text, tokens), words, changed, text,
                                     requests.unsure(cover, tokens, self.grammar))
        if ambiguous or off_topic:
            frames, reason = [], "ambiguous" if ambiguous else "out_of_scope"
        parse = Parse(text, normalised, self.grammar.language, tuple(frames), bool(skip), reason)
        return parse, Analysis(tuple(heard), cover, corrected)

    def _repair(self, cover: Cover, tokens: list[Token], words: list[str]):
        """The fuzzy pass: doubtful words corrected, kept only if they explain more.

        Returns (cover, corrected words, tokens, ambiguous). Ambiguous: two equally
        near corrections explain the words as different commands, so neither is chosen.
        """
        doubtful = requests.doubtful(cover, tokens)
        if not doubtful:
            return cover, (), tokens, False
        readings = [r for r in self.correct(words, doubtful, set(cover.unexplained)) if r != words]
        results = [self._reread(r, cover, doubtful) for r in readings]
        results = [r for r in results if r is not None]
        if not results:
            return cover, (), tokens, False
        best, fixed, fixed_tokens = results[0]
        ambiguous = any(_intents(other) != _intents(best) for other, _, _ in results[1:])
        return best, tuple(fixed), fixed_tokens, ambiguous

    def _reread(self, fixed: list[str], cover: Cover, doubtful: list[int]):
        """(cover, words, tokens) of corrected words, when they explain more than before."""
        # normalised again: a corrected word may complete a replacement ("air conditioning")
        fixed_tokens = normalise(join_tokens(fixed), self.grammar.text_rules)[1]
        fixed_words = [t.text for t in fixed_tokens]
        if not self._may_explain(fixed_tokens, fixed_words, cover.found[0] if cover.found else None):
            return None
        second = self.cover(fixed_tokens, fixed_words, cover)
        if len(requests.doubtful(second, fixed_tokens)) >= len(doubtful):
            return None
        if (self.grammar.language == "zh" and not cover.unexplained
                and len(second.commands) > len(cover.commands)):
            return None  # Chinese: a homophone may fix a word, never split free text into commands
        return second, fixed, fixed_tokens

    def _may_explain(self, tokens: list[Token], words: list[str], before: tuple[str, ...] | None) -> bool:
        """Can a corrected word be part of any command? Looked for only in its own
        clause (from the comma or connector before it to the second break after
        it: a template may hold a comma), so that rereading a long text for a
        word that fits nowhere ("有点费电" heard as "有电费电") costs one clause,
        not the whole text again; never past its piece (no command runs over one)."""
        if before is None or len(before) != len(words):
            return True  # the correction changed the length: no cheap check
        changed = [i for i, (a, b) in enumerate(zip(before, words)) if a != b]
        breaks = self._breaks(words)
        seams, stops = sorted({end for _, end in breaks}), sorted({start for start, _ in breaks})
        parts = pieces(words, self.grammar.connectors)
        for opening, group in groupby(changed, key=lambda i: max([end for end in seams if end <= i] + [0])):
            group = list(group)
            piece_start, piece_end = next(p for p in parts if p[0] <= group[-1] < p[1])
            start = max(opening, piece_start)
            end = min(([stop for stop in stops if stop > group[-1]][1:2] or [len(words)])[0], piece_end)
            clause = Matcher(self.grammar, self.catalogue, tokens[start:end], words[start:end])
            if any(_explains(c, i - start) for s in range(group[-1] - start + 1) for t in clause.templates_at(s)
                   for c in clause.match_template(t, s) for i in group):
                return True
        return False

    def cover(self, tokens: list[Token], words: list[str], earlier: Cover | None = None) -> Cover:
        """The best cover of the whole text, clause group by clause group.

        A command never spans a clause break, so a long text is cut into pieces
        of at most MAX_PIECE_TOKENS (at breaks, else at connectors, else hard):
        the work stays linear in the length, whatever the text. `earlier`: the
        cover of the same text before a few words were corrected.
        """
        parts = pieces(words, self.grammar.connectors)
        if len(parts) == 1:
            return self._cover(tokens, words, earlier)
        steps: list[Step] = []
        cost = (0, 0, 0, 0, 0)
        unchanged = dict(earlier.parts) if earlier is not None else {}
        covered = []
        for start, end in parts:
            said = tuple(words[start:end])
            part = unchanged.get(said) or self._cover(tokens[start:end], words[start:end])
            covered.append((said, part))
            steps.extend(step.shifted(start) for step in part.steps)
            cost = tuple(a + b for a, b in zip(cost, part.cost))
        return Cover(tuple(steps), cost, parts=tuple(covered))

    def _cover(self, tokens: list[Token], words: list[str], earlier: Cover | None = None) -> Cover:
        """The best cover; where words stay unexplained, targets may borrow a verb."""
        matcher = Matcher(self.grammar, self.catalogue, tokens, words)
        seams = sorted({start for start, _ in self._breaks(words)}) if earlier is not None else []
        candidates = _cued(matcher.candidates(*_known(earlier, words, seams)), words, self.grammar.cues)
        cover = best_cover(words, candidates, self.grammar.connectors, self.grammar.skippable)
        virtual = earlier.virtual if earlier is not None else {}
        if cover.unexplained or self._joined_free_text(cover, words):
            unsure = requests.unsure(cover, tokens, self.grammar)
            borrowed = (self.ellipses(matcher, candidates, unsure, virtual)
                        + self.shared_tails(matcher, candidates, unsure, virtual)
                        + self.topic_first(matcher, unsure, virtual))
            if borrowed:
                second = best_cover(words, candidates + borrowed, self.grammar.connectors,
                                    self.grammar.skippable)
                cover = min(cover, second, key=lambda c: c.cost)
        return Cover(cover.steps, cover.cost, Matched(tuple(words), tuple(candidates)), virtual=virtual)

    def _joined_free_text(self, cover: Cover, words: list[str]) -> bool:
        """Does free text run over a connector ("turn on {the ac and the seat heating}")?"""
        connectors = self.grammar.connectors
        return any(connectors.match(words, i) for c in cover.commands if c.wild
                   for i in range(c.start + 1, c.end))

    def ellipses(self, matcher: Matcher, candidates: list[Candidate], unsure: set[int],
                 memo: dict) -> list[Candidate]:
        """"open the sunroof and the trunk": a target after a connector borrows the verb.

        Only where the words after the connector are unsure (unexplained, polite
        or free text): elsewhere the first cover already explains them.
        """
        words, found = matcher.words, []
        tried: set[tuple[tuple[str, ...], int]] = set()  # the same verb words read the same way
        polite = self.grammar.skippable
        starts = {c.start for c in candidates if not c.wild}
        for c in candidates:
            if c.wild or c.template.remark:
                continue
            for joint_end, _ in self.grammar.connectors.match(words, c.end):
                if joint_end not in unsure or self._courtesy_then_command(words, joint_end, starts):
                    continue
                verb_end = min([pos for *_, pos in c.captures] + [c.end - 1])
                courtesy = {end for end, _ in polite.match(words, c.start)}  # "帮我" lends no verb
                for verb_len in range(1, min(MAX_ELLIPSIS_VERB, verb_end - c.start) + 1):
                    key = (tuple(words[c.start:c.start + verb_len]), joint_end)
                    if key not in tried and c.start + verb_len not in courtesy:
                        tried.add(key)
                        found.extend(self._borrow(matcher, c, verb_len, joint_end, memo))
        return found

    def shared_tails(self, matcher: Matcher, candidates: list[Candidate], unsure: set[int],
                     memo: dict) -> list[Candidate]:
        """"风量和音量都调小", "座椅和方向盘都加热": targets joined by "and" / 和 share
        what the command at the end says after its own target.

        Tried only on unsure words around a joiner: the first target (just before
        it) and the second (from it to the command) are each read with every tail
        of the command, words like 都 ("both") between left out. Commands are
        taken by span: two templates on the same words have the same tails.
        """
        words, found = matcher.words, []
        spans = sorted({(c.start, c.end) for c in candidates if not c.wild and not c.template.remark})
        joined = {(i, end) for i in range(1, len(words)) for end, _ in self.grammar.joiners.match(words, i)}
        joints = [*joined] + [(i, end) for i in range(1, len(words)) for end, _ in self.grammar.connectors.match(words, i)]
        joints += [(i, i + 1) for i in range(1, len(words)) if words[i] == ","]
        for joint, after in joints:
            found.extend(self._tail_after(matcher, spans, unsure, joint, after, memo))
            if joint - 1 not in unsure:
                continue
            # the first target: the longest unsure run before the joint; before a joiner (和,
            # "and") the longest that reads with a tail ("把音量和风量都调小": 音量, not 把音量)
            firsts = [range(joint - n, joint) for n in range(MAX_SHARED_TARGET, 0, -1)
                      if joint - n >= 0 and unsure.issuperset(range(joint - n, joint))]
            firsts = firsts if (joint, after) in joined else firsts[:1]
            for c_start, c_end in spans:
                if not after <= c_start <= after + MAX_SHARED_TARGET or not unsure.issuperset(range(after, c_start)):
                    continue
                second = [i for i in range(after, c_start) if words[i] not in self.grammar.common.shared_markers]
                if words[joint] == "," and not second:
                    continue  # "the fan, turn it up", "风量，调大一点": one thing, read by topic_first
                if second and self._courtesy(words, after, c_start):
                    continue  # "and would you ever open the sunroof": no second target, a polite command
                hits = next((h for first in firsts if (h := self._tail(
                    matcher, list(first), (c_start, c_end), first.start, first.stop, bool(second), memo))), [])
                found.extend(hits)
                if second:
                    found.extend(self._tail(matcher, second, (c_start, c_end), after, c_end, True, memo))
        return found

    def _courtesy(self, words: list[str], start: int, end: int) -> bool:
        """Is words[start:end] politeness only ("would you ever", "麻烦你")?"""
        return end in self._polite_reach(words, start, end)

    def _courtesy_then_command(self, words: list[str], start: int, starts: set[int]) -> bool:
        """Does a command start right after politeness from `start` on ("and could you open ...")?"""
        return any(s > start and s in starts
                   for s in self._polite_reach(words, start, min(len(words), start + MAX_SHARED_TARGET)))

    def _polite_reach(self, words: list[str], start: int, end: int) -> set[int]:
        """Where politeness said from `start` on can end, up to `end`."""
        reached = {start}
        for i in range(start, end):
            if i in reached:
                reached.update(stop for stop, _ in self.grammar.skippable.match(words, i) if stop <= end)
        return reached

    def topic_first(self, matcher: Matcher, unsure: set[int], memo: dict) -> list[Candidate]:
        """"the sunroof, open it", "后备箱，打开", "空调，关了吧": the thing is said
        first, then the command, with "it" or with nothing in its place.

        Tried only where the words before a comma are all unsure: read together
        with the clause after it (the thing in place of "it", after the command,
        or before it), a template that explains it all is one command. Else a
        name said earlier among unsure words is the thing: "I'd like to visit my
        friend at Ruijin Hospital this afternoon, could you take me there".
        """
        words, found = matcher.words, []
        if "," not in words:
            return found
        breaks, names = self._breaks(words), None
        for j, word in enumerate(words):
            if word != ",":
                continue
            a = max([end for _, end in breaks if end <= j] + [0])
            b = min([start for start, _ in breaks if start > j] + [len(words)])
            left, right = list(range(a, j)), self._unpadded(words, j + 1, b)
            if not right or any(self.grammar.negations.match(words, i) for i in range(j + 1, b)):
                continue  # "the sunroof, don't open it": not a request (the negation would be lost)
            things = [left] if left and len(left) <= MAX_SHARED_TARGET and unsure.issuperset(left) else []
            whole = list(range(j + 1, b))  # politeness may be part of the command: "带我过去"
            if names is None:
                names = self._unsure_names(words, unsure)
            for thing in things + [list(range(s, e)) for s, e in names if e <= j][:MAX_NAMES_BEFORE]:
                readings = self._readings(words, thing, right) + (
                    self._readings(words, thing, whole) if whole != right else []) + [thing + [j] + whole]
                hits = next(filter(None, (self._whole_matches(matcher, seq, memo) for seq in readings)), [])
                if hits:
                    found.extend(Candidate(thing[0], b, v.template, v.captures, 0, v.literals, True) for v in hits)
                    break
        return found

    def _readings(self, words: list[str], thing: list[int], right: list[int]) -> list[list[int]]:
        """The thing in place of a pronoun of the command, else after it, else before it."""
        pronouns = self.grammar.common.pronouns
        said = [i for i in right if words[i] in pronouns]
        if said:
            return [[i for i in right if i < said[0]] + thing + [i for i in right if i > said[0]]]
        return [right + thing, thing + right]

    def _unsure_names(self, words: list[str], unsure: set[int]) -> list[tuple[int, int]]:
        """[start, end) of the catalogue names among the unsure words, the last first."""
        if self.catalogue is None:
            return []
        spans = {(start, hit.end) for start in unsure for hit in self.catalogue.find(words, start, ALL_KINDS)
                 if unsure.issuperset(range(start, hit.end))}
        return sorted(spans, key=lambda span: (-span[1], span[0]))

    def _breaks(self, words: list[str]) -> list[tuple[int, int]]:
        """[start, end) of each comma and connector: where two clauses meet."""
        connectors = self.grammar.connectors
        return [(i, i + 1) for i, w in enumerate(words) if w == ","] + [
            (i, end) for i, w in enumerate(words) if w in connectors.trie for end, _ in connectors.match(words, i)]

    def _is_place(self, words: list[str]):
        """Does tokens[start:end] name a catalogue place, exactly?"""
        def is_place(start: int, end: int) -> bool:
            return self.catalogue is not None and any(
                hit.end == end for hit in self.catalogue.find(words, start, PLACES))
        return is_place

    def _unpadded(self, words: list[str], start: int, end: int) -> list[int]:
        """Positions start..end without politeness at either end ("please", "can you", 一下)."""
        polite = self.grammar.skippable
        while start < end:
            ends = [e for e, _ in polite.match(words, start) if e <= end]
            if not ends:
                break
            start = max(ends)
        while end > start:
            first = next((k for k in range(start, end) if any(e == end for e, _ in polite.match(words, k))), None)
            if first is None:
                break
            end = first
        return list(range(start, end))

    def _tail_after(self, matcher: Matcher, spans: list[tuple[int, int]], unsure: set[int],
                    joint: int, after: int, memo: dict) -> list[Candidate]:
        """"volume down, and the fan too": a target after the joiner, with nothing
        after it, is read with the tail of the command before."""
        words = matcher.words
        rest = range(after, len(words))
        if not rest or len(rest) > MAX_SHARED_TARGET + 1 or not unsure.issuperset(rest):
            return []
        target = [i for i in rest if words[i] not in self.grammar.common.shared_markers]
        if not target or any(words[i] in self.grammar.polarity for i in target):
            return []  # an action ("…, 也打开") is no target of its own
        return [hit for span in spans if span[1] == joint
                for hit in self._tail(matcher, target, span, after, len(words), False, memo)]

    def _tail(self, matcher: Matcher, target: list[int], span: tuple[int, int], start: int, end: int,
              whole: bool, memo: dict) -> list[Candidate]:
        """Candidates on [start, end) for the target read with a tail of the command
        on `span`: all of it when it holds no target of its own, else its words after a cut."""
        c_start, c_end = span
        for cut in [c_start] if whole else range(max(c_start + 1, c_end - MAX_SHARED_TAIL), c_end):
            hits = self._whole_matches(matcher, [*target, *range(cut, c_end)], memo)
            if hits:
                return [Candidate(start, end, v.template, v.captures, 0, v.literals, True) for v in hits]
        return []

    def _whole_matches(self, matcher: Matcher, seq: list[int], memo: dict) -> list[Candidate]:
        """Templates matching all of the tokens at `seq` (a virtual utterance); `memo`
        holds what one utterance (and its rereads) tried, by words: several commands
        share their tails."""
        key = tuple(matcher.words[i] for i in seq)
        if key not in memo:
            virtual = Matcher(self.grammar, self.catalogue, [matcher.tokens[i] for i in seq],
                              [matcher.words[i] for i in seq])
            memo[key] = [v for t in virtual.templates_at(0) for v in virtual.match_template(t, 0, ellipsis=True)
                         if v.end == len(seq) and not v.wild and not v.template.remark]
        return memo[key]

    def _borrow(self, matcher: Matcher, c: Candidate, verb_len: int, start: int, memo: dict) -> list[Candidate]:
        """Candidates for tokens[start:] read with c's first verb_len tokens in front."""
        seq = list(range(c.start, c.start + verb_len)) + list(range(start, min(len(matcher.words),
                                                                             start + MAX_ELLIPSIS_SPAN)))
        key = ("borrow", verb_len, *(matcher.words[i] for i in seq))
        if key not in memo:
            virtual = Matcher(self.grammar, self.catalogue, [matcher.tokens[i] for i in seq],
                              [matcher.words[i] for i in seq])
            # the borrowed verb is a word: templates that start with a name or free text need not be tried
            memo[key] = [v for t in virtual.templates_at(0, anywhere=False)
                         for v in virtual.match_template(t, 0, ellipsis=True) if v.end > verb_len and not v.wild]
        return [Candidate(start, start + v.end - verb_len, v.template, v.captures, 0, v.literals, True)
                for v in memo[key]]

    def correct(self, words: list[str], positions: list[int], unexplained: set[int]) -> list[list[str]]:
        """Readings with doubtful words replaced by the nearest grammar word, where near enough.

        The first reading takes the nearest word everywhere; a second one takes
        the runner-up where two words are equally near. A word already read as
        free text may be a real name ("jingle bells"), so it must be nearer to a
        grammar word than an unexplained one.
        """
        if self.homophones is not None:  # Chinese ASR errors are homophones: compare pinyin
            fixed = self.homophones.correct(words, positions)
            if self.catalogue is None:
                return [fixed]
            untouched = [i for i in positions if fixed[i] == words[i]]  # a command word is not a name
            return [self.catalogue.correct_by_sound(fixed, untouched, self.grammar.polarity)]
        fixed, rival = list(words), list(words)
        homophones = self.grammar.common.homophones
        for i in positions:
            word = words[i]
            if word in homophones:  # explicit data, so it may decide polarity ("of" -> "off")
                fixed[i] = rival[i] = homophones[word]
                continue
            if word in self.known_words:
                continue
            if len(word) < MIN_FUZZY_WORD:
                clipped = self.clipped.get(word) if i in unexplained else None
                if clipped:  # "nex song", "sport mod": the last sound lost
                    fixed[i] = rival[i] = clipped
                continue
            cutoff = WORD_FUZZY_CUTOFF if i in unexplained else FREE_TEXT_FUZZY_CUTOFF
            near = process.extract(word, self._targets_near(len(word), cutoff), scorer=fuzz.ratio,
                                   score_cutoff=cutoff, limit=2)
            if near:
                fixed[i] = rival[i] = near[0][0]
            if len(near) == 2 and near[0][1] - near[1][1] <= AMBIGUITY_MARGIN:
                rival[i] = near[1][0]
        return [fixed, rival] if rival != fixed else [fixed]

    def _targets_near(self, length: int, cutoff: float) -> list[str]:
        """The fuzzy targets whose length lets them reach `cutoff` with a word this long
        (ratio <= 200 * shorter / (both lengths)), in the same order: remembered by length."""
        key = (length, cutoff)
        found = self._near_memo.get(key)
        if found is None:
            low, high = length * cutoff / (200 - cutoff), length * (200 - cutoff) / cutoff
            found = self._near_memo[key] = [w for w in self.fuzzy_targets if low <= len(w) <= high]
        return found

    def frames(self, cover: Cover, spans: list[tuple[int, int]], words: list[str],
               changed: set[int], raw: str, unsure: set[int]) -> tuple[list[Frame], str]:
        why = clauses.reasons(cover, words, self.grammar)
        commands = requests.not_in_a_story(cover, words, self.grammar.names.narrative, why)
        commands = [c for c in commands if not clauses.inside_a_reason(c, why, commands)
                    and not requests.off_car(c, words, self.grammar)
                    and not requests.elsewhere(c, cover, words, self.grammar, self._is_place(words))]
        freed: set[int] = set()  # words of whole-utterance answers set aside: may be off topic
        if cover.unexplained or len(commands) > 1:
            lone = [c for c in commands if c.template.alone and not clauses.own_clause(c, cover, words, self.grammar)]
            freed = {i for c in lone for i in range(c.start, c.end)}
            commands = [c for c in commands if c not in lone]
        kept = [c for c in commands if not requests.negated(c, cover, words, self.grammar)]
        # "no, don't open the trunk", "stop, don't navigate there": a prohibition, not an answer;
        # "别开天窗，好晒": a remark beside it is why not, not a request of its own
        commands = [] if len(kept) < len(commands) and all(
            c.template.intent.startswith("dialog.") or c.template.remark for c in kept) else kept
        if not commands:
            return [], "out_of_scope" if words else "empty"
        content = sum(1 for w in words if w != ",")
        if (len(set(cover.unexplained) - why) >= MAX_UNEXPLAINED_SHARE * content
                or requests.off_topic((unsure | freed) - clauses.reasons(cover, words, self.grammar, True),
                                      words, self.grammar)):
            return [], "out_of_scope"
        commands = requests.corrected(requests.without_motivating_remarks(commands, words, self.grammar.connector_words),
                                      words, self.grammar)
        builder = FrameBuilder(self.grammar, self.catalogue, spans, words, raw)
        frames = [_scored(f, FUZZY_WORD_SCORE if changed.intersection(range(c.start, c.end)) else 1.0)
                  for c in commands for f in builder.frames(c)]
        return requests.zones_carried(requests.undoubled(frames), self.grammar.ontology), ""


def _cued(candidates: list[Candidate], words: list[str], cues: PhraseSet) -> list[Candidate]:
    """Candidates whose intent a word elsewhere in the utterance points to come first,
    so that of two equally good readings ("bring it down to 20": volume or
    temperature) the cover takes the one the driver was talking about."""
    said = [(i, end, intents) for i in range(len(words)) for end, intents in cues.match(words, i)]
    if not said:
        return candidates

    def cued(c: Candidate) -> bool:
        return any(c.template.intent in intents and (end <= c.start or i >= c.end) for i, end, intents in said)

    return sorted(candidates, key=lambda c: not cued(c))


def _clipped(targets: list[str], length: int) -> dict[str, str]:
    """Grammar words of `length` letters by their first length-1 letters, where
    only one word starts so ("nex" -> next, "mod" -> mode); latin words only."""
    by_stem: dict[str, list[str]] = {}
    for word in targets:
        if len(word) == length and word.isascii() and word.isalpha():
            by_stem.setdefault(word[:-1], []).append(word)
    return {stem: words[0] for stem, words in by_stem.items() if len(words) == 1}


def _explains(c: Candidate, i: int) -> bool:
    """Does the candidate read token i as more than free text?"""
    return c.start <= i < c.end and not any(
        isinstance(value, Wild) and value.first <= i < value.last for _, _, value, _ in c.captures)


def _known(earlier: Cover | None, words: list[str], seams: list[int]):
    """Candidates of an earlier reading that stay the same, for a reading with a few
    words corrected: (known_from, known, new_from, known_before) for Matcher.candidates.

    A candidate depends only on the words from its start on, so those starting in
    the unchanged ending are kept (shifted when the corrected part changed length).
    Before the first change, the candidates that end before the last clause seam
    (a connector or comma no candidate ran over) are kept as well: a command does
    not run over a seam, so nothing new can start before it.
    """
    if earlier is None or earlier.found is None:
        return None, [], 0, []
    before, found = earlier.found
    same = 0
    while same < min(len(before), len(words)) and before[-1 - same] == words[-1 - same]:
        same += 1
    offset = len(words) - len(before)
    ending = [c.shifted(offset) for c in found if c.start >= len(before) - same]
    first = next((i for i, (a, b) in enumerate(zip(before, words)) if a != b), min(len(before), len(words)))
    seam = max((b for b in seams if b <= first and b <= len(words) - same
                and not any(c.start < b < c.end for c in found)), default=0)
    return len(words) - same, ending, seam, [c for c in found if c.end <= seam]


_EVERY_WORD_EXPLAINED = (0, 0.0, 0.0)  # the least a reading can cost


def _reading_cost(reading: tuple[Parse, Analysis]) -> tuple[int, float, float]:
    """A reading with frames beats one without; then the smaller share of the words
    left unexplained, then of those read only as free text ("drive mode切到sport" is
    no drive to "mode切到sport"). Shares, as the languages cut words differently."""
    parse, analysis = reading
    size = max(1, len(analysis.words))
    unexplained, wild = analysis.cover.cost[0], analysis.cover.cost[1]
    return (0 if parse.frames else 1, unexplained / size, wild / size)


def _reheard(cover: Cover, heard: list[str], corrected: tuple[str, ...]) -> set[int]:
    """Positions of the commands a correction made: their words were misheard."""
    if len(corrected) != len(heard):
        return set()
    changed = {i for i, w in enumerate(corrected) if w != heard[i]}
    return {i for c in cover.commands if changed.intersection(range(c.start, c.end))
            for i in range(c.start, c.end)}


def _explained_as_said(cover: Cover, heard: list[str], corrected: list[str]) -> set[int]:
    """Positions a command of the repaired reading explains, as more than free text,
    whose words the repair left as they were."""
    return {i for c in cover.commands for i in range(c.start, c.end) if heard[i] == corrected[i] and _explains(c, i)}


def _intents(cover: Cover) -> list[str]:
    return [c.template.intent for c in cover.commands]


def _scored(frame: Frame, cap: float) -> Frame:
    """The frame, its score at most `cap` (it was heard only after correcting words)."""
    if frame.score <= cap:
        return frame
    return replace(frame, score=cap)


def _phrase_set(phrases: list[str], grammar: Grammar) -> PhraseSet:
    out = PhraseSet()
    for phrase in phrases:
        out.add(grammar.tokenize(phrase), phrase)
    return out


class Engine:
    """Parses English and Chinese; each language is compiled on first use."""

    def __init__(self, intents_dir: Path | None = None, seeds_dir: Path | None = None):
        self.intents_dir = intents_dir
        self.seeds_dir = seeds_dir
        self._languages: dict[str, LanguageEngine] = {}
        self._seed_entries: list | None = None

    def language(self, code: str) -> LanguageEngine:
        engine = self._languages.get(code)
        if engine is None:
            root = self.intents_dir or INTENTS_DIR
            if code != "en" and not (root / code / "_common.yaml").exists():
                return self.language("en")  # no grammar for it yet: try English
            seeds_dir = self.seeds_dir or SEEDS_DIR
            # one cache entry per data folders, so two seed folders do not evict each other
            where = hashlib.sha1(f"{root.resolve()}|{seeds_dir.resolve()}".encode()).hexdigest()[:8]
            engine = cached(f"engine-{code}-{where}", [root, seeds_dir], lambda: self._build(code))
            gc.freeze()  # the compiled language lives as long as the process: never scan it again
            # a parse makes thousands of short-lived tuples, freed by their counts, not by the
            # collector: collecting every 700 of them cost a sixth of the parse time
            gc.set_threshold(GC_YOUNG_OBJECTS, *gc.get_threshold()[1:])
            self._languages[code] = engine
        return engine

    def _build(self, code: str) -> LanguageEngine:
        entries = self._entries()  # first: loading the seeds is the peak of memory, keep it alone
        grammar = load_grammar(code, self.intents_dir)
        return LanguageEngine(grammar, Catalogue(entries, grammar.tokenize))

    def _entries(self) -> list:
        """The seeds' names, loaded once for every language this engine builds."""
        if self._seed_entries is None:
            from assistant.seeds import get_seeds, load_seeds

            seeds = load_seeds(self.seeds_dir) if self.seeds_dir else get_seeds()
            self._seed_entries = catalogue_entries(seeds)
        return self._seed_entries

    def analyse(self, text: str) -> tuple[Parse, Analysis]:
        """Parse in the detected language; mixed text ("play 周杰伦", "导航去Starbucks")
        is also read in the other language, and the reading that explains more wins."""
        first = detect_language(text)
        result = self.language(first).parse(text)
        if not is_mixed(text) or _reading_cost(result) == _EVERY_WORD_EXPLAINED:
            return result  # the other reading could at best tie, and a tie keeps the first
        other = self.language("en" if first == "zh" else "zh").parse(text)
        return min((result, other), key=_reading_cost)

    def parse(self, text: str) -> Parse:
        return self.analyse(text)[0]


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return Engine()
