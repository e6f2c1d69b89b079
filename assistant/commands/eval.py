"""`cockpit eval DATASET...`: parse every labelled utterance, print the accuracy report.

Exit 0, or 1 when a `--min-*` threshold is not met, or 2 on bad input. The
figures come from `assistant.evaluate`, which scores exactly as the reference
scorer `shared/tools/score.py` does.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.cli import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.evaluate import Example, Report

PROGRESS_ABOVE = 200  # rows; fewer parse in a blink


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"a share lies between 0 and 1, not {text}")
    return value


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a count: {text!r}")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `eval` parser; cheap: the engine, rich and matplotlib load in `run`."""
    p = subparsers.add_parser("eval", help="measure recognition accuracy on labelled JSONL",
                              description="Parse every labelled utterance and print the accuracy report.")
    p.add_argument("datasets", nargs="+", metavar="DATASET", type=Path, help="labelled JSONL files")
    p.add_argument("--json", metavar="FILE", type=Path, help="also write the whole report as JSON")
    p.add_argument("--plot", metavar="FILE.png", type=Path, help="per-intent F1 and confusion matrix (matplotlib)")
    p.add_argument("--tag", help="keep only the utterances with this tag")
    p.add_argument("--domains", metavar="D,D", help="keep utterances whose gold intents all lie in these "
                   "comma-separated domains (out-of-scope ones kept), as score.py does")
    p.add_argument("--show", metavar="N", type=_count, default=0, help="print the first N failures")
    p.add_argument("--min-frame", metavar="X", type=_share, default=0.0, help="exit 1 below this frame accuracy")
    p.add_argument("--min-utt", metavar="X", type=_share, default=0.0, help="exit 1 below this utterance accuracy")
    p.add_argument("--min-oos", metavar="X", type=_share, default=0.0,
                   help="exit 1 below this share of out-of-scope utterances left alone")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from assistant.evaluate import evaluate

    _check_outputs(args.json, args.plot)
    rows = [ex for path in args.datasets for ex in load_dataset(path)]
    if args.tag:
        rows = [ex for ex in rows if args.tag in ex.tags]
        if not rows:
            raise UsageError(f"no utterance is tagged {args.tag!r}")
    if args.domains:
        keep = set(args.domains.split(","))
        rows = [ex for ex in rows if all(f.intent.split(".")[0] in keep for f in ex.intents)]
    predicted, latencies = predict(rows)
    report = evaluate(rows, predicted, latencies)
    console = Console(highlight=False)
    print_report(report, args.show, console)
    if args.json:
        _write_atomic(args.json, report.model_dump_json(indent=2).encode())
    if args.plot:
        _write_atomic(args.plot, plot_png(report))
    return _verdict(report, args, console)


# ---------------------------------------------------------------- input

def load_dataset(path: Path) -> list[Example]:
    """The labelled rows of one JSONL file (blank lines skipped); problems name `file:line`."""
    from assistant.evaluate import Example

    rows = []
    for number, line in enumerate(io.StringIO(_read_text(path), newline=None), 1):
        if line.strip():
            rows.append(_example(Example, line, f"{path}:{number}"))
    if not rows:
        raise UsageError(f"{path}: no labelled utterances")
    return rows


def _read_text(path: Path) -> str:
    if path.is_dir():
        raise UsageError(f"{path}: is a folder, not a JSONL file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from None


def _example(model: type[Example], line: str, where: str) -> Example:
    """One row, checked: a JSON object with a string `text` and a list of frames."""
    from pydantic import ValidationError

    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{where}: malformed JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(row, dict):
        raise UsageError(f"{where}: expected a JSON object, got {type(row).__name__}")
    for key in ("text", "intents"):
        if key not in row:
            raise UsageError(f"{where}: no {key!r}")
    try:
        return model.model_validate(row)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(part) for part in err["loc"])
        raise UsageError(f"{where}: {loc}: {err['msg'].removeprefix('Value error, ')}") from None


