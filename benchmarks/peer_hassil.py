"""cockpit side by side with hassil: cockpit's own English templates, exported to hassil.

usage: python benchmarks/peer_hassil.py [--json] [--quick] [--repeat 3] [--interleaved] [--no-full]

Issue 9 asks for a peer comparison on the same templates, catalogues and
sentences. Six hand-written templates (the "toy" row) say little: a real
assistant has hundreds of templates per intent family, and that is where
hassil users report seconds per command. So this module exports every
template of cockpit's navigation.*, climate.* and media.* intents
(intents/en/*.yaml, with the rules and lists they use) into a hassil Intents
dict, and compiles a cockpit engine from exactly the same subset:

- rules -> expansion_rules; `skippable`, fillers and wake phrases -> skip_words;
- values lists -> lists with in/out values; ranges -> range lists (integer,
  else halves, tenths for formatted frequencies); catalogue lists -> text slot
  lists of the large catalogue's names (passed at recognise time, as Home
  Assistant passes its entity names); wildcards -> hassil wildcards;
- a cockpit list that is several of these at once ({place}: catalogue names or
  free text) becomes an alternative of one hassil list per part;
- what hassil cannot express is approximated or dropped and counted in the
  output (°F conversion, several targets, formats, extra frames, ...).

Sentences: the single-command English sentences of the twin tests
(intents/tests/en/{navigation,climate,media}.yaml) and sentences generated
from the exported templates themselves with large-catalogue names. Both
engines parse all of them; "understood" means the expected intent (slot values
are not compared: the export renames some slots). Latency is timed only on the
sentences both understand; cockpit is also timed on all of them. Each round,
each engine runs over all the sentences in turn (warm CPU caches);
`--interleaved` alternates them on every sentence instead: hassil's larger
working set then evicts cockpit's from the CPU caches, and cockpit's p50 about
doubles (a cold-cache figure, closer to one utterance now and then).

hassil is timed with `recognize` (the first match: its cheapest call) and with
`recognize_best` (every match ranked, what Home Assistant calls); the headline
ratio is against the cheaper `recognize`.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from assistant.nlu.catalogue import catalogue_entries  # noqa: E402
from assistant.nlu.engine import Engine  # noqa: E402
from assistant.nlu.testfiles import load_cases  # noqa: E402
from assistant.nlu.yamlfile import load_yaml  # noqa: E402
from assistant.seeds import load_seeds  # noqa: E402

INTENTS = ROOT / "intents"
SUBSET = ("navigation.", "climate.", "media.")
TWIN_FILES = tuple(f"intents/tests/en/{name}.yaml" for name in ("navigation", "climate", "media"))
TARGET_SPEEDUP = 10.0
REF = re.compile(r"\{([^{}:]+)(?::([^{}]+))?\}")
RULE = re.compile(r"<([^<>]+)>")
# Free text that is no catalogue name, for generated sentences of wildcard slots.
UNKNOWN_NAMES = ("qwerty plaza", "blue lantern", "harbor view", "the velvet hours", "maple corner",
                 "north ridge", "paper moons", "silver creek")


# ------------------------------------------------------------------ the subset, as cockpit reads it


@dataclass
class Subset:
    """cockpit's English data with only the chosen intents: what both engines get."""

    common: dict
    files: dict[str, dict]  # domain file name -> its data (its rules and lists, subset intents)
    also: dict[str, int] = field(default_factory=dict)  # intent -> data blocks with extra frames


def read_subset(prefixes: tuple[str, ...] = SUBSET, root: Path = INTENTS) -> Subset:
    """Every domain file keeps its rules and lists (templates may use another file's); intents are filtered."""
    common = load_yaml(root / "en" / "_common.yaml")[0]
    files = {}
    for path in sorted((root / "en").glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        data = dict(load_yaml(path)[0] or {})
        data["intents"] = {k: v for k, v in (data.get("intents") or {}).items() if k.startswith(prefixes)}
        files[path.name] = data
    return Subset(common, files)


def write_cockpit_folder(subset: Subset, dest: Path, root: Path = INTENTS) -> Path:
    """The subset as an intents folder cockpit compiles (the peer_engine of the toy, for real templates)."""
    folder = dest / "intents"
    (folder / "en").mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "ontology.yaml", folder / "ontology.yaml")
    shutil.copy(root / "en" / "_common.yaml", folder / "en" / "_common.yaml")
    for name, data in subset.files.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
        (folder / "en" / name).write_text(text, encoding="utf-8")
    return folder


@contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def cockpit_engine(folder: Path, seeds: Path) -> tuple[Engine, float]:
    """Compiled now, without the user's cache: a temporary folder must not leave a pickle behind."""
    engine = Engine(intents_dir=folder, seeds_dir=seeds)
    start = time.perf_counter()
    with _env("COCKPIT_NO_CACHE", "1"):
        engine.language("en")
    return engine, time.perf_counter() - start


# ------------------------------------------------------------------ export to hassil


@dataclass
class Export:
    """The hassil side of the subset and what the translation had to give up."""

    intents: dict  # for hassil.Intents.from_dict
    catalogue_lists: dict[str, tuple[str, ...]]  # hassil list -> catalogue kinds, filled at recognise time
    expected: list[tuple[str, str, dict]] = field(default_factory=list)  # (template, intent, block slots)
    templates: int = 0
    exported: int = 0
    dropped: Counter = field(default_factory=Counter)  # reason -> templates
    approximated: Counter = field(default_factory=Counter)  # what hassil does differently -> count


def _list_parts(name: str, spec: dict, notes: Counter) -> dict[str, Any]:
    """One cockpit list -> hassil lists (a dict for from_dict, or catalogue kinds)."""
    parts: dict[str, Any] = {}
    if spec.get("values"):
        values = []
        for value in spec["values"]:
            if isinstance(value, dict):
                values += [{"in": str(p), "out": value["out"]} for p in value["in"]]
            else:
                values.append({"in": str(value), "out": value})
        parts["values"] = {"values": values}
    if spec.get("range"):
        rng = spec["range"]
        hassil_range = {"from": math.floor(rng["min"]), "to": math.floor(rng["max"])}
        if not rng.get("integer"):
            hassil_range["fractions"] = "tenths" if spec.get("format") else "halves"
            notes["decimal ranges: only halves (tenths for FM/AM) in hassil"] += 1
        parts["range"] = {"range": hassil_range}
    if spec.get("catalogue"):
        parts["names"] = tuple(spec["catalogue"])
    if spec.get("wildcard"):
        parts["wild"] = {"wildcard": True}
    for key, why in (("fahrenheit", "no bare-number °F -> °C"), ("format", "number kept, no 'FM {}' text"),
                     ("wildcard_slot", "unknown name stays in the list's slot"),
                     ("long_wildcard_slot", "unknown long name stays in the list's slot")):
        if spec.get(key):
            notes[f"list {{{name}}}: {why}"] += 1
    if spec.get("multi", True) and spec.get("values"):
        notes["values lists: one value per slot (no 'driver and passenger')"] += 1
    if not parts:
        raise ValueError(f"list {{{name}}} has no part hassil can express")
    return parts


def _hassil_name(name: str, part: str, parts: dict) -> str:
    return name if len(parts) == 1 else f"{name}__{part}"


def _rewrite(source: str, lists: dict[str, dict]) -> str:
    """{list:slot} -> ({list__names:slot}|{list__wild:slot}) for lists hassil splits in parts."""
    def one(match: re.Match) -> str:
        name, slot = match.group(1), match.group(2) or match.group(1)
        parts = lists.get(name)
        if parts is None or len(parts) == 1:
            return match.group(0)
        return "(" + "|".join(f"{{{_hassil_name(name, p, parts)}:{slot}}}" for p in parts) + ")"
    return REF.sub(one, source)


