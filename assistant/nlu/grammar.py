"""Load, validate and compile the intent files of one language.

`load_grammar("en")` reads `intents/en/*.yaml`, checks everything at once
(problems as `file:line: message`), and returns a `Grammar`: templates parsed
into trees with rules inlined, slot lists compiled, and an index from a
template's possible first words to the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.nlu.compile import OPEN, Optimiser, prefixes
from assistant.nlu.lists import NameRules, PhraseSet, SlotList
from assistant.nlu.ontology import Ontology, load_ontology
from assistant.nlu.spec import CommonFile, IntentFile, Scalar
from assistant.nlu.template import (EMPTY, Alt, Node, RuleRef, Seq, Slot, TemplateError,
                                    Word, parse_template, walk)
from assistant.nlu.text import TextRules, normalise
from assistant.nlu.yamlfile import REPO_ROOT, DataError, display_path, line_of, load_yaml

INTENTS_DIR = REPO_ROOT / "intents"
NUMBER = "<number>"  # index key of templates that can start with a number
ANY = "<any>"  # ... that can start with anything (free text, catalogue names)


# A slot named "_" matches its list but fills nothing: "how far to {place:_}" is
# query_eta, which has no slot for the place.
UNSAID = "_"


@dataclass(frozen=True, eq=False)
class Template:
    """One sentence template, compiled."""

    intent: str
    tree: Node
    slots: dict[str, Scalar]  # fixed slot values of its data block
    remark: bool
    alone: bool  # valid only as the whole utterance
    also: tuple  # ExtraFrame: frames this template implies besides its own
    source: str  # as written, for --explain
    where: str  # file:line
    required: tuple[frozenset[str], ...] = ()  # one word of each must be in the utterance
    order: int = 0  # load order: of two equally good matches, the earlier template wins
    heading: str | None = None  # "up" or "down" when the words name a direction ("lower")


@dataclass(eq=False)
class Grammar:
    language: str
    text_rules: TextRules
    templates: list[Template]
    lists: dict[str, SlotList]
    index: dict[str, list[Template]]
    connectors: PhraseSet
    skippable: PhraseSet
    joiners: PhraseSet
    polarity: frozenset[str]
    vocabulary: frozenset[str]
    wild_stops: frozenset[str]  # single-word connectors free text never runs over
    off_topic: PhraseSet  # unexplained, these words make the utterance out of scope
    negations: PhraseSet  # right before a command, these words cancel it
    asks: PhraseSet  # right before a command, these words ask for it ("could you")
    clause_breaks: frozenset[str]  # one-word clause breaks besides the comma ("so")
    contrasts: frozenset[str]  # "but": the clause may take a remark back
    car_words: frozenset[str]  # a free-text manual question names one of these
    connector_words: frozenset[str]  # one-word connectors ("and", "then", 然后 is two)
    cues: PhraseSet  # cue phrase -> the intents it points to, said outside the command
    corrections: PhraseSet  # "no wait", 不对: the command after replaces the one before
    elsewhere: PhraseSet  # "in", "at" after a remark, not explained by it: about another place
    names: NameRules  # what free text may hold; these are real words, never "misheard"
    common: CommonFile
    ontology: Ontology | None = None
    files: list[Path] = field(default_factory=list)
    # what the matcher derives from the grammar once (matcher.prepare), kept with
    # the compiled language so that a new process does not derive it again
    matching: dict = field(default_factory=dict, repr=False)

    def tokenize(self, text: str) -> list[str]:
        return [t.text for t in normalise(text, self.text_rules)[1]]


class _Problems(list):
    def add(self, path: Path, line: int, message: str) -> None:
        self.append(f"{display_path(path)}:{line}: {message}")


def _validate(model: type[BaseModel], data: Any, node, path: Path,
              problems: _Problems) -> BaseModel | None:
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        for err in exc.errors():
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p in
                                                  ("str", "ValueSpec", "int", "float", "bool"))]
            where = ".".join(str(p) for p in loc)
            problems.add(path, line_of(node, loc), f"{where}: {err['msg']}" if where else err["msg"])
        return None


def _text_rules(language: str, common: CommonFile) -> TextRules:
    norm = common.normalise
    return TextRules(language, dict(norm.contractions), dict(norm.replacements),
                     frozenset(norm.fillers), frozenset(norm.hesitations))


def load_grammar(language: str, root: Path | None = None) -> Grammar:
    """Load and compile; raises DataError listing every problem."""
    grammar, problems = _load(language, root or INTENTS_DIR)
    if problems:
        raise DataError(problems)
    return grammar


def check_grammar(language: str, root: Path | None = None) -> list[str]:
    """Every problem of one language's intent files (empty when all is well)."""
    return _load(language, root or INTENTS_DIR)[1]


