"""Accuracy of the parser on labelled utterances (interfaces.md, "The accuracy report").

`evaluate` is pure: gold rows and predicted frames in, a `Report` out, so the
figures can be tested by hand and reused outside the `cockpit eval` command.
The per-row rules (`slot_ok`, `frame_ok`, `match_frames`) are exactly those of
the reference scorer `shared/tools/score.py`, so both give the same numbers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Any, Mapping, Sequence

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictInt, StrictStr, field_validator

TEXT_SLOTS = frozenset({"destination", "name", "artist", "song", "album", "genre", "playlist",
                        "station", "color", "topic", "date", "location", "contact"})
ARTICLES = frozenset({"a", "an", "the", "my", "some"})
NONE = "(none)"  # the other side of a frame that was missed or invented
CONFUSIONS_SHOWN = 10

FrameDict = Mapping[str, Any]


# ---------------------------------------------------------------- input rows

def _json_scalar(value: Any) -> Any:
    if isinstance(value, (bool, int, float, str)):
        return value
    raise ValueError("a slot value is a string, a number or a boolean")


class GoldFrame(BaseModel):
    """One labelled frame as `parse` prints it; slot values are JSON scalars, kept as given."""

    model_config = ConfigDict(extra="ignore")  # span, score... explain a parse, not scored
    intent: StrictStr
    slots: dict[StrictStr, Annotated[Any, AfterValidator(_json_scalar)]] = {}

    @field_validator("slots", mode="before")
    @classmethod
    def _null_slots_are_empty(cls, value: Any) -> Any:
        return {} if value is None else value  # score.py reads `slots or {}`


class Example(BaseModel):
    """One labelled utterance: `"intents": []` means the car should not act."""

    model_config = ConfigDict(extra="ignore")
    id: StrictStr | StrictInt | None = None
    text: StrictStr
    intents: list[GoldFrame]
    tags: list[StrictStr] = []


# ---------------------------------------------------------------- the report

class Subset(BaseModel):
    """Accuracies on a slice of the rows (a tag, the multi-command rows)."""

    utterances: int
    utterance_accuracy: float | None  # None when the slice is empty
    frame_accuracy: float | None


class Scores(BaseModel):
    precision: float
    recall: float
    f1: float


class IntentScores(Scores):
    support: int  # gold frames of this intent


class OutOfScope(BaseModel):
    utterances: int  # rows labelled `[]`
    left_alone: float | None  # share of them predicted `[]`; None if there are none
    in_scope: int
    wrongly_rejected: float | None  # share of in-scope rows predicted `[]`


class Latency(BaseModel):
    p50: float
    p95: float
    p99: float
    max: float


class Confusion(BaseModel):
    gold: str
    predicted: str  # NONE when the gold frame was missed
    count: int


class Failure(BaseModel):
    id: str | int | None
    text: str
    gold: list[dict[str, Any]]
    predicted: list[dict[str, Any]]
    tags: list[str]


class Report(BaseModel):
    """Every figure of interfaces.md's accuracy report; `model_dump_json` is `--json`."""

    utterances: int
    utterance_accuracy: float
    frame_accuracy: float
    per_intent: dict[str, IntentScores]
    macro: Scores
    micro: Scores  # its F1 is score.py's "frame F1"
    slot_f1: float
    out_of_scope: OutOfScope
    multi_command: Subset
    latency_ms: Latency | None
    by_tag: dict[str, Subset]
    confusions: list[Confusion]
    confusion_matrix: dict[str, dict[str, int]]  # gold intent -> predicted intent -> frames
    failures: list[Failure]


# ---------------------------------------------------------------- per-row rules

def norm_words(value: Any) -> list[str]:
    """Words of a text slot: NFKC, lower case, '&' -> 'and', no punctuation or articles."""
    s = unicodedata.normalize("NFKC", str(value)).lower().replace("&", " and ")
    s = re.sub(r"[^\w\s.]", " ", s)
    return [w for w in s.split() if w not in ARTICLES]


def slot_ok(name: str, gold: Any, pred: Any) -> bool:
    """Whether a predicted slot value counts as the gold one (a canonical name may add words)."""
    if isinstance(gold, bool) or isinstance(pred, bool):
        return gold == pred
    if isinstance(gold, (int, float)):
        return isinstance(pred, (int, float)) and abs(gold - pred) < 0.01
    if name in TEXT_SLOTS:
        return said_within(gold, pred)
    return str(gold).lower() == str(pred).lower()


def said_within(said: Any, value: Any) -> bool:
    """Does a text value keep every word said (a canonical name may add words)?"""
    return _text_ok(norm_words(said), norm_words(value))