def export_hassil(subset: Subset) -> Export:
    """The subset's templates, reachable rules and lists as a hassil Intents dict."""
    from hassil import parse_sentence

    notes: Counter = Counter()
    rules: dict[str, str] = {**(subset.common.get("rules") or {})}
    specs: dict[str, dict] = {**(subset.common.get("lists") or {})}
    for data in subset.files.values():
        rules.update(data.get("rules") or {})
        specs.update(data.get("lists") or {})
    export = Export(intents={}, catalogue_lists={})
    intents: dict[str, dict] = {}
    used_rules: set[str] = set()
    used_lists: set[str] = set()
    for data in subset.files.values():
        for intent, spec in (data.get("intents") or {}).items():
            blocks = []
            for block in spec["data"]:
                sentences = _export_block(block, intent, rules, export, notes)
                if sentences:
                    out = {"sentences": sentences}
                    if block.get("slots"):
                        out["slots"] = dict(block["slots"])
                    blocks.append(out)
            if blocks:
                intents[intent] = {"data": blocks}
    for _, _, sources in _walk_sources(intents, rules):
        used_rules.update(RULE.findall(sources))
        used_lists.update(m[0] for m in REF.findall(sources))
    hassil_lists: dict[str, dict] = {}
    split: dict[str, dict] = {}
    for name in sorted(used_lists):
        parts = _list_parts(name, specs[name], notes)
        split[name] = parts
        for part, value in parts.items():
            if part == "names":
                export.catalogue_lists[_hassil_name(name, part, parts)] = value
            else:
                hassil_lists[_hassil_name(name, part, parts)] = value
    for spec in intents.values():
        for block in spec["data"]:
            block["sentences"] = [_rewrite(s, split) for s in block["sentences"]]
    hassil_rules = {name: _rewrite(rules[name], split) for name in sorted(used_rules)}
    for name, body in hassil_rules.items():
        parse_sentence(body)  # a rule hassil cannot read would fail every template using it
    common = subset.common
    skip = [*common.get("skippable", []), *common.get("normalise", {}).get("fillers", []),
            *common.get("wake", {}).get("phrases", [])]
    export.intents = {"language": "en", "intents": intents, "expansion_rules": hassil_rules,
                      "lists": hassil_lists, "skip_words": skip}
    norm = common.get("normalise", {})
    notes["utterance normalisation not done by hassil (contractions, ASR replacements; number words only in"
          " ranges)"] = len(norm.get("contractions", {})) + len(norm.get("replacements", {}))
    export.approximated = notes
    return export


def _walk_sources(intents: dict, rules: dict[str, str]) -> Iterator[tuple[str, int, str]]:
    """Every template, then every rule reachable from them (rules refer to rules)."""
    seen: set[str] = set()
    todo: list[str] = []
    for intent, spec in intents.items():
        for b, block in enumerate(spec["data"]):
            for source in block["sentences"]:
                todo += RULE.findall(source)
                yield intent, b, source
    while todo:
        name = todo.pop()
        if name in seen or name not in rules:
            continue
        seen.add(name)
        todo += RULE.findall(rules[name])
        yield "<rule>", 0, rules[name]


def _export_block(block: dict, intent: str, rules: dict[str, str], export: Export,
                  notes: Counter) -> list[str]:
    """The templates of one data block hassil can take; the others counted as dropped, with why."""
    from hassil import parse_sentence

    kept = []
    for source in block["sentences"]:
        export.templates += 1
        missing = [r for r in RULE.findall(source) if r not in rules]
        if missing:
            export.dropped[f"unknown rule <{missing[0]}>"] += 1
            continue
        try:
            parse_sentence(source)
        except Exception as exc:  # hassil's parser: its own exception types
            export.dropped[f"hassil cannot parse it ({type(exc).__name__})"] += 1
            continue
        kept.append(source)
        export.exported += 1
        export.expected.append((source, intent, dict(block.get("slots") or {})))
        if block.get("also"):
            notes["extra frame of the template not produced ('also', e.g. shuffle)"] += 1
        if block.get("remark"):
            notes["remark: not dropped before a following command (one command per utterance anyway)"] += 1
        if block.get("alone"):
            notes["'alone' (whole utterance only) not enforced"] += 1
    return kept


# ------------------------------------------------------------------ hassil at run time


@dataclass
class HassilSide:
    intents: Any  # hassil.Intents
    slot_lists: dict[str, Any]  # catalogue lists by hassil list name
    build_s: float
    names: dict[str, int]  # catalogue kinds -> names in the list


