"""Fuzz the parser and the car: random and mutated utterances must never crash.

    python fuzz/fuzz_parse.py --minutes 10 [--seed N]

Hypothesis drives the inputs: random text (any script, control characters,
emoji, right-to-left), and real utterances from `intents/tests/{en,zh}/*.yaml`
mutated (characters inserted, deleted, swapped; words doubled; punctuation
sprinkled; scripts mixed; utterances glued together). Every input must

- parse without raising, to frames whose intents and slots are valid against
  `intents/ontology.yaml` (JSON scalars, enum values, numbers within bounds);
- run through a `Session` (a few turns, random speakers) without raising,
  leaving a valid vehicle state; undo must restore the state exactly.

A failure is shrunk by Hypothesis, printed, and saved to `fuzz/crashes/`
(git-ignored) as JSON; the run goes on until the time is up. Exit 1 if
anything failed.

The checks (`frame_problems`, `state_problems`) are also used by
`tests/test_properties_parse.py`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CRASHES = Path(__file__).resolve().parent / "crashes"
SPEAKERS = ("driver", "passenger", "rear_left", "rear_right")

if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from hypothesis import strategies as st  # noqa: E402

# --------------------------------------------------------------------- checks


def load_ontology() -> Any:
    from assistant.nlu.ontology import Ontology

    data = yaml.safe_load((ROOT / "intents" / "ontology.yaml").read_text(encoding="utf-8"))
    return Ontology.model_validate(data)


def frame_problems(result: Any, ontology: Any) -> list[str]:
    """What is wrong with a Parse's frames (empty when they are valid)."""
    problems: list[str] = []
    out = result.to_json(explain=True)
    try:
        json.dumps(out, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        problems.append(f"output is not JSON: {exc}")
    if result.language not in ("en", "zh"):
        problems.append(f"language {result.language!r}")
    for frame in result.frames:
        spec = ontology.intents.get(frame.intent)
        if spec is None:
            problems.append(f"unknown intent {frame.intent!r}")
            continue
        if not isinstance(frame.slots, dict):
            problems.append(f"{frame.intent}: slots are {type(frame.slots).__name__}")
            continue
        for name, value in frame.slots.items():
            problems += [f"{frame.intent}.{name}: {p}" for p in _slot_problems(ontology, spec, name, value)]
        if not 0 <= frame.score <= 1:
            problems.append(f"{frame.intent}: score {frame.score}")
        if frame.span is not None:
            start, end = frame.span
            if not 0 <= start <= end <= len(result.text):
                problems.append(f"{frame.intent}: span {frame.span} outside the text ({len(result.text)})")
    return problems


def _slot_problems(ontology: Any, spec: Any, name: str, value: Any) -> list[str]:
    slot = spec.slots.get(name)
    if slot is None:
        return ["no such slot"]
    if not isinstance(value, (str, int, float, bool)):
        return [f"not a JSON scalar: {value!r}"]
    if isinstance(value, float) and not math.isfinite(value):
        return [f"not a finite number: {value!r}"]
    if slot.type in ontology.enums:
        return [] if value in ontology.enums[slot.type] else [f"{value!r} not in enum {slot.type}"]
    if slot.type == "bool":
        return [] if isinstance(value, bool) else [f"{value!r} is not a bool"]
    if slot.type in ("number", "int"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [f"{value!r} is not a number"]
        if slot.type == "int" and value != int(value):
            return [f"{value!r} is not an integer"]
        if (slot.min is not None and value < slot.min) or (slot.max is not None and value > slot.max):
            return [f"{value!r} outside {slot.min}..{slot.max}"]
        return []
    if slot.type == "text":
        return [] if isinstance(value, str) and value.strip() else [f"{value!r} is not a text"]
    return []


def state_problems(state: Any) -> list[str]:
    """A state that its own model would not accept, or that is not JSON."""
    from assistant.vehicle.state import VehicleState

    try:
        again = VehicleState.model_validate(state.model_dump())
    except Exception as exc:  # pydantic ValidationError
        return [f"invalid state: {' '.join(str(exc).split())[:300]}"]
    if again != state:
        return ["state does not survive a dump and validate"]
    try:
        json.dumps(state.model_dump(mode="json"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        return [f"state is not JSON: {exc}"]
    return []


def _same_car(one: Any, other: Any) -> bool:
    return one.model_copy(update={"speaker": "driver"}) == other.model_copy(update={"speaker": "driver"})


def run_turns(texts: list[str], speakers: list[str], ontology: Any, services: Any = None) -> list[str]:
    """Parse each text, check its frames, serve it in one Session; every problem found."""
    from assistant.dialogue import Session
    from assistant.frames import Frame, Parse
    from assistant.nlu import parse

    session = Session(services=services)
    problems: list[str] = []
    for text, speaker in zip(texts, speakers):
        result = parse(text)
        problems += [f"parse({text[:80]!r}): {p}" for p in frame_problems(result, ontology)]
        before = session.state
        turn = session.handle(result, speaker=speaker)
        problems += [f"after {text[:80]!r}: {p}" for p in state_problems(session.state)]
        paid = any(getattr(e, "key", "") == "payment_done" for e in turn.events)
        undid = any(f.intent == "dialog.undo" for f in result.frames)
        if turn.refused and all(type(e).__name__ == "Refused" for e in turn.events) and not undid:
            if not _same_car(before, session.state):
                problems.append(f"{text[:80]!r}: refused, yet the car changed")
        if not paid and not undid and not _same_car(before, session.state):
            session.handle(Parse("undo", "undo", "en", (Frame("dialog.undo"),)), speaker=speaker)
            if not _same_car(before, session.state):
                problems.append(f"{text[:80]!r}: undo did not restore the state")
    return problems


# ----------------------------------------------------------------- the inputs


def real_utterances() -> list[str]:
    """Every sentence of the twin test files, English and Chinese."""
    found: list[str] = []
    for path in sorted((ROOT / "intents" / "tests").glob("*/*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue
        for block in data.get("tests", []) or []:
            for sentence in (block or {}).get("sentences", []) if isinstance(block, dict) else []:
                if isinstance(sentence, str):
                    found.append(sentence)
    return found or ["turn on the ac", "打开空调"]


ODD_CHARS = st.sampled_from(list(
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\u0085\u00a0\u200b\u200d\u200e\u200f\u202e\u2066\ufeff\ufffd"
    "\u0301\u0308\ud7ff\U0001f697\U0001f525\U0001f926\u2764\ufe0f\U0001f1e8\U0001f1f3"
    "مرحباשלוםこんにちは안녕ПриветΑβγ°℃℉%&+'`\u2019\u3002\uff0c\uff01\uff1f\u3001"))
PUNCTUATION = st.sampled_from(list(",.;:!?-'\"()[]{}…—\u3002\uff0c\uff1f\uff01\u3001 \n\t"))
CONNECTORS = st.sampled_from([" and ", ", ", " then ", "，然后", "还有", " 和 ", " and then ", "。", " "])
WAKE = st.sampled_from(["hey bmw ", "hey b m w ", "你好宝马", "hey bmw, ", "HEY BMW!!! ", ""])
SCRIPTS = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=30),  # Chinese
    st.text(alphabet=st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), max_size=30),  # Hebrew, Arabic
    st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=10),  # emoji
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),  # control characters
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.text(max_size=60),  # includes lone surrogates
    st.text(alphabet=PUNCTUATION, max_size=40),
    st.text(alphabet="0123456789.-+ ", max_size=20),
)


@st.composite
def mutated(draw: st.DrawFn, sentences: list[str]) -> str:
    """A real utterance, changed a few times."""
    text = draw(st.sampled_from(sentences))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["insert", "delete", "swap", "double", "punct", "mix", "join",
                                   "wake", "case", "digits", "cut", "odd"]))
        text = _mutate(draw, op, text, sentences)
    return text