def predict(rows: list[Example]) -> tuple[list[list[dict[str, Any]]], list[float]]:
    """Parse every text, timing each call; the engine is built before the clock starts."""
    from rich.console import Console
    from rich.progress import track

    from assistant.nlu import parse
    from assistant.nlu.text import detect_language

    # Warm-up, one utterance per language: compiling a language is not per-utterance latency.
    for text in {detect_language(ex.text): ex.text for ex in rows}.values():
        parse(text)
    quiet = len(rows) <= PROGRESS_ABOVE or not sys.stderr.isatty()
    predicted, latencies = [], []
    for ex in track(rows, description="parsing", console=Console(stderr=True), transient=True, disable=quiet):
        start = time.perf_counter()
        result = parse(ex.text)
        latencies.append((time.perf_counter() - start) * 1000)
        predicted.append([frame.to_json() for frame in result.frames])
    return predicted, latencies


# ---------------------------------------------------------------- output

def _check_outputs(json_path: Path | None, plot_path: Path | None) -> None:
    """Refuse unwritable outputs before parsing, not after a long run."""
    for path in (json_path, plot_path):
        if path is not None and (path.is_dir() or not path.parent.is_dir()):
            raise UsageError(f"{path}: cannot write there (no such folder, or a folder)")
    if plot_path is not None:
        if plot_path.suffix.lower() != ".png":
            raise UsageError(f"{plot_path}: --plot writes a PNG; name it FILE.png")
        if importlib.util.find_spec("matplotlib") is None:
            raise UsageError("--plot needs matplotlib: pip install 'cockpit[plot]'")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write through a temp file in the same folder so no reader sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp's 0600 would hide the report from others
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write: {exc.strerror}") from None


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _frames(frames: list[dict[str, Any]]) -> str:
    """Frames on one line: `media.play(genre=jazz)`; `[]` for none."""
    if not frames:
        return "[]"
    return "; ".join(f"{f.get('intent')}({', '.join(f'{k}={v}' for k, v in (f.get('slots') or {}).items())})"
                     for f in frames)


def print_report(report: Report, show: int, console: Console) -> None:
    """Headline figures, then per tag, per intent, worst confusions and `show` failures."""
    _print_headline(report, console)
    _print_tags(report, console)
    _print_intents(report, console)
    _print_confusions(report, console)
    _print_failures(report, show, console)