def hassil_side(export: Export, seeds: Path) -> HassilSide:
    """Intents.from_dict, plus the catalogue lists of the large seeds, indexed before any timing."""
    from hassil import Intents, TextSlotList

    start = time.perf_counter()
    intents = Intents.from_dict(export.intents)
    entries = catalogue_entries(load_seeds(seeds))
    by_kinds: dict[tuple[str, ...], Any] = {}
    names: dict[str, int] = {}
    slot_lists = {}
    for list_name, kinds in export.catalogue_lists.items():
        if kinds not in by_kinds:
            pairs = {(n, e.name) for e, ns in entries if e.kind in kinds for n in ns if n.strip()}
            by_kinds[kinds] = TextSlotList.from_tuples(sorted(pairs), allow_template=False, name=list_name)
            by_kinds[kinds].get_candidates("x")  # build hassil's value index now, not in the first parse
            names["+".join(kinds)] = len(pairs)
        slot_lists[list_name] = by_kinds[kinds]
    return HassilSide(intents, slot_lists, time.perf_counter() - start, names)


def hassil_parsers(side: HassilSide) -> dict[str, Callable[[str], Any]]:
    from hassil import recognize, recognize_best

    return {"recognize": lambda text: recognize(text, side.intents, slot_lists=side.slot_lists),
            "recognize_best": lambda text: recognize_best(text, side.intents, slot_lists=side.slot_lists)}


# ------------------------------------------------------------------ sentences


def twin_sentences(prefixes: tuple[str, ...] = SUBSET) -> list[tuple[str, str]]:
    """(sentence, intent) of the single-command English twin tests of the subset's domains."""
    cases, _ = load_cases()
    return [(c.sentence, c.intents[0]["intent"]) for c in cases
            if c.language == "en" and c.where.startswith(TWIN_FILES) and not c.known_failure
            and len(c.intents) == 1 and c.intents[0]["intent"].startswith(prefixes)]


def generated_sentences(side: HassilSide, per_template: int, seed: int = 5) -> list[tuple[str, str]]:
    """Sentences sampled from every exported template, slots filled from the large catalogue."""
    rng = random.Random(seed)
    lists = {**side.intents.slot_lists, **side.slot_lists}
    out = []
    for intent in side.intents.intents.values():
        for data in intent.data:
            for sentence in data.sentences:
                for _ in range(per_template):
                    text = _sample(sentence.expression, side.intents.expansion_rules, lists, rng)
                    out.append((" ".join(text.split()), intent.name))
    return out


def _sample(expr: Any, rules: dict, lists: dict, rng: random.Random) -> str:
    from hassil import Alternative, Group, ListReference, RuleReference, TextChunk

    if isinstance(expr, TextChunk):
        return expr.text
    if isinstance(expr, Alternative):
        return _sample(rng.choice(expr.items), rules, lists, rng)
    if isinstance(expr, Group):
        return "".join(_sample(item, rules, lists, rng) for item in expr.items)
    if isinstance(expr, RuleReference):
        return _sample(rules[expr.rule_name].expression, rules, lists, rng)
    if isinstance(expr, ListReference):
        return " " + _sample_value(lists[expr.list_name], rules, lists, rng) + " "
    raise TypeError(type(expr).__name__)


def _sample_value(slot_list: Any, rules: dict, lists: dict, rng: random.Random) -> str:
    from hassil import RangeSlotList, TextSlotList

    if isinstance(slot_list, RangeSlotList):
        return str(rng.randint(slot_list.start, slot_list.stop))
    if isinstance(slot_list, TextSlotList):
        for _ in range(50):  # an English sentence names an English (or pinyin) name
            text = _sample(rng.choice(slot_list.values).text_in, rules, lists, rng)
            if text.isascii():
                return text
        return text
    return rng.choice(UNKNOWN_NAMES)  # a wildcard


# ------------------------------------------------------------------ timing


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "p50": math.nan, "p99": math.nan, "max": math.nan, "mean": math.nan}
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"n": len(values), "p50": pick(0.50), "p99": pick(0.99), "max": ordered[-1],
            "mean": statistics.fmean(values)}


