"""Speed and scale: latency, throughput, cold start, memory and growth, next to hassil.

usage: python benchmarks/scale.py [--repeat 5] [--json] [--quick] [--no-hassil] [--profile N]

Everything is measured in one run, printed as a table (or JSON with --json):

- per-utterance parse latency (p50/p95/p99/max, ms) for English and Chinese,
  single-command (one expected frame) and multi-command (two or more) sentences
  of the twin test files, 4-command sentences composed from single ones joined
  by "and" / "然后", and sentences naming generated catalogue items, with the
  real seeds and with the large catalogues (benchmarks/catalogues.py: 100k
  tracks, 20k artists, 50k places, 5k contacts). Each sentence is parsed
  `--repeat` times and its median kept (two shared cores: the median hides
  other people's test runs); `max raw` is the slowest single call seen, GC
  pauses included;
- batch throughput of `cockpit parse --jsonl -` (a subprocess, utterances a second);
- cold start: wall time of `cockpit parse "..."` against `python -c pass`,
  with a warm cache and with no cache (min and median of N runs);
- peak memory (VmHWM of a subprocess) and engine build time (no cache)
  with the large catalogues;
- growth: latency with 1k, 10k and 100k tracks (every kind scaled alike),
  with 1 to 6 commands per utterance and for one 10,000-character input;
- a peer: hassil (benchmark-only dependency: `pip install hassil`) given
  cockpit's own navigation, climate and media templates, the same catalogues
  and sentences, both timed in this process (benchmarks/peer_hassil.py).

`--profile N` prints the top N functions of a cProfile of the large-catalogue
run (cumulative and own time) instead of the tables.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# Built engines of temporary catalogues must not land in the user's cache.
_BENCH_CACHE = Path(tempfile.mkdtemp(prefix="cockpit-bench-cache-"))
os.environ["COCKPIT_CACHE_DIR"] = str(_BENCH_CACHE / "seeds")
# Subprocesses run this checkout's code (also from a snapshot: `git archive HEAD | tar -x`),
# not whatever the venv's editable install points at.
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])

from assistant.nlu.engine import Engine  # noqa: E402
from assistant.nlu.testfiles import load_cases  # noqa: E402
from assistant.seeds import load_seeds  # noqa: E402
from catalogues import generate  # noqa: E402

PYTHON = sys.executable
COCKPIT = str(Path(sys.executable).with_name("cockpit"))
JOIN = {"en": " and ", "zh": "然后"}
TARGETS = {"single_p99_ms": 1.0, "four_p99_ms": 3.0, "cold_start_ms": 500.0, "peak_rss_mb": 400.0,
           "hassil_speedup": 10.0}


# ------------------------------------------------------------------ helpers


def percentiles(values: list[float], raw_max: float | None = None) -> dict[str, float]:
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    out = {"n": len(values), "p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99),
           "max": ordered[-1], "mean": statistics.fmean(values)}
    if raw_max is not None:
        out["max_raw"] = raw_max
    return out


def time_parses(parse, sentences: list[str], repeat: int) -> tuple[list[float], float]:
    """Per sentence the median of `repeat` calls (ms), and the slowest single call."""
    samples = [[0.0] * repeat for _ in sentences]
    engine = getattr(parse, "__self__", None)
    for r in range(repeat):  # round-robin: a burst of noise spreads over many sentences
        forget(engine)  # every round parses each sentence as if for the first time
        for i, sentence in enumerate(sentences):
            start = time.perf_counter()
            parse(sentence)
            samples[i][r] = (time.perf_counter() - start) * 1000
    return [statistics.median(s) for s in samples], max(max(s) for s in samples)


def forget(engine) -> None:
    """Drop per-utterance memos (the catalogue's fuzzy-name memo) so repeats are not free."""
    for lang in getattr(engine, "_languages", {}).values():
        catalogue = getattr(lang, "catalogue", None)
        if catalogue is not None:
            catalogue.__dict__.pop("_closest_memo", None)


def measure(parse, sentences: list[str], repeat: int) -> dict[str, float]:
    medians, raw_max = time_parses(parse, sentences, repeat)
    return percentiles(medians, raw_max)


def wall(cmd: list[str], runs: int, env: dict | None = None, stdin: bytes | None = None,
         fresh_cache: bool = False) -> dict[str, float]:
    """Wall time (ms) of a subprocess: min and median of `runs`."""
    times = []
    for _ in range(runs):
        run_env = dict(env or os.environ)
        tmp = None
        if fresh_cache:
            tmp = tempfile.mkdtemp(prefix="cockpit-bench-cold-")
            run_env["XDG_CACHE_HOME"] = tmp
            run_env.pop("COCKPIT_CACHE_DIR", None)
        start = time.perf_counter()
        proc = subprocess.run(cmd, input=stdin, capture_output=True, env=run_env, check=False)
        times.append((time.perf_counter() - start) * 1000)
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd[:3]} failed: {proc.stderr.decode()[-500:]}")
        if tmp:
            subprocess.run(["rm", "-rf", tmp], check=False)
    return {"min": min(times), "median": statistics.median(times), "runs": runs}