def _print_headline(report: Report, console: Console) -> None:
    from rich.table import Table

    oos, multi, lat = report.out_of_scope, report.multi_command, report.latency_ms
    table = Table(title=f"accuracy on {report.utterances} utterances", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("utterance accuracy", _fmt(report.utterance_accuracy))
    table.add_row("frame accuracy (exact)", _fmt(report.frame_accuracy))
    table.add_row("frame P / R / F1 (micro)", " / ".join(_fmt(x) for x in report.micro.model_dump().values()))
    table.add_row("frame P / R / F1 (macro)", " / ".join(_fmt(x) for x in report.macro.model_dump().values()))
    table.add_row("slot F1", _fmt(report.slot_f1))
    table.add_row(f"out of scope left alone (of {oos.utterances})", _fmt(oos.left_alone))
    table.add_row(f"in scope wrongly rejected (of {oos.in_scope})", _fmt(oos.wrongly_rejected))
    table.add_row(f"multi-command utterance / frame (of {multi.utterances})",
                  f"{_fmt(multi.utterance_accuracy)} / {_fmt(multi.frame_accuracy)}")
    if lat:
        table.add_row("latency ms p50 / p95 / p99 / max",
                      " / ".join(f"{x:.3f}" for x in (lat.p50, lat.p95, lat.p99, lat.max)))
    console.print(table)


def _print_tags(report: Report, console: Console) -> None:
    from rich.table import Table

    if not report.by_tag:
        return
    table = Table(title="by tag")
    for name, justify in (("tag", "left"), ("utterances", "right"), ("utterance", "right"), ("frame", "right")):
        table.add_column(name, justify=justify)
    for tag, sub in report.by_tag.items():
        table.add_row(tag, str(sub.utterances), _fmt(sub.utterance_accuracy), _fmt(sub.frame_accuracy))
    console.print(table)


def _print_intents(report: Report, console: Console) -> None:
    """Worst F1 first: that is where the work is."""
    from rich.table import Table

    table = Table(title="per intent (frames)")
    for name in ("intent", "support", "precision", "recall", "F1"):
        table.add_column(name, justify="left" if name == "intent" else "right")
    for intent, s in sorted(report.per_intent.items(), key=lambda kv: (kv[1].f1, kv[0])):
        table.add_row(intent or "(no intent)", str(s.support), _fmt(s.precision), _fmt(s.recall), _fmt(s.f1))
    console.print(table)


def _print_confusions(report: Report, console: Console) -> None:
    from rich.table import Table

    if not report.confusions:
        return
    table = Table(title="worst confusions (unmatched frames)")
    for name in ("gold", "predicted", "count"):
        table.add_column(name, justify="right" if name == "count" else "left")
    for c in report.confusions:
        table.add_row(c.gold, c.predicted, str(c.count))
    console.print(table)


def _print_failures(report: Report, show: int, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    if not show or not report.failures:
        return
    table = Table(title=f"first {min(show, len(report.failures))} of {len(report.failures)} failures",
                  show_lines=True)
    for name in ("text", "gold", "predicted"):
        table.add_column(name, overflow="fold")
    for f in report.failures[:show]:
        table.add_row(Text(f.text), Text(_frames(f.gold)), Text(_frames(f.predicted)))
    console.print(table)


def _verdict(report: Report, args: argparse.Namespace, console: Console) -> int:
    """score.py's last line: exit 1 when a threshold is not met (no out-of-scope rows pass)."""
    oos = report.out_of_scope.left_alone
    ok = (report.frame_accuracy >= args.min_frame and report.utterance_accuracy >= args.min_utt
          and (oos is None or oos >= args.min_oos))
    console.print(f"{'ok' if ok else 'short'}: frame accuracy {report.frame_accuracy:.3f} (need {args.min_frame}), "
                  f"utterance accuracy {report.utterance_accuracy:.3f} (need {args.min_utt}), "
                  f"out-of-scope left alone {_fmt(oos)} (need {args.min_oos}) on {report.utterances} utterances",
                  soft_wrap=True, markup=False)
    return 0 if ok else 1


def plot_png(report: Report) -> bytes:
    """Per-intent F1 bars beside the intent confusion matrix (row shares), as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from assistant.evaluate import NONE

    intents = sorted(report.per_intent, key=lambda name: (report.per_intent[name].f1, name))
    labels = sorted(set(report.confusion_matrix) | {p for row in report.confusion_matrix.values() for p in row},
                    key=lambda name: (name == NONE, name))
    size = max(4.0, 0.22 * max(len(intents), len(labels)))
    fig = Figure(figsize=(2 * size + 3, size + 2), layout="constrained")
    FigureCanvasAgg(fig)
    bars, grid = fig.subplots(1, 2, width_ratios=[1, 1.3])
    bars.barh(range(len(intents)), [report.per_intent[n].f1 for n in intents], color="tab:blue")
    bars.set_yticks(range(len(intents)), intents, fontsize=7)
    bars.set_xlim(0, 1)
    bars.set_title("F1 per intent (frames)")
    matrix = [[report.confusion_matrix.get(g, {}).get(p, 0) for p in labels] for g in labels]
    shares = [[n / (sum(row) or 1) for n in row] for row in matrix]
    image = grid.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    grid.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    grid.set_yticks(range(len(labels)), labels, fontsize=7)
    grid.set_xlabel("predicted")
    grid.set_ylabel("gold")
    grid.set_title("confusion matrix (share of gold row)")
    fig.colorbar(image, ax=grid, shrink=0.6)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()
