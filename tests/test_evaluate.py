"""`evaluate` against hand-counted examples, and against the reference scorer's own rules."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from assistant.evaluate import NONE, Example, evaluate, slot_ok


def fr(intent: str, **slots: Any) -> dict[str, Any]:
    return {"intent": intent, "slots": slots}


def ex(*frames: dict[str, Any], text: str = "utterance", tags: tuple[str, ...] = ()) -> Example:
    return Example(text=text, intents=list(frames), tags=list(tags))


PLAY = fr("media.play", genre="jazz")
TEMP = fr("climate.set_temperature", temperature=22)


# ---------------------------------------------------------------- slot rules

@pytest.mark.parametrize("name, gold, pred, ok", [
    ("destination", "pudong airport", "Shanghai Pudong International Airport", True),  # canonical name
    ("destination", "pudong airport", "Pudong", False),  # a word said is missing
    ("artist", "the Beatles", "Beatles!", True),  # article and punctuation dropped
    ("artist", "Simon & Garfunkel", "simon and garfunkel", True),
    ("destination", "浦东机场", "上海浦东国际机场", True),  # Chinese: characters in order
    ("destination", "机场浦东", "上海浦东国际机场", False),
    ("destination", "the", "", True),  # nothing said, nothing predicted
    ("zone", "Driver", "driver", True),  # other slots: case-insensitive equality
    ("zone", "driver", "driver side", False),
    ("temperature", 22, 22.004, True),
    ("temperature", 22, 22.5, False),
    ("temperature", 22, "22", False),
    ("along_route", True, "true", False),  # booleans are compared as booleans
    ("along_route", True, True, True),
])
def test_slot_rules(name: str, gold: Any, pred: Any, ok: bool) -> None:
    assert slot_ok(name, gold, pred) is ok


# ---------------------------------------------------------------- accuracies

def test_utterance_and_frame_accuracy_differ() -> None:
    gold = [ex(PLAY), ex(PLAY, TEMP), ex(TEMP), ex(PLAY)]
    pred = [
        [fr("media.play", genre="Jazz.")],  # exact ("." is kept, as in score.py: "jazz." != "jazz")
        [TEMP, PLAY],  # exact, in another order
        [fr("climate.set_temperature", temperature=23)],  # right intent, wrong slot
        [fr("media.play", genre="jazz", artist="x")],  # an extra slot
    ]
    report = evaluate(gold, pred)
    assert report.utterances == 4
    assert report.utterance_accuracy == 1.0
    assert report.frame_accuracy == 1 / 4
    assert [f.text for f in report.failures] == ["utterance"] * 3


def test_per_intent_precision_recall_f1() -> None:
    gold = [ex(PLAY), ex(PLAY), ex(TEMP), ex(PLAY, TEMP)]
    pred = [[PLAY], [fr("media.pause")], [TEMP], [PLAY]]
    report = evaluate(gold, pred)
    play, temp, pause = (report.per_intent[n] for n in ("media.play", "climate.set_temperature", "media.pause"))
    assert (play.precision, play.recall, play.support) == (1.0, 2 / 3, 3)
    assert play.f1 == pytest.approx(0.8)
    assert (temp.precision, temp.recall, temp.f1, temp.support) == (1.0, 0.5, 2 / 3, 2)
    assert (pause.precision, pause.recall, pause.f1, pause.support) == (0.0, 0.0, 0.0, 0)
    assert report.micro.precision == 0.75 and report.micro.recall == 0.6  # tp 3, fp 1, fn 2
    assert report.micro.f1 == pytest.approx(2 / 3)
    assert report.macro.f1 == pytest.approx((0.8 + 2 / 3 + 0) / 3)


def test_slot_f1_counts_triples() -> None:
    gold = [ex(fr("navigation.navigate", destination="pudong airport")),
            ex(fr("climate.seat_heating", level=2, zone="driver"))]
    pred = [[fr("navigation.navigate", destination="Shanghai Pudong International Airport")],
            [fr("climate.seat_heating", level=3, zone="driver"), fr("media.play", genre="jazz")]]
    report = evaluate(gold, pred)
    # gold triples 3, predicted 4, matched 2 (destination, zone): P 2/4, R 2/3
    assert report.slot_f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_out_of_scope_figures() -> None:
    gold = [ex(), ex(), ex(PLAY), ex(TEMP), ex(PLAY)]
    pred = [[], [PLAY], [PLAY], [], [TEMP]]
    oos = evaluate(gold, pred).out_of_scope
    assert (oos.utterances, oos.left_alone) == (2, 0.5)
    assert (oos.in_scope, oos.wrongly_rejected) == (3, 1 / 3)


def test_out_of_scope_absent_is_none() -> None:
    oos = evaluate([ex(PLAY)], [[PLAY]]).out_of_scope
    assert oos.utterances == 0 and oos.left_alone is None and oos.wrongly_rejected == 0.0


def test_multi_command_and_tags() -> None:
    gold = [ex(PLAY, TEMP, tags=("multi", "en")), ex(PLAY, TEMP, tags=("multi",)), ex(PLAY, tags=("en",))]
    pred = [[PLAY, TEMP], [PLAY, fr("climate.set_temperature", temperature=30)], [TEMP]]
    report = evaluate(gold, pred)
    multi = report.multi_command
    assert (multi.utterances, multi.utterance_accuracy, multi.frame_accuracy) == (2, 1.0, 0.5)
    assert report.by_tag["multi"] == multi
    en = report.by_tag["en"]
    assert (en.utterances, en.utterance_accuracy, en.frame_accuracy) == (2, 0.5, 0.5)


def test_multi_command_absent_is_none() -> None:
    multi = evaluate([ex(PLAY)], [[PLAY]]).multi_command
    assert multi.utterances == 0 and multi.frame_accuracy is None


def test_confusions_and_matrix() -> None:
    gold = [ex(PLAY), ex(PLAY), ex(TEMP), ex(fr("media.pause"))]
    pred = [[fr("media.pause")], [fr("media.pause")], [fr("climate.set_temperature", temperature=9)], []]
    report = evaluate(gold, pred)
    assert [(c.gold, c.predicted, c.count) for c in report.confusions] == [
        ("media.play", "media.pause", 2), ("media.pause", NONE, 1)]  # slot errors are no confusion
    assert report.confusion_matrix["climate.set_temperature"] == {"climate.set_temperature": 1}
    assert report.confusion_matrix["media.play"] == {"media.pause": 2}


def test_latency_percentiles() -> None:
    report = evaluate([ex(PLAY)] * 5, [[PLAY]] * 5, [5.0, 1.0, 2.0, 3.0, 4.0])
    assert report.latency_ms is not None
    assert (report.latency_ms.p50, report.latency_ms.max) == (3.0, 5.0)
    assert report.latency_ms.p95 == pytest.approx(4.8)
    assert evaluate([ex(PLAY)], [[PLAY]]).latency_ms is None


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        evaluate([ex(PLAY)], [])
    with pytest.raises(ValueError):
        evaluate([], [])


# ---------------------------------------------------------------- agreement with score.py

def _score_module() -> ModuleType | None:
    here = Path(__file__).resolve().parents[1]
    for path in (Path("/work/shared/tools/score.py"), here.parent / "shared" / "tools" / "score.py"):
        if path.is_file():
            spec = importlib.util.spec_from_file_location("reference_score", path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    return None


VALUES: dict[str, list[Any]] = {
    "destination": ["pudong airport", "Shanghai Pudong International Airport", "the airport", "浦东机场",
                    "上海浦东国际机场", "home"],
    "artist": ["Simon & Garfunkel", "simon and garfunkel", "the Beatles", "beatles!", "周杰伦"],
    "zone": ["driver", "Driver", "passenger"],
    "temperature": [22, 22.004, 22.5, "22"],
    "along_route": [True, False, 1],
}
INTENTS = ["navigation.navigate", "media.play", "climate.set_temperature", "navigation.find_poi"]


def _random_frame(rng: random.Random) -> dict[str, Any]:
    names = rng.sample(sorted(VALUES), rng.randint(0, 2))
    return fr(rng.choice(INTENTS), **{n: rng.choice(VALUES[n]) for n in names})


def _mutate(frames: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    out = [fr(f["intent"], **f["slots"]) for f in frames]
    for _ in range(rng.randint(0, 2)):
        roll = rng.random()
        if out and roll < 0.25:
            out.pop(rng.randrange(len(out)))
        elif roll < 0.45:
            out.append(_random_frame(rng))
        elif out and roll < 0.7:
            frame = rng.choice(out)
            if frame["slots"]:
                name = rng.choice(sorted(frame["slots"]))
                frame["slots"][name] = rng.choice(VALUES[name])
        elif out:
            rng.choice(out)["intent"] = rng.choice(INTENTS)
    rng.shuffle(out)
    return out


def test_agrees_with_reference_scorer() -> None:
    score = _score_module()
    if score is None:
        pytest.skip("shared/tools/score.py not found")
    rng = random.Random(7)
    gold = [[_random_frame(rng) for _ in range(rng.choice([0, 1, 1, 2, 3]))] for _ in range(600)]
    pred = [_mutate(g, rng) for g in gold]
    utt = frm = tp = fp = fn = 0
    for g, p in zip(gold, pred):  # score.py's own loop
        u = sorted(x["intent"] for x in g) == sorted(x.get("intent", "") for x in p)
        hit = score.match_frames(g, p)
        utt += u
        frm += u and hit == len(g) == len(p)
        tp, fp, fn = tp + hit, fp + len(p) - hit, fn + len(g) - hit
    report = evaluate([ex(*g) for g in gold], pred)
    assert 0 < frm < utt < len(gold)  # the sample exercises both kinds of failure
    assert report.utterance_accuracy == utt / len(gold)
    assert report.frame_accuracy == frm / len(gold)
    assert report.micro.f1 == pytest.approx(2 * tp / (2 * tp + fp + fn))