def _forget(engine: Engine | None) -> None:
    """Drop the catalogue's fuzzy-name memo so a repeat is not free (as scale.py does)."""
    for lang in getattr(engine, "_languages", {}).values():
        catalogue = getattr(lang, "catalogue", None)
        if catalogue is not None:
            catalogue.__dict__.pop("_closest_memo", None)


def medians(parsers: dict[str, Callable[[str], Any]], sentences: list[str], repeat: int,
            engines: tuple[Engine | None, ...] = (), interleaved: bool = False) -> dict[str, list[float]]:
    """Per parser and sentence the median of `repeat` calls (ms).

    Each round, every parser runs over all the sentences in turn (warm CPU caches,
    as every other figure of scale.py), so a burst of other people's load on the
    two shared cores spreads over both sides. `interleaved` alternates the parsers
    on each sentence instead: the cold-cache case, which costs the faster side most.
    """
    samples = {name: [[0.0] * repeat for _ in sentences] for name in parsers}

    def call(name: str, i: int, r: int) -> None:
        start = time.perf_counter()
        parsers[name](sentences[i])
        samples[name][i][r] = (time.perf_counter() - start) * 1000

    for r in range(repeat):
        for engine in engines:
            _forget(engine)
        if interleaved:
            for i in range(len(sentences)):
                for name in parsers:
                    call(name, i, r)
        else:
            for name in parsers:
                for i in range(len(sentences)):
                    call(name, i, r)
    return {name: [statistics.median(s) for s in per] for name, per in samples.items()}


def cockpit_understands(engine: Engine, text: str, intent: str) -> bool:
    frames = engine.parse(text).frames
    return bool(frames) and frames[0].intent == intent


def hassil_understands(parse: Callable[[str], Any], text: str, intent: str) -> bool:
    result = parse(text)
    return result is not None and result.intent.name == intent


@dataclass
class Timings:
    """Per-sentence medians of one sentence set: rows are percentiles of these (sets merge by concatenation)."""

    sentences: int
    understood_hassil: int
    understood_cockpit: int
    shared: list[str]  # the sentences both understand, in the order of the ms lists below
    ms: dict[str, list[float]]  # hassil, hassil_best, cockpit (shared sentences), cockpit_all, full_grammar

    def __add__(self, other: "Timings") -> "Timings":
        return Timings(self.sentences + other.sentences, self.understood_hassil + other.understood_hassil,
                       self.understood_cockpit + other.understood_cockpit, self.shared + other.shared,
                       {k: v + other.ms.get(k, []) for k, v in self.ms.items()})


def measure(cases: list[tuple[str, str]], hassil: dict[str, Callable], cockpit: Engine,
            full: Engine | None, repeat: int, interleaved: bool = False) -> Timings:
    """Understood by each; latency on the sentences both understand; cockpit also on all."""
    h_ok = [hassil_understands(hassil["recognize"], s, i) for s, i in cases]
    c_ok = [cockpit_understands(cockpit, s, i) for s, i in cases]
    shared = [s for (s, _), h, c in zip(cases, h_ok, c_ok) if h and c]
    timed = {"hassil": hassil["recognize"], "hassil_best": hassil["recognize_best"], "cockpit": cockpit.parse}
    if full is not None:
        timed["full_grammar"] = full.parse
    ms = medians(timed, shared, repeat, (cockpit, full), interleaved)
    ms["cockpit_all"] = medians({"c": cockpit.parse}, [s for s, _ in cases], repeat, (cockpit,))["c"]
    return Timings(len(cases), sum(h_ok), sum(c_ok), shared, ms)