def _mutate(draw: st.DrawFn, op: str, text: str, sentences: list[str]) -> str:
    at = draw(st.integers(0, len(text)))
    if op == "insert":
        return text[:at] + draw(st.characters()) + text[at:]
    if op == "delete" and text:
        at = min(at, len(text) - 1)
        return text[:at] + text[at + 1:]
    if op == "swap" and len(text) > 1:
        at = min(at, len(text) - 2)
        return text[:at] + text[at + 1] + text[at] + text[at + 2:]
    if op == "double":
        words = text.split(" ")
        i = draw(st.integers(0, len(words) - 1))
        return " ".join(words[:i + 1] + [words[i]] * draw(st.integers(1, 4)) + words[i + 1:])
    if op == "punct":
        return text[:at] + draw(PUNCTUATION) + text[at:]
    if op == "mix":
        return text[:at] + draw(SCRIPTS) + text[at:]
    if op == "join":
        return text + draw(CONNECTORS) + draw(st.sampled_from(sentences))
    if op == "wake":
        return draw(WAKE) + text
    if op == "case":
        return text.upper() if draw(st.booleans()) else text.title()
    if op == "digits":
        return text[:at] + str(draw(st.one_of(st.integers(-10**6, 10**6),
                                              st.floats(allow_nan=True, allow_infinity=True)))) + text[at:]
    if op == "cut":
        return text[:at]
    if op == "odd":
        return text[:at] + draw(ODD_CHARS) + text[at:]
    return text


