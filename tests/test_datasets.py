"""Validates the labelled development sets against the intent ontology.

Every row of every datasets/*.jsonl must be a JSON object with a unique id, a
text, gold frames whose intents, slots and values the ontology
(intents/ontology.yaml) allows, and tags from the allowed set. The ontology
itself must name every intent of the contract (/work/shared/spec/intents.md),
when that file is present.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_PATH = ROOT / "intents" / "ontology.yaml"
DATASETS = sorted((ROOT / "datasets").glob("*.jsonl"))
SPEC = Path("/work/shared/spec/intents.md")

KIND_TAGS = {"template", "natural", "multi", "vague", "scene", "asr", "oos", "wake", "mixed"}
DOMAIN_TAGS = {"navigation", "climate", "media", "vehicle", "genius", "travel", "phone",
               "payment", "dialog", "system", "scene"}
# what kind of out-of-scope utterance it is (the held-out sets say)
OOS_TAGS = {"chitchat", "knowledge", "finance", "smarthome", "negated", "near_miss", "story",
            "unsupported", "gibberish"}
# who is speaking (the persona development sets)
PERSONA_TAGS = {"commuter", "parent", "non_native", "young", "elderly", "ride_hailing", "tourist", "tech"}
ALLOWED_TAGS = KIND_TAGS | DOMAIN_TAGS | OOS_TAGS | PERSONA_TAGS
SLOT_BASE_TYPES = {"text", "number", "int", "bool"}
AGENTS = {"cockpit", "genius", "travel", "services", "dialog"}
ARTICLES = ("the ", "a ", "an ")


@pytest.fixture(scope="module")
def ontology() -> dict:
    with ONTOLOGY_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_rows(path: Path) -> list[tuple[int, dict]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:  # pragma: no cover - reported below
                pytest.fail(f"{path.name}:{lineno}: invalid JSON: {exc}")
            rows.append((lineno, row))
    return rows


# ----------------------------------------------------------------- ontology


def test_ontology_is_well_formed(ontology):
    enums = ontology["enums"]
    assert isinstance(enums, dict) and enums
    for name, values in enums.items():
        assert isinstance(values, list) and values, name
        assert all(isinstance(v, str) and re.fullmatch(r"[a-z_]+", v) for v in values), (name, values)
        assert len(set(values)) == len(values), name
    intents = ontology["intents"]
    for name, spec in intents.items():
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", name), name
        assert spec.get("agent") in AGENTS, name
        slots = spec.get("slots")
        assert isinstance(slots, dict), name
        for slot, sspec in slots.items():
            t = sspec.get("type")
            assert t in SLOT_BASE_TYPES or t in enums, (name, slot, t)
            assert set(sspec) <= {"type", "required", "min", "max"}, (name, slot)
            if "min" in sspec or "max" in sspec:
                assert t in ("number", "int"), (name, slot)
        for group in spec.get("one_of", []):
            assert group and all(s in slots for s in group), (name, group)


def _spec_text() -> str:
    if not SPEC.exists():
        pytest.skip(f"{SPEC} not present")
    return SPEC.read_text(encoding="utf-8")


def test_ontology_names_every_intent_of_the_spec(ontology):
    text = _spec_text()
    names = set()
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        first = line.strip("|").split("|")[0]
        names.update(re.findall(r"\b([a-z]+\.[a-z_]+)\b", first))
    assert len(names) > 40, "could not read the intent tables of intents.md"
    missing = sorted(names - set(ontology["intents"]))
    assert not missing, f"intents of intents.md missing from the ontology: {missing}"


def test_shared_enumerations_match_the_spec(ontology):
    text = _spec_text()
    checked = 0
    for m in re.finditer(r"^- `(\w+)`: ([a-z_, ]+)$", text, re.M):
        name, values = m.group(1), [v.strip() for v in m.group(2).split(",")]
        if name in ontology["enums"]:
            assert set(ontology["enums"][name]) == set(values), name
            checked += 1
    assert checked >= 3


# ------------------------------------------------------------------ datasets


def test_there_are_datasets():
    assert DATASETS, "no datasets/*.jsonl"


def _check_value(where: str, slot: str, sspec: dict, value, enums: dict) -> list[str]:
    errs = []
    t = sspec["type"]
    if t == "text":
        if not isinstance(value, str) or not value.strip():
            errs.append(f"{where}: slot {slot} must be a non-empty string, got {value!r}")
        elif value != value.strip() or value.lower().startswith(ARTICLES) or value[-1] in ".,!?;:，。！？":
            errs.append(f"{where}: text slot {slot} has an article, padding or trailing punctuation: {value!r}")
    elif t == "bool":
        if not isinstance(value, bool):
            errs.append(f"{where}: slot {slot} must be a JSON boolean, got {value!r}")
    elif t in ("number", "int"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errs.append(f"{where}: slot {slot} must be a JSON number, got {value!r}")
        elif t == "int" and not isinstance(value, int):
            errs.append(f"{where}: slot {slot} must be an integer, got {value!r}")
        else:
            if "min" in sspec and value < sspec["min"]:
                errs.append(f"{where}: slot {slot}={value} below min {sspec['min']}")
            if "max" in sspec and value > sspec["max"]:
                errs.append(f"{where}: slot {slot}={value} above max {sspec['max']}")
    else:
        if value not in enums[t]:
            errs.append(f"{where}: slot {slot}={value!r} not in enum {t} {enums[t]}")
    return errs


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: p.name)
def test_dataset_rows_are_valid(path, ontology):
    enums, intents = ontology["enums"], ontology["intents"]
    errs: list[str] = []
    for lineno, row in load_rows(path):
        where = f"{path.name}:{lineno}"
        if not isinstance(row, dict):
            errs.append(f"{where}: not a JSON object")
            continue
        if not isinstance(row.get("id"), str) or not row["id"]:
            errs.append(f"{where}: missing id")
        if not isinstance(row.get("text"), str) or not row["text"].strip():
            errs.append(f"{where}: missing text")
        frames = row.get("intents")
        if not isinstance(frames, list):
            errs.append(f"{where}: intents must be a list")
            continue
        tags = row.get("tags")
        if not isinstance(tags, list) or not tags or not all(isinstance(t, str) for t in tags):
            errs.append(f"{where}: tags must be a non-empty list of strings")
            tags = []
        bad = sorted(set(tags) - ALLOWED_TAGS)
        if bad:
            errs.append(f"{where}: unknown tags {bad}")
        if len(set(tags)) != len(tags):
            errs.append(f"{where}: duplicate tags")
        wake_only = not frames and "wake" in tags  # "hey bmw" alone: nothing to do, not out of scope
        if ("oos" in tags) != (not frames) and not wake_only:
            errs.append(f"{where}: tag oos must be set exactly when intents is empty")
        if ("multi" in tags) != (len(frames) >= 2):
            errs.append(f"{where}: tag multi must be set exactly when there are 2+ frames")
        for i, frame in enumerate(frames):
            fw = f"{where} frame {i}"
            if not isinstance(frame, dict) or set(frame) != {"intent", "slots"}:
                errs.append(f"{fw}: a frame is {{'intent', 'slots'}}, got {frame!r}")
                continue
            name, slots = frame["intent"], frame["slots"]
            if name not in intents:
                errs.append(f"{fw}: unknown intent {name!r}")
                continue
            if not isinstance(slots, dict):
                errs.append(f"{fw}: slots must be an object")
                continue
            spec = intents[name]["slots"]
            for slot, value in slots.items():
                if slot not in spec:
                    errs.append(f"{fw}: intent {name} has no slot {slot!r}")
                    continue
                if value is None:
                    errs.append(f"{fw}: slot {slot} is null (leave it out instead)")
                    continue
                errs.extend(_check_value(fw, slot, spec[slot], value, enums))
            for slot, sspec in spec.items():
                if sspec.get("required") and slot not in slots:
                    errs.append(f"{fw}: {name} requires slot {slot!r}")
            for group in intents[name].get("one_of", []):
                if not any(s in slots for s in group):
                    errs.append(f"{fw}: {name} needs one of {group}")
            domain = name.split(".")[0]
            domain = {"info": "travel"}.get(domain, domain)
            if tags and domain not in tags:
                errs.append(f"{fw}: row lacks the domain tag {domain!r}")
    assert not errs, "\n".join(errs[:50]) + (f"\n... {len(errs)} problems" if len(errs) > 50 else "")


def test_ids_and_texts_are_unique_across_datasets():
    ids: Counter = Counter()
    texts: Counter = Counter()
    for path in DATASETS:
        for _, row in load_rows(path):
            ids[row.get("id")] += 1
            texts[(path.name, row.get("text"))] += 1
    dup_ids = [i for i, n in ids.items() if n > 1]
    dup_texts = [t for t, n in texts.items() if n > 1]
    assert not dup_ids, f"duplicate ids: {dup_ids[:20]}"
    assert not dup_texts, f"duplicate texts: {dup_texts[:20]}"


# ------------------------------------------------------- development sets

DEV_SETS = {"en_dev.jsonl": 450, "zh_dev.jsonl": 350}


@pytest.mark.parametrize("name,minimum", sorted(DEV_SETS.items()))
def test_dev_set_size_and_coverage(name, minimum, ontology):
    path = ROOT / "datasets" / name
    if not path.exists():
        pytest.skip(f"{name} not written yet")
    rows = [row for _, row in load_rows(path)]
    assert len(rows) >= minimum
    seen = Counter(f["intent"] for row in rows for f in row["intents"])
    thin = sorted(i for i in ontology["intents"] if seen[i] < 3)
    assert not thin, f"{name}: intents with fewer than 3 gold frames: {thin}"
    tags = Counter(t for row in rows for t in row["tags"])
    for tag in ("template", "natural", "multi", "vague", "scene", "asr", "oos"):
        assert tags[tag] >= 0.04 * len(rows), f"{name}: too few {tag} rows ({tags[tag]})"
    assert tags["oos"] >= 0.15 * len(rows)
    lang = name.split("_")[0]
    assert all(row["id"].startswith(lang + "-") for row in rows)
    if lang == "zh":
        cjk = sum(1 for row in rows if re.search(r"[\u4e00-\u9fff]", row["text"]))
        assert cjk >= 0.95 * len(rows)