def user_env() -> dict:
    """The environment `cockpit` sees normally (the user's own cache)."""
    env = dict(os.environ)
    env.pop("COCKPIT_CACHE_DIR", None)
    env.pop("COCKPIT_NO_CACHE", None)
    return env


# ------------------------------------------------------------------ sentences


def twin_sentences() -> dict[str, dict[str, list[str]]]:
    """Per language: single (1 expected frame) and multi (2+) sentences of the twin tests."""
    cases, _ = load_cases()
    out: dict[str, dict[str, list[str]]] = {}
    for c in cases:
        if c.known_failure:
            continue
        lang = out.setdefault(c.language, {"single": [], "multi": []})
        if len(c.intents) == 1:
            lang["single"].append(c.sentence)
        elif len(c.intents) >= 2:
            lang["multi"].append(c.sentence)
    return out


def composed(singles: list[str], k: int, count: int, language: str, seed: int = 1) -> list[str]:
    """`count` sentences of k single commands joined by "and" / "然后"."""
    rng = random.Random(seed * 100 + k)
    # commands that end in free text would swallow the joint; keep short, clean ones
    pool = [s for s in singles if len(s) <= (40 if language == "en" else 14)]
    return [JOIN[language].join(rng.sample(pool, k)) for _ in range(count)]


def long_input(singles: list[str], language: str, chars: int = 10_000) -> str:
    rng = random.Random(5)
    pool = [s for s in singles if len(s) <= (40 if language == "en" else 14)]
    parts, size = [], 0
    while size < chars:
        s = rng.choice(pool)
        parts.append(s)
        size += len(s) + len(JOIN[language])
    return JOIN[language].join(parts)[:chars]


def catalogue_sentences(seeds_dir: Path, per_kind: int = 60, seed: int = 3) -> dict[str, list[str]]:
    """Sentences naming generated items (exact names) and misspelled ones (fuzzy path)."""
    seeds = load_seeds(seeds_dir)
    rng = random.Random(seed)
    gen_artists = [a for a in seeds.artists if a.id.startswith("gen-")]
    gen_places = [p for p in seeds.places if p.id.startswith("gen-")]
    gen_contacts = [c for c in seeds.contacts if c.id.startswith("gen-")]
    gen_tracks = [t for t in seeds.tracks if t.artist.startswith("gen-")]
    en, zh, fuzzy = [], [], []
    for a in rng.sample(gen_artists, per_kind):
        en.append(f"play {a.name.lower()}")
        if a.name_zh:
            zh.append(f"播放{a.name_zh}的歌")
    for t in rng.sample(gen_tracks, per_kind):
        en.append(f"play {t.song.lower()}")
        if t.song_zh:
            zh.append(f"播放{t.song_zh}")
    for p in rng.sample(gen_places, per_kind):
        en.append(f"navigate to {p.name.lower()}")
        zh.append(f"导航到{p.name_zh}")
    for c in rng.sample(gen_contacts, per_kind):
        en.append(f"call {c.name.lower()}")
        if c.name_zh:
            zh.append(f"打电话给{c.name_zh}")
    for a in rng.sample([a for a in gen_artists if len(a.name) >= 9], per_kind):
        name = list(a.name.lower())
        i = rng.randrange(1, len(name) - 1)
        while not name[i].isalpha():
            i = rng.randrange(1, len(name) - 1)
        name[i] = "x" if name[i] != "x" else "z"  # one wrong letter
        fuzzy.append(f"play {''.join(name)}")
    return {"en": en, "zh": zh, "en_fuzzy": fuzzy}