def utterances(sentences: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        mutated(sentences), mutated(sentences), mutated(sentences),  # weight the real ones
        SCRIPTS,
        st.builds(lambda w, n: w * n, WAKE.filter(bool), st.integers(1, 20)),  # only wake words
        st.builds(lambda s, n: (s + " ") * n, st.sampled_from(sentences), st.integers(2, 60)),
    )


# ------------------------------------------------------------------- the loop


@dataclass
class Tally:
    inputs: int = 0
    examples: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)


def fuzz(minutes: float, seed: int | None, chunk: int = 300) -> Tally:
    """Run Hypothesis in chunks until the time is up; record each (shrunk) failure."""
    from hypothesis import HealthCheck, Phase, given, settings

    from assistant.services.registry import default_services

    ontology = load_ontology()
    services = default_services()
    sentences = real_utterances()
    tally = Tally()
    deadline = time.monotonic() + minutes * 60
    seen: set[str] = set()

    @settings(max_examples=chunk, deadline=None, database=None, derandomize=False,
              phases=[Phase.generate, Phase.shrink], report_multiple_bugs=False,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(st.tuples(utterances(sentences), st.sampled_from(SPEAKERS)), min_size=1, max_size=4))
    def one(turns: list[tuple[str, str]]) -> None:
        tally.examples += 1
        tally.inputs += len(turns)
        texts = [t for t, _ in turns]
        problems = run_turns(texts, [s for _, s in turns], ontology, services)
        assert not problems, "; ".join(problems)

    import random

    rng = random.Random(seed)
    while time.monotonic() < deadline:
        try:
            _seeded(one, rng.getrandbits(64))
        except Exception as exc:  # noqa: BLE001 - any failure is a finding
            record(tally, exc, seen)
    return tally


def _seeded(test: Any, value: int) -> None:
    from hypothesis import seed

    seed(value)(test)()


def record(tally: Tally, exc: BaseException, seen: set[str]) -> None:
    """Print and save a failure once (by its message's first line)."""
    inputs = getattr(exc, "__notes__", [])
    text = "".join(traceback.format_exception(exc))
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    if isinstance(exc, AssertionError):  # an invalid result, not a crash: key it by the problem
        where = re.sub(r"'[^']*'|\"[^\"]*\"|[-+.\de]+", "_", str(exc).split("): ", 1)[-1])[:120]
    key = hashlib.sha1(f"{type(exc).__name__} {where}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
    if key in seen:
        return
    seen.add(key)
    entry = {"error": f"{type(exc).__name__}: {str(exc)[:2000]}", "falsifying": inputs, "traceback": text}
    tally.failures.append(entry)
    CRASHES.mkdir(exist_ok=True)
    path = CRASHES / f"crash-{key}.json"
    path.write_text(json.dumps(entry, ensure_ascii=True, indent=2), encoding="utf-8")
    print(f"FAILURE {entry['error'][:300]}\n  {' | '.join(inputs)[:500]}\n  saved {path}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="how long to run (default 1)")
    parser.add_argument("--seed", type=int, help="seed the sequence of Hypothesis runs")
    args = parser.parse_args(argv)
    start = time.monotonic()
    tally = fuzz(args.minutes, args.seed)
    took = time.monotonic() - start
    print(f"{tally.inputs} inputs in {tally.examples} examples tried in {took / 60:.1f} min "
          f"({tally.inputs / max(took, 1e-9):.0f}/s); {len(tally.failures)} distinct failure(s)")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