def _load(language: str, root: Path) -> tuple[Grammar | None, list[str]]:
    problems = _Problems()
    folder = root / language
    common_path = folder / "_common.yaml"
    ontology = load_ontology(root / "ontology.yaml", problems)
    try:
        data, node = load_yaml(common_path)
    except DataError as exc:
        return None, exc.problems
    common = _validate(CommonFile, data, node, common_path, problems)
    if common is None:  # every other file leans on its rules and lists: its own errors say it all
        return None, problems
    rules = _text_rules(language, common)

    def tokenize(text: str) -> list[str]:
        return [t.text for t in normalise(text, rules)[1]]

    files: list[tuple[Path, IntentFile, Any]] = [(common_path, IntentFile(
        language=language, lists=common.lists, rules=common.rules), node)]
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        try:
            data, node = load_yaml(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        parsed = _validate(IntentFile, data, node, path, problems)
        if parsed is not None:
            files.append((path, parsed, node))
    def words(phrases: list[str]) -> frozenset[str]:
        return frozenset(w for p in phrases for w in tokenize(p))

    names = NameRules(words(common.not_names), words(common.never_in_names), words(common.not_first_in_names),
                      words(common.narrative))
    compiler = _Compiler(tokenize, problems, ontology, names)
    for path, parsed, node in files:
        compiler.add_lists(path, parsed, node)
    for path, parsed, node in files:
        compiler.add_rules(path, parsed, node)
    for path, parsed, node in files:
        compiler.add_intents(path, parsed, node)
    grammar = Grammar(
        language=language, text_rules=rules, templates=compiler.templates,
        lists=compiler.lists, index=_index(compiler.templates, compiler.lists),
        connectors=_phrases(common.connectors + _set_off(common.corrections), tokenize),
        corrections=_phrases(_set_off(common.corrections), tokenize),
        elsewhere=_phrases(common.elsewhere, tokenize),
        skippable=_phrases(common.skippable + common.negations, tokenize),
        joiners=_phrases(common.joiners, tokenize),
        off_topic=_phrases(common.off_topic, tokenize),
        negations=_phrases(common.negations, tokenize), asks=_phrases(common.asks, tokenize),
        clause_breaks=frozenset(w for p in common.clause_breaks for w in tokenize(p)),
        contrasts=frozenset(w for p in common.contrasts for w in tokenize(p)),
        car_words=frozenset(w for p in common.car_words for w in tokenize(p)),
        connector_words=frozenset(t[0] for t in map(tokenize, common.connectors) if len(t) == 1),
        cues=_cue_phrases(common.cues, tokenize),
        names=names,
        polarity=frozenset(w for p in common.polarity for w in tokenize(p)),
        wild_stops=frozenset(t[0] for t in map(tokenize, common.connectors) if len(t) == 1),
        vocabulary=frozenset(compiler.vocabulary), common=common, ontology=ontology,
        files=[f[0] for f in files])
    return grammar, list(problems)


def _set_off(phrases: list[str]) -> list[str]:
    """Each phrase also with the commas that set it off (", no wait,")."""
    return [f"{a}{p}{b}" for p in phrases for a in ("", ", ") for b in ("", " ,")]


def _cue_phrases(cues: dict[str, list[str]], tokenize) -> PhraseSet:
    """Each cue phrase -> every intent it points to (a phrase may cue several)."""
    pointing: dict[tuple[str, ...], set[str]] = {}
    for intents, phrases in cues.items():
        for phrase in phrases:
            pointing.setdefault(tuple(tokenize(phrase)), set()).update(intents.split())
    out = PhraseSet()
    for tokens, intents in pointing.items():
        out.add(tokens, frozenset(intents))
    return out


def _phrases(phrases: list[str], tokenize) -> PhraseSet:
    out = PhraseSet()
    for phrase in phrases:
        out.add(tokenize(phrase), phrase)
    return out


class _Compiler:
    """Turns validated files into lists, rule trees and templates, noting problems."""

    def __init__(self, tokenize, problems: _Problems, ontology: Ontology | None, names: NameRules):
        self.tokenize = tokenize
        self.names = names
        self.problems = problems
        self.ontology = ontology
        self.lists: dict[str, SlotList] = {}
        self.rule_sources: dict[str, tuple[str, Path, int]] = {}
        self.rule_trees: dict[str, Node] = {}
        self.templates: list[Template] = []
        self.vocabulary: set[str] = set()
        self.optimise = Optimiser()

    def add_lists(self, path: Path, parsed: IntentFile, node) -> None:
        for name, spec in parsed.lists.items():
            if name in self.lists:
                self.problems.add(path, line_of(node, ["lists", name]), f"list {{{name}}} defined twice")
            self.lists[name] = SlotList(name, spec, self.tokenize, self.names)
            self.vocabulary.update(w for p in self.lists[name].phrases.trie for w in [p] if p)

    def add_rules(self, path: Path, parsed: IntentFile, node) -> None:
        for name, source in parsed.rules.items():
            if name in self.rule_sources:
                self.problems.add(path, line_of(node, ["rules", name]), f"rule <{name}> defined twice")
            self.rule_sources[name] = (source, path, line_of(node, ["rules", name]))

    def rule(self, name: str, stack: tuple[str, ...] = ()) -> Node | None:
        if name in self.rule_trees:
            return self.rule_trees[name]
        if name not in self.rule_sources:
            return None
        source, path, line = self.rule_sources[name]
        if name in stack:
            self.problems.add(path, line, f"rule <{name}> refers to itself")
            return EMPTY
        try:
            tree = parse_template(source, self.tokenize)
        except TemplateError as exc:
            self.problems.add(path, line, str(exc))
            tree = EMPTY
        tree = self.inline(tree, path, line, (*stack, name))
        self.rule_trees[name] = tree
        return tree

    def inline(self, node: Node, path: Path, line: int, stack: tuple[str, ...] = ()) -> Node:
        """Replace rule references by their trees (shared, so matches are memoised once)."""
        if isinstance(node, RuleRef):
            tree = self.rule(node.name, stack)
            if tree is None:
                self.problems.add(path, line, f"unknown rule <{node.name}>")
                return EMPTY
            return tree
        if isinstance(node, Seq):
            return Seq(tuple(self.inline(n, path, line, stack) for n in node.items))
        if isinstance(node, Alt):
            return Alt(tuple(self.inline(n, path, line, stack) for n in node.options))
        if isinstance(node, Word):
            self.vocabulary.add(node.text)
        elif isinstance(node, Slot) and node.list_name not in self.lists:
            self.problems.add(path, line, f"unknown list {{{node.list_name}}}")
        return node

    def add_intents(self, path: Path, parsed: IntentFile, node) -> None:
        for intent, spec in parsed.intents.items():
            intent_line = line_of(node, ["intents", intent])
            if self.ontology and not self.ontology.check_intent(intent, path, intent_line, self.problems):
                continue
            for b, block in enumerate(spec.data):
                for s, source in enumerate(block.sentences):
                    line = line_of(node, ["intents", intent, "data", b, "sentences", s])
                    self.add_template(intent, block, source, path, line)
                if self.ontology:
                    line = line_of(node, ["intents", intent, "data", b])
                    self.ontology.check_slots(intent, block.slots, path, line, self.problems)
                    for extra in block.also:
                        if self.ontology.check_intent(extra.intent, path, line, self.problems):
                            self.ontology.check_slots(extra.intent, extra.slots, path, line, self.problems)

    def add_template(self, intent: str, block, source: str, path: Path, line: int) -> None:
        try:
            tree = parse_template(source, self.tokenize)
        except TemplateError as exc:
            self.problems.add(path, line, str(exc))
            return
        tree = self.inline(tree, path, line)
        if self.ontology:
            slots = [n for n in walk(tree) if isinstance(n, Slot)]
            for slot in slots:
                if slot.list_name in self.lists and slot.slot_name != UNSAID:
                    self.ontology.check_list_slot(intent, slot.slot_name, self.lists[slot.list_name],
                                                  path, line, self.problems)
            filled = {s.slot_name for s in slots if s.slot_name != UNSAID} | set(block.slots)
            missing = self.ontology.missing_slots(intent, filled)
            if missing:
                self.problems.add(path, line, f"template never fills {missing} of '{intent}'")
        where = f"{display_path(path)}:{line}"
        tree = self.optimise(tree)
        self.templates.append(Template(intent, tree, dict(block.slots), block.remark, block.alone, tuple(block.also),
                                       source, where, self.optimise.required(tree, self.lists),
                                       len(self.templates), block.heading))


def _index(templates: list[Template], lists: dict[str, SlotList]) -> dict:
    """Templates by their first two tokens, or by the first when the second is open.

    Keys: a word, a (word, word) pair, NUMBER, or ANY (the template may begin anywhere).
    """
    index: dict = {}
    for template in templates:
        for prefix in prefixes(template.tree, lists, NUMBER):
            if not prefix:  # the empty match ("嗯嗯" is all fillers) is never a candidate
                continue
            if prefix[0] == OPEN:
                key = ANY
            elif len(prefix) == 1 or prefix[1] == OPEN:
                key = prefix[0]
            else:
                key = prefix
            bucket = index.setdefault(key, [])
            if not bucket or bucket[-1] is not template:
                bucket.append(template)
    return index