# ------------------------------------------------------------------ measurements


def build_engine(seeds_dir: Path | None) -> tuple[Engine, dict[str, float]]:
    """An engine with both languages compiled (no cache); build seconds per language."""
    os.environ["COCKPIT_NO_CACHE"] = "1"
    try:
        engine = Engine(seeds_dir=seeds_dir)
        times = {}
        for code in ("en", "zh"):
            start = time.perf_counter()
            engine.language(code)
            times[code] = time.perf_counter() - start
        # first fuzzy lookups build lazy indexes (pinyin names): not per-utterance cost
        engine.parse("play tayler swfit")
        engine.parse("播放周杰龙")
    finally:
        os.environ.pop("COCKPIT_NO_CACHE", None)
    return engine, times


def latency_sets(engine: Engine, sets: dict[str, dict[str, list[str]]], extra: dict[str, list[str]],
                 repeat: int) -> dict[str, dict]:
    out = {}
    for lang, groups in sorted(sets.items()):
        out[f"{lang} single"] = measure(engine.parse, groups["single"], repeat)
        out[f"{lang} multi"] = measure(engine.parse, groups["multi"], repeat)
        out[f"{lang} 4 commands"] = measure(engine.parse, composed(groups["single"], 4, 150, lang), repeat)
    for name, sentences in extra.items():
        out[f"{name} names"] = measure(engine.parse, sentences, repeat)
    return out


def frames_found(engine: Engine, sentences: list[str]) -> float:
    return statistics.fmean(len(engine.parse(s).frames) for s in sentences)


def length_growth(engine: Engine, sets: dict, repeat: int) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for lang, groups in sorted(sets.items()):
        rows = {}
        for k in range(1, 7):
            sentences = composed(groups["single"], k, 60, lang) if k > 1 else groups["single"]
            r = measure(engine.parse, sentences, repeat)
            rows[k] = {"p50": r["p50"], "p99": r["p99"], "mean": r["mean"],
                       "frames": frames_found(engine, sentences[:60])}
        text = long_input(groups["single"], lang)
        times = []
        for _ in range(3):
            forget(engine)
            start = time.perf_counter()
            parse = engine.parse(text)
            times.append((time.perf_counter() - start) * 1000)
            if times[-1] > 2000:  # one run is enough to see it
                break
        per_cmd = rows[6]["mean"] / 6
        out[lang] = {"by_commands": rows, "ratio_6_to_1_mean": rows[6]["mean"] / rows[1]["mean"],
                     "long_input": {"chars": len(text), "ms_min": min(times), "frames": len(parse.frames),
                                    "commands_joined": text.count(JOIN[lang]) + 1,
                                    "ms_if_linear": per_cmd * (text.count(JOIN[lang]) + 1)}}
    return out