def row(t: Timings, label: str, templates: int) -> dict:
    """Percentiles and the ratios hassil / cockpit (above 1: cockpit is faster)."""
    p = {k: percentiles(v) for k, v in t.ms.items()}
    h, hb, c = p["hassil"], p["hassil_best"], p["cockpit"]
    out = {"set": label, "templates": templates, "sentences": t.sentences,
           "understood_hassil": t.understood_hassil, "understood_cockpit": t.understood_cockpit,
           "shared": len(t.ms["cockpit"]), **p,
           "speedup_p50": h["p50"] / c["p50"], "speedup_mean": h["mean"] / c["mean"],
           "speedup_best_p50": hb["p50"] / c["p50"], "speedup_best_mean": hb["mean"] / c["mean"],
           "sentences_cockpit_slower": sum(a < b for a, b in zip(t.ms["hassil"], t.ms["cockpit"])),
           "worst_for_cockpit": _worst(t)}
    return out


def _worst(t: Timings, n: int = 5) -> list[dict]:
    """The sentences where cockpit compares worst with hassil: where a profile should look."""
    pairs = sorted(zip(t.shared, t.ms["hassil"], t.ms["cockpit"]), key=lambda x: x[1] / max(x[2], 1e-9))
    return [{"sentence": s, "hassil_ms": h, "cockpit_ms": c} for s, h, c in pairs[:n]]


# ------------------------------------------------------------------ the six-template toy (kept as a second row)


TOY_COMMON = """language: en
lists:
  artist: {catalogue: [artists], multi: false}
  place: {catalogue: [places], multi: false}
  temperature: {range: {min: 16, max: 32}}
"""
TOY_TEMPLATES = """language: en
intents:
  media.play:
    data: [{sentences: ["(play|put on) [some|a few] [music by] {artist} [please]",
                        "(i want|i would like) to (hear|listen to) {artist}"]}]
  navigation.navigate:
    data: [{sentences: ["(navigate|take me|drive|bring me|go|route me) to [the] {place:destination} [please]",
                        "how do i get to [the] {place:destination}"]}]
  climate.set_temperature:
    data: [{sentences: ["set [the] (temperature|temp) to {temperature} [degrees] [please]",
                        "make it {temperature} degrees"]}]
"""


def toy_row(seeds: Path, tmp: Path, full: Engine | None, repeat: int, interleaved: bool = False) -> dict:
    """The six hand-written templates of the first comparison: same templates both sides."""
    from hassil import Intents, RangeSlotList, TextSlotList

    folder = tmp / "toy" / "intents"
    (folder / "en").mkdir(parents=True)
    shutil.copy(INTENTS / "ontology.yaml", folder / "ontology.yaml")
    (folder / "en" / "_common.yaml").write_text(TOY_COMMON, encoding="utf-8")
    (folder / "en" / "toy.yaml").write_text(TOY_TEMPLATES, encoding="utf-8")
    engine, _ = cockpit_engine(folder, seeds)
    loaded = load_seeds(seeds)
    artists = sorted({n.lower() for a in loaded.artists for n in (a.name, *a.aliases) if n.isascii()})
    places = sorted({n.lower() for p in loaded.places for n in (p.name, *p.aliases) if n.isascii()})
    body = yaml.safe_load(TOY_TEMPLATES)["intents"]
    intents = Intents.from_dict({"language": "en", "intents": {
        k: {"data": [{"sentences": [s.replace("{place:destination}", "{place}") for s in v["data"][0]["sentences"]]}]}
        for k, v in body.items()}})
    lists = {"artist": TextSlotList.from_strings(artists, allow_template=False, name="artist"),
             "place": TextSlotList.from_strings(places, allow_template=False, name="place"),
             "temperature": RangeSlotList(name="temperature", start=16, stop=32)}
    for lst in (lists["artist"], lists["place"]):
        lst.get_candidates("x")
    gc.collect()
    gc.freeze()
    side = HassilSide(intents, lists, 0.0, {"artists": len(artists), "places": len(places)})
    rng = random.Random(11)
    cases = ([(f"play {rng.choice(artists)}", "media.play") for _ in range(100)]
             + [(f"navigate to {rng.choice(places)}", "navigation.navigate") for _ in range(100)]
             + [(f"set the temperature to {rng.randint(16, 32)} degrees", "climate.set_temperature")
                for _ in range(100)])
    timings = measure(cases, hassil_parsers(side), engine, full, repeat, interleaved)
    return row(timings, "six hand-written templates, 'play/navigate to/set the temperature to' sentences", 6)