def _text_ok(gold: list[str], pred: list[str]) -> bool:
    """Words said within the prediction; Chinese: characters said, in order."""
    if not gold:
        return not pred
    if re.search(r"[\u4e00-\u9fff]", "".join(gold)):
        chars = iter("".join(pred))
        return all(ch in chars for ch in "".join(gold))
    return set(gold) <= set(pred)


def frame_ok(gold: FrameDict, pred: FrameDict) -> bool:
    """Exact frame: same intent, same slot names, every value accepted by `slot_ok`."""
    if gold["intent"] != pred.get("intent"):
        return False
    gs, ps = gold.get("slots") or {}, pred.get("slots") or {}
    return set(gs) == set(ps) and all(slot_ok(k, gs[k], ps[k]) for k in gs)


def match_frames(gold: Sequence[FrameDict], pred: Sequence[FrameDict]) -> tuple[list[FrameDict], list[FrameDict]]:
    """Greedy multiset match in score.py's order: (gold frames missed, predicted frames extra)."""
    extra = list(pred)
    missed = []
    for g in gold:
        i = next((i for i, p in enumerate(extra) if frame_ok(g, p)), None)
        if i is None:
            missed.append(g)
        else:
            del extra[i]
    return missed, extra


def _intent(frame: FrameDict) -> str:
    return str(frame.get("intent", ""))


@dataclass(frozen=True)
class RowScore:
    """How one utterance fared."""

    utterance_ok: bool
    frame_ok: bool
    missed: list[FrameDict]
    extra: list[FrameDict]


def score_row(gold: Sequence[FrameDict], pred: Sequence[FrameDict]) -> RowScore:
    """Utterance match = same multiset of intents; frame exact = that and every frame matched."""
    utt = sorted(_intent(g) for g in gold) == sorted(_intent(p) for p in pred)
    missed, extra = match_frames(gold, pred)
    return RowScore(utt, utt and not missed and not extra, missed, extra)


def pair_errors(missed: Sequence[FrameDict], extra: Sequence[FrameDict]) -> list[tuple[str, str]]:
    """(gold, predicted) intents of one row's errors: same intent first (wrong slots), then in order."""
    gold, pred = [_intent(f) for f in missed], [_intent(f) for f in extra]
    same = list((Counter(gold) & Counter(pred)).elements())
    for name in same:
        gold.remove(name)
        pred.remove(name)
    n = min(len(gold), len(pred))
    return ([(s, s) for s in same] + list(zip(gold, pred))
            + [(g, NONE) for g in gold[n:]] + [(NONE, p) for p in pred[n:]])


def slot_hits(gold: Sequence[FrameDict], pred: Sequence[FrameDict]) -> tuple[int, int, int]:
    """(true, gold, predicted) counts of (intent, slot, value) triples, greedily matched."""
    g3 = [(_intent(f), k, v) for f in gold for k, v in (f.get("slots") or {}).items()]
    left = [(_intent(f), k, v) for f in pred for k, v in (f.get("slots") or {}).items()]
    n_pred, hits = len(left), 0
    for intent, name, value in g3:
        i = next((i for i, (pi, pn, pv) in enumerate(left)
                  if pi == intent and pn == name and slot_ok(name, value, pv)), None)
        if i is not None:
            hits += 1
            del left[i]
    return hits, len(g3), n_pred


# ---------------------------------------------------------------- aggregates

def _share(ok: int, total: int) -> float | None:
    return ok / total if total else None