def catalogue_growth(sets: dict, catalogue_sets: dict, tmp: Path, repeat: int,
                     large_engine: Engine | None) -> dict[str, dict]:
    out = {}
    for scale in (0.01, 0.1, 1.0):
        if scale == 1.0 and large_engine is not None:
            engine = large_engine
        else:
            folder = tmp / f"scale-{scale}"
            generate(folder, scale)
            engine, _ = build_engine(folder)
        tracks = len(engine.language("en").catalogue.names)
        row = {"catalogue_names_en": tracks}
        for lang in ("en", "zh"):
            r = measure(engine.parse, sets[lang]["single"], repeat)
            row[f"{lang} single p50"] = r["p50"]
            row[f"{lang} single p99"] = r["p99"]
            row[f"{lang} single mean"] = r["mean"]
        r = measure(engine.parse, catalogue_sets["en_fuzzy"], max(1, repeat // 2))
        row["en fuzzy mean"] = r["mean"]
        out[f"{round(100_000 * scale):,} tracks"] = row
        if engine is not large_engine:
            del engine
            gc.collect()
    keys = list(out)
    first, last = out[keys[0]], out[keys[-1]]
    size_ratio = last["catalogue_names_en"] / first["catalogue_names_en"]
    summary = {"catalogue_ratio": size_ratio}
    for metric in ("en single mean", "zh single mean", "en fuzzy mean"):
        slow = last[metric] / first[metric]
        summary[f"{metric} slowdown"] = slow
        summary[f"{metric} exponent"] = math.log(slow) / math.log(size_ratio) if slow > 0 else 0.0
    out["summary"] = summary
    return out


def throughput(sentences: list[str], runs: int) -> dict[str, float]:
    lines = "".join(json.dumps({"text": s}, ensure_ascii=False) + "\n" for s in sentences).encode()
    full = wall([COCKPIT, "parse", "--jsonl", "-"], runs, env=user_env(), stdin=lines)
    empty = wall([COCKPIT, "parse", "--jsonl", "-"], runs, env=user_env(), stdin=b"")
    return {"utterances": len(sentences), "wall_ms": full["min"], "startup_ms": empty["min"],
            "per_second": len(sentences) / (full["min"] / 1000),
            "per_second_steady": len(sentences) / max(1e-9, (full["min"] - empty["min"]) / 1000)}


def cold_start(runs: int) -> dict[str, dict]:
    text = "turn on the ac and play some jazz"
    wall([COCKPIT, "parse", text], 1, env=user_env())  # warm the user's cache
    python = wall([PYTHON, "-c", "pass"], runs)
    warm = wall([COCKPIT, "parse", text], runs, env=user_env())
    no_cache_env = {**user_env(), "COCKPIT_NO_CACHE": "1"}
    cold = wall([COCKPIT, "parse", text], max(3, runs // 2), env=no_cache_env, fresh_cache=True)
    zh_warm = wall([COCKPIT, "parse", "打开空调然后播放周杰伦"], runs, env=user_env())
    return {"python -c pass": python, "warm cache": warm, "warm cache (zh)": zh_warm, "no cache": cold,
            "ratio warm": {"min": warm["min"] / python["min"]}, "ratio no cache": {"min": cold["min"] / python["min"]}}


_MEMORY_PROBE = r"""
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
def hwm():  # VmHWM starts afresh at exec; ru_maxrss is inherited from the (big) parent on Linux
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
os.environ["COCKPIT_NO_CACHE"] = "1"
from pathlib import Path
base = hwm()
from assistant.nlu.engine import Engine
engine = Engine(seeds_dir=Path(sys.argv[1]) if sys.argv[1] != "-" else None)
out = {{"rss_imports_mb": hwm(), "rss_python_mb": base}}
for code in sys.argv[2].split(","):
    start = time.perf_counter()
    engine.language(code)
    out["build_s_" + code] = time.perf_counter() - start
    out["rss_after_" + code + "_mb"] = hwm()
for s in ["play jay chou and navigate to the bund", "play tayler swfit", "播放周杰伦然后导航到外滩", "播放周杰龙"]:
    engine.parse(s)
out["peak_rss_mb"] = hwm()
print(json.dumps(out))
"""


def memory(seeds_dir: Path | None, languages: str) -> dict[str, float]:
    code = _MEMORY_PROBE.format(root=str(ROOT))
    env = {**os.environ, "COCKPIT_CACHE_DIR": str(_BENCH_CACHE / "seeds")}
    proc = subprocess.run([PYTHON, "-c", code, str(seeds_dir) if seeds_dir else "-", languages],
                          capture_output=True, env=env, check=True)
    return json.loads(proc.stdout)


def gc_pause(engine: Engine) -> dict[str, float]:
    """A full collection with the engine in memory: what a gen-2 GC adds to one parse."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        gc.collect()
        times.append((time.perf_counter() - start) * 1000)
    return {"full_gc_ms": min(times), "tracked_objects": len(gc.get_objects())}


# ------------------------------------------------------------------ hassil


# cockpit's navigation, climate and media templates exported to hassil, and the six-template toy
from peer_hassil import hassil_peer, hassil_targets, print_hassil  # noqa: E402


# ------------------------------------------------------------------ report


def print_tables(r: dict) -> None:
    m = r["machine"]
    print(f"machine: {m['nproc']} cores, Python {m['python']}, {m['platform']}; repeat {r['repeat']} "
          f"(per-sentence median), latency in ms")
    print(f"\n{'latency':30s} {'n':>5s} {'p50':>7s} {'p95':>7s} {'p99':>7s} {'max':>7s} {'max raw':>8s}")
    for cat in ("real", "large"):
        for name, x in r["latency"][cat].items():
            print(f"{cat + ' ' + name:30s} {x['n']:5d} {x['p50']:7.3f} {x['p95']:7.3f} {x['p99']:7.3f} "
                  f"{x['max']:7.3f} {x['max_raw']:8.2f}")
    if "four_command_frames" in r:
        print("frames found per 4-command sentence (large): "
              + ", ".join(f"{k} {v:.2f}" for k, v in r["four_command_frames"].items()))
    if "gc" in r:
        print(f"full GC with the large engine in memory: {r['gc']['full_gc_ms']:.0f} ms "
              f"({r['gc']['tracked_objects']:,} tracked objects)")
    t = r.get("throughput")
    if t:
        print(f"\nbatch `cockpit parse --jsonl -`: {t['utterances']} utterances in {t['wall_ms']:.0f} ms "
              f"= {t['per_second']:.0f}/s including start-up, {t['per_second_steady']:.0f}/s steady "
              f"(start-up {t['startup_ms']:.0f} ms)")
    c = r.get("cold_start")
    if c:
        print(f"\n{'cold start (real seeds)':24s} {'min ms':>8s} {'median':>8s}")
        for name in ("python -c pass", "warm cache", "warm cache (zh)", "no cache"):
            print(f"{name:24s} {c[name]['min']:8.0f} {c[name]['median']:8.0f}")
        print(f"ratio to python -c pass: warm {c['ratio warm']['min']:.1f}x, no cache {c['ratio no cache']['min']:.1f}x")
    mem = r.get("memory")
    if mem:
        print("\nmemory (peak RSS, VmHWM, of a subprocess, MB) and build time without cache (s):")
        for name, x in mem.items():
            builds = ", ".join(f"{k[8:]} {v:.1f} s" for k, v in x.items() if k.startswith("build_s_"))
            print(f"  {name:28s} peak {x['peak_rss_mb']:6.0f} MB (python {x['rss_python_mb']:.0f}, imports "
                  f"{x['rss_imports_mb']:.0f}); build {builds}")
    g = r.get("catalogue_growth")
    if g:
        print(f"\n{'catalogue growth':16s} {'names':>8s} {'en p50':>7s} {'en p99':>7s} {'en mean':>8s} "
              f"{'zh p50':>7s} {'zh p99':>7s} {'zh mean':>8s} {'fuzzy':>7s}")
        for name, x in g.items():
            if name == "summary":
                continue
            print(f"{name:16s} {x['catalogue_names_en']:8d} {x['en single p50']:7.3f} {x['en single p99']:7.3f} "
                  f"{x['en single mean']:8.3f} {x['zh single p50']:7.3f} {x['zh single p99']:7.3f} "
                  f"{x['zh single mean']:8.3f} {x['en fuzzy mean']:7.2f}")
        s = g["summary"]
        print(f"catalogue x{s['catalogue_ratio']:.0f}: mean slowdown en x{s['en single mean slowdown']:.2f} "
              f"(exponent {s['en single mean exponent']:.2f}), zh x{s['zh single mean slowdown']:.2f} "
              f"(exponent {s['zh single mean exponent']:.2f}), misspelled names x{s['en fuzzy mean slowdown']:.1f} "
              f"(exponent {s['en fuzzy mean exponent']:.2f}); exponent <= 1 means no faster than linear")
    lg = r.get("length_growth")
    if lg:
        print(f"\n{'length growth (large)':22s} " + " ".join(f"{k} cmd".rjust(8) for k in range(1, 7))
              + "   (mean ms; frames found)")
        for lang, x in lg.items():
            rows = x["by_commands"]
            print(f"{lang:22s} " + " ".join(f"{rows[k]['mean']:8.3f}" for k in rows))
            print(f"{'':22s} " + " ".join(f"{rows[k]['frames']:8.2f}" for k in rows))
            li = x["long_input"]
            print(f"  {lang}: 6/1 command ratio x{x['ratio_6_to_1_mean']:.2f}; {li['chars']}-char input "
                  f"({li['commands_joined']} commands): {li['ms_min']:.0f} ms, {li['frames']} frames "
                  f"(linear extrapolation {li['ms_if_linear']:.0f} ms)")
    if r.get("hassil"):
        print_hassil(r["hassil"])
    print("\ntargets:")
    for name, ok in r["targets"].items():
        print(f"  {'MET ' if ok['met'] else 'MISS'} {name}: {ok['value']}")


def targets(r: dict) -> dict:
    out = {}
    lat = r["latency"]["large"]
    for lang in ("en", "zh"):
        v = lat[f"{lang} single"]["p99"]
        out[f"{lang} single-command p99 < 1 ms (large)"] = {"met": v < 1.0, "value": f"{v:.3f} ms"}
        v = lat[f"{lang} 4 commands"]["p99"]
        out[f"{lang} 4-command p99 < 3 ms (large)"] = {"met": v < 3.0, "value": f"{v:.3f} ms"}
    if "cold_start" in r:
        v = r["cold_start"]["warm cache"]["min"]
        out["cold start < 500 ms (real seeds, warm cache)"] = {"met": v < 500, "value": f"{v:.0f} ms"}
        v = r["cold_start"]["no cache"]["min"]
        out["cold start < 500 ms (real seeds, no cache)"] = {"met": v < 500, "value": f"{v:.0f} ms"}
    if "memory" in r:
        v = r["memory"]["large, en+zh"]["peak_rss_mb"]
        out["peak memory < 400 MB (large, both languages)"] = {"met": v < 400, "value": f"{v:.0f} MB"}
        if "large, en only" in r["memory"]:
            v = r["memory"]["large, en only"]["peak_rss_mb"]
            out["peak memory < 400 MB (large, one language)"] = {"met": v < 400, "value": f"{v:.0f} MB"}
    out.update(hassil_targets(r.get("hassil", {})))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--runs", type=int, default=7, help="subprocess runs per cold-start figure")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true", help="skip catalogue growth and memory subprocesses")
    ap.add_argument("--no-hassil", action="store_true")
    ap.add_argument("--profile", type=int, metavar="N", help="cProfile the large-catalogue latency sets")
    args = ap.parse_args()

    import platform

    r: dict = {"machine": {"nproc": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform(terse=True)}, "repeat": args.repeat}
    log = (lambda *a: print(*a, file=sys.stderr, flush=True))
    sets = twin_sentences()
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-seeds-") as tmp_name:
        tmp = Path(tmp_name)
        large = tmp / "large"
        log("generating large catalogues ...")
        r["catalogue_counts"] = generate(large, 1.0)
        log("building engines ...")
        real_engine, real_build = build_engine(None)
        large_engine, large_build = build_engine(large)
        r["build_s"] = {"real": real_build, "large": large_build}
        cat = catalogue_sentences(large)
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            latency_sets(large_engine, sets, {"en": cat["en"], "zh": cat["zh"]}, args.repeat)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(args.profile)
            stats.sort_stats("tottime").print_stats(args.profile)
            profiler = cProfile.Profile()
            profiler.enable()
            measure(large_engine.parse, cat["en_fuzzy"], 1)
            profiler.disable()
            print("---- misspelled names (fuzzy path)")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
            return 0
        log("latency ...")
        r["latency"] = {"real": latency_sets(real_engine, sets, {}, args.repeat),
                        "large": latency_sets(large_engine, sets, {"en": cat["en"], "zh": cat["zh"],
                                                                   "en misspelled": cat["en_fuzzy"]},
                                              args.repeat)}
        r["four_command_frames"] = {lang: frames_found(large_engine, composed(sets[lang]["single"], 4, 150, lang))
                                    for lang in sorted(sets)}
        r["gc"] = gc_pause(large_engine)
        log("length growth ...")
        r["length_growth"] = length_growth(large_engine, sets, args.repeat)
        if not args.no_hassil:
            log("hassil ...")
            r["hassil"] = hassil_peer(large, large_engine, args.repeat)
        if not args.quick:
            log("catalogue growth ...")
            r["catalogue_growth"] = catalogue_growth(sets, cat, tmp, args.repeat, large_engine)
        del real_engine, large_engine
        gc.collect()
        log("throughput and cold start ...")
        batch = [s for lang in sorted(sets) for g in ("single", "multi") for s in sets[lang][g]]
        r["throughput"] = throughput(batch * 2, max(3, args.runs // 2))
        r["cold_start"] = cold_start(args.runs)
        if not args.quick:
            log("memory ...")
            r["memory"] = {"real, en+zh": memory(None, "en,zh"),
                           "large, en only": memory(large, "en"),
                           "large, en+zh": memory(large, "en,zh")}
    r["targets"] = targets(r)
    subprocess.run(["rm", "-rf", str(_BENCH_CACHE)], check=False)
    if args.json:
        print(json.dumps(r, indent=2, ensure_ascii=False, default=str))
    else:
        print_tables(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