# ------------------------------------------------------------------ the whole comparison


def hassil_peer(large: Path, engine: Engine | None, repeat: int, per_template: int = 1,
                interleaved: bool = False) -> dict:
    """Both rows (cockpit's real templates; the six-template toy) over the catalogue in `large`.

    `engine` (optional) is cockpit with its whole grammar over the same seeds: a reference column.
    """
    from importlib.metadata import version
    from importlib.util import find_spec

    if find_spec("hassil") is None:
        return {"skipped": "hassil is not installed (pip install hassil)"}

    with tempfile.TemporaryDirectory(prefix="cockpit-peer-hassil-") as tmp_name:
        tmp = Path(tmp_name)
        subset = read_subset()
        export = export_hassil(subset)
        side = hassil_side(export, large)
        cockpit, build_s = cockpit_engine(write_cockpit_folder(subset, tmp / "real"), large)
        parsers = hassil_parsers(side)
        for parse in parsers.values():
            parse("navigate to the bund")  # hassil builds its number-word tries on first use
        gc.collect()
        gc.freeze()  # cockpit freezes its engine; hassil's lists get the same: no GC walk lands in a parse
        twin = measure(twin_sentences(), parsers, cockpit, engine, repeat, interleaved)
        generated = measure(generated_sentences(side, per_template), parsers, cockpit, engine, repeat, interleaved)
        rows = {"real: twin tests": row(twin, "cockpit's templates, twin-test sentences", export.exported),
                "real: generated": row(generated, "cockpit's templates, sentences generated from them",
                                       export.exported),
                "real: all": row(twin + generated, "cockpit's templates, all sentences", export.exported)}
        del cockpit
        gc.collect()
        rows["toy"] = toy_row(large, tmp, engine, repeat, interleaved)
    gc.unfreeze()  # hassil's lists and the subset engines may go now ...
    gc.collect()
    gc.freeze()  # ... and what the caller still holds (scale.py's engines) stays out of the GC's walks
    return {"hassil_version": version("hassil"),
            "export": {"templates": export.templates, "exported": export.exported,
                       "dropped": dict(export.dropped), "approximated": dict(export.approximated),
                       "intents": len(export.intents["intents"]), "rules": len(export.intents["expansion_rules"]),
                       "lists": len(export.intents["lists"]) + len(export.catalogue_lists),
                       "skip_words": len(export.intents["skip_words"])},
            "catalogue_names": side.names, "hassil_build_s": side.build_s, "cockpit_build_s": build_s,
            "repeat": repeat, "interleaved": interleaved, "rows": rows}


# ------------------------------------------------------------------ report