def prf(tp: int, fp: int, fn: int) -> Scores:
    """Precision, recall and F1, 0 where undefined (score.py's convention)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return Scores(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0)


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default), q in 0..100."""
    s = sorted(values)
    k = (len(s) - 1) * q / 100
    lo = math.floor(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def latency(values_ms: Sequence[float]) -> Latency:
    """Tail figures: a parser that is fast on average can still stall on some inputs."""
    return Latency(p50=percentile(values_ms, 50), p95=percentile(values_ms, 95),
                   p99=percentile(values_ms, 99), max=max(values_ms))


def _subset(rows: Sequence[RowScore]) -> Subset:
    return Subset(utterances=len(rows),
                  utterance_accuracy=_share(sum(r.utterance_ok for r in rows), len(rows)),
                  frame_accuracy=_share(sum(r.frame_ok for r in rows), len(rows)))


def _per_intent(golds: Sequence[Sequence[FrameDict]], scores: Sequence[RowScore]) -> dict[str, IntentScores]:
    """Frame-level P/R/F1 per intent: a frame counts only when `frame_ok` matched it."""
    support = Counter(_intent(f) for g in golds for f in g)
    fn = Counter(_intent(f) for s in scores for f in s.missed)
    fp = Counter(_intent(f) for s in scores for f in s.extra)
    out = {}
    for name in sorted(support | fp):
        tp = support[name] - fn[name]
        out[name] = IntentScores(**prf(tp, fp[name], fn[name]).model_dump(), support=support[name])
    return out


def _macro(per_intent: Mapping[str, IntentScores]) -> Scores:
    n = len(per_intent) or 1
    return Scores(precision=sum(s.precision for s in per_intent.values()) / n,
                  recall=sum(s.recall for s in per_intent.values()) / n,
                  f1=sum(s.f1 for s in per_intent.values()) / n)


def _confusion_matrix(golds: Sequence[Sequence[FrameDict]], scores: Sequence[RowScore]) -> Counter[tuple[str, str]]:
    """(gold, predicted) intent counts: matched frames on the diagonal, then each row's errors."""
    cells: Counter[tuple[str, str]] = Counter()
    for gold, s in zip(golds, scores):
        matched = Counter(_intent(f) for f in gold) - Counter(_intent(f) for f in s.missed)
        cells.update({(name, name): n for name, n in matched.items()})
        cells.update(pair_errors(s.missed, s.extra))
    return cells


def _out_of_scope(golds: Sequence[Sequence[FrameDict]], predicted: Sequence[Sequence[FrameDict]]) -> OutOfScope:
    oos = [not p for g, p in zip(golds, predicted) if not g]
    rejected = [not p for g, p in zip(golds, predicted) if g]
    return OutOfScope(utterances=len(oos), left_alone=_share(sum(oos), len(oos)),
                      in_scope=len(rejected), wrongly_rejected=_share(sum(rejected), len(rejected)))


def _by_tag(gold: Sequence[Example], scores: Sequence[RowScore]) -> dict[str, Subset]:
    tagged: dict[str, list[RowScore]] = {}
    for ex, s in zip(gold, scores):
        for tag in dict.fromkeys(ex.tags):
            tagged.setdefault(tag, []).append(s)
    return {tag: _subset(rows) for tag, rows in sorted(tagged.items())}


def evaluate(gold: Sequence[Example], predicted: Sequence[list[dict]],
             latencies_ms: Sequence[float] | None = None) -> Report:
    """Score predicted frames (one list per gold row, same order) against the gold labels."""
    if not gold:
        raise ValueError("no utterances to evaluate")
    if len(predicted) != len(gold) or (latencies_ms is not None and len(latencies_ms) != len(gold)):
        raise ValueError("gold, predictions and latencies must have one entry per utterance")
    golds = [[f.model_dump() for f in ex.intents] for ex in gold]
    scores = [score_row(g, p) for g, p in zip(golds, predicted)]
    per_intent = _per_intent(golds, scores)
    missed, extra = sum(len(s.missed) for s in scores), sum(len(s.extra) for s in scores)
    n_gold = sum(len(g) for g in golds)
    slots = [slot_hits(g, p) for g, p in zip(golds, predicted)]
    cells = _confusion_matrix(golds, scores)
    matrix: dict[str, dict[str, int]] = {}
    for (g, p), n in sorted(cells.items()):
        matrix.setdefault(g, {})[p] = n
    worst = sorted(((n, g, p) for (g, p), n in cells.items() if g != p), key=lambda c: (-c[0], c[1], c[2]))
    return Report(
        utterances=len(gold),
        utterance_accuracy=sum(s.utterance_ok for s in scores) / len(gold),
        frame_accuracy=sum(s.frame_ok for s in scores) / len(gold),
        per_intent=per_intent,
        macro=_macro(per_intent),
        micro=prf(n_gold - missed, extra, missed),
        slot_f1=prf(sum(t for t, _, _ in slots), sum(p - t for t, _, p in slots),
                    sum(g - t for t, g, _ in slots)).f1,
        out_of_scope=_out_of_scope(golds, predicted),
        multi_command=_subset([s for g, s in zip(golds, scores) if len(g) >= 2]),
        latency_ms=latency(latencies_ms) if latencies_ms else None,
        by_tag=_by_tag(gold, scores),
        confusions=[Confusion(gold=g, predicted=p, count=n) for n, g, p in worst[:CONFUSIONS_SHOWN]],
        confusion_matrix=matrix,
        failures=[Failure(id=ex.id, text=ex.text, gold=g, predicted=list(p), tags=ex.tags)
                  for ex, g, p, s in zip(gold, golds, predicted, scores) if not s.frame_ok],
    )