def print_hassil(h: dict) -> None:
    """The comparison as a table (what scale.py prints in its hassil section)."""
    if "rows" not in h:
        print(f"\nhassil: {h.get('skipped', 'not run')}")
        return
    e = h["export"]
    dropped = ", ".join(f"{n} {why}" for why, n in e["dropped"].items()) or "none"
    names = ", ".join(f"{k} {v:,}" for k, v in h["catalogue_names"].items())
    print(f"\nhassil {h['hassil_version']} vs cockpit: cockpit's English templates of navigation.*, climate.*, "
          f"media.* exported to hassil\n  {e['exported']} of {e['templates']} templates exported ({e['intents']} "
          f"intents, {e['rules']} rules, {e['lists']} lists, {e['skip_words']} skip words); dropped: {dropped}")
    print(f"  catalogue names given to hassil: {names}; build hassil {h['hassil_build_s']:.1f} s, "
          f"cockpit subset {h['cockpit_build_s']:.1f} s")
    print("  approximated (hassil cannot express): " + "; ".join(
        f"{why} ({n})" for why, n in sorted(e["approximated"].items())))
    mode = ("interleaved: the engines alternate on every sentence (cold CPU caches)" if h.get("interleaved")
            else "each engine runs over all sentences in turn, round after round (warm CPU caches)")
    print(f"  timing: {h.get('repeat', '?')} rounds, {mode}")
    print("  understood = the expected intent (slots not compared); latency in ms, per sentence the median of"
          " the repeats,\n  only on sentences both understand ('both'); hassil = recognize (first match, its cheapest"
          " call),\n  best = recognize_best (all matches ranked); x = hassil / cockpit (above 1: cockpit faster)")
    print(f"{'row':17s} {'sent':>5s} {'hassil':>6s} {'ckpt':>5s} {'both':>5s} | {'hassil p50':>10s} {'p99':>6s} "
          f"{'mean':>6s} | {'best p50':>8s} {'mean':>6s} | {'ckpt p50':>8s} {'p99':>6s} {'mean':>6s} | "
          f"{'x p50':>5s} {'x mean':>6s} {'best x':>6s} | {'ckpt all p50':>12s} {'p99':>6s}")
    for name, r in h["rows"].items():
        hs, hb, c, ca = r["hassil"], r["hassil_best"], r["cockpit"], r["cockpit_all"]
        print(f"{name:17s} {r['sentences']:5d} {r['understood_hassil']:6d} {r['understood_cockpit']:5d} "
              f"{r['shared']:5d} | {hs['p50']:10.3f} {hs['p99']:6.2f} {hs['mean']:6.3f} | {hb['p50']:8.3f} "
              f"{hb['mean']:6.3f} | {c['p50']:8.3f} {c['p99']:6.2f} {c['mean']:6.3f} | {r['speedup_p50']:5.1f} "
              f"{r['speedup_mean']:6.1f} {r['speedup_best_p50']:6.1f} | {ca['p50']:12.3f} {ca['p99']:6.2f}")
    for name, r in h["rows"].items():
        full = r.get("full_grammar")
        extra = f"; cockpit's whole grammar on them p50 {full['p50']:.3f}, p99 {full['p99']:.2f}" if full else ""
        print(f"  {name}: {r['set']}, {r['templates']} templates; cockpit slower than hassil on "
              f"{r['sentences_cockpit_slower']} of {r['shared']} sentences{extra}")


def hassil_targets(h: dict) -> dict:
    """The issue-9 target, on cockpit's real templates (the toy row is reported, not judged)."""
    if "rows" not in h:
        return {}
    r = h["rows"]["real: all"]
    toy = h["rows"]["toy"]
    return {f">= {TARGET_SPEEDUP:.0f}x faster than hassil (p50, {r['templates']} shared templates, "
            f"{r['shared']} sentences)": {"met": r["speedup_p50"] >= TARGET_SPEEDUP,
                                           "value": f"{r['speedup_p50']:.1f}x p50, {r['speedup_mean']:.1f}x mean "
                                                    f"(six-template toy: {toy['speedup_p50']:.1f}x p50)"}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true", help="a small catalogue (scale 0.05), one repeat")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--per-template", type=int, default=1, help="generated sentences per template")
    ap.add_argument("--no-full", action="store_true", help="skip cockpit's whole-grammar reference column")
    ap.add_argument("--interleaved", action="store_true",
                    help="alternate hassil and cockpit on every sentence (cold CPU caches)")
    args = ap.parse_args()
    from catalogues import generate

    log = (lambda *a: print(*a, file=sys.stderr, flush=True))
    with tempfile.TemporaryDirectory(prefix="cockpit-peer-seeds-") as tmp_name:
        large = Path(tmp_name) / "large"
        scale = 0.05 if args.quick else 1.0
        log(f"generating catalogues (scale {scale}) ...")
        counts = generate(large, scale)
        full = None
        if not args.no_full:
            log("building cockpit (whole grammar) ...")
            full, _ = cockpit_engine(INTENTS, large)
        log("hassil and cockpit on the shared subset ...")
        h = hassil_peer(large, full, 1 if args.quick else args.repeat, args.per_template, args.interleaved)
        h["catalogue_counts"] = counts
    h["targets"] = hassil_targets(h)
    if args.json:
        print(json.dumps(h, indent=2, ensure_ascii=False, default=str))
    else:
        print_hassil(h)
        for name, ok in h["targets"].items():
            print(f"  {'MET ' if ok['met'] else 'MISS'} {name}: {ok['value']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
