"""End-to-end engine speed and memory on book-sized input, next to raw diff-match-patch and difflib.

Text: the Gutenberg novels in ../shared/data/gutenberg (repeated to reach the size), cut to N
words.  Side B gets 10% of its words replaced and some paragraphs moved.  Each size runs in a
fresh subprocess so peak memory (VmHWM) is measured per size.

    python benchmarks/speed.py                 # 1k, 10k, 100k, 1M words
    python benchmarks/speed.py --sizes 100000  # just one size

Targets (issue 2): 1k-word pair < 50 ms, 100k < 1 s, 1M < 10 s, memory < 20x the input size.

Across languages (issue 13): WMT21 German news against its French translation, documents
concatenated to 1k and 10k words a side; targets < 1 s and < 5 s, the sentence encoder's
one-time load reported separately.

    python benchmarks/speed.py --cross-only   # just the cross-language pairs
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gutenberg"
DEFAULT_SIZES = [1_000, 10_000, 100_000, 1_000_000]
DIFFLIB_LIMIT = 20_000  # difflib is quadratic on this input: >600 s at 100k words
PURE_DMP_LIMIT = 20_000  # pure-Python diff-match-patch: ~124 s at 100k words
TARGETS = {1_000: 0.05, 100_000: 1.0, 1_000_000: 10.0}
CROSS_SIZES = [1_000, 10_000]
CROSS_TARGETS = {1_000: 1.0, 10_000: 5.0}
DEFR = ROOT.parent / "shared" / "data" / "wmt21_newstest2021_defr" / "docs.jsonl"


def cross_pair(words: int) -> tuple[str, str]:
    """German sources and their French translations, whole documents, to ``words`` a side."""
    a_parts: list[str] = []
    b_parts: list[str] = []
    count = 0
    while count < words:
        with DEFR.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                a_parts.append("\n\n".join(record["src_de"]))
                b_parts.append("\n\n".join(record["ref_A"]))
                count += len(a_parts[-1].split())
                if count >= words:
                    break
    return "\n\n".join(a_parts), "\n\n".join(b_parts)


def measure_cross(words: int) -> dict[str, float]:
    from core import compare, load_text
    from core.engine import crosslang

    a_text, b_text = cross_pair(words)
    started = time.perf_counter()
    crosslang.encoder()
    # langdetect reads its 55 language profiles on first use (~0.5 s CPU), once per process
    # like the encoder: a one-time cost, reported with the model load, not in the comparison.
    load_text("Ein kurzer Satz, damit die Spracherkennung ihre Profile lädt.", "A")
    model_s = time.perf_counter() - started
    started = time.perf_counter()
    cpu_started = time.process_time()
    a = load_text(a_text, "A")
    b = load_text(b_text, "B")
    loaded = time.perf_counter()
    result = compare(a, b)
    done = time.perf_counter()
    cpu = time.process_time() - cpu_started
    assert result.metrics is not None and result.metrics.translation is not None
    assert result.verdict is not None
    return {
        "model_s": model_s,
        "load_s": loaded - started,
        "compare_s": done - loaded,
        "total_s": done - started,
        "cpu_s": cpu,
        "words_a": float(a.word_count),
        "words_b": float(b.word_count),
        "sentences": float(len(a.sentences) + len(b.sentences)),
        "verdict": float(result.verdict.kind.value == "translation"),
    }


def print_cross() -> None:
    if not DEFR.is_file():
        print(f"skipped: {DEFR} is absent (needs ../shared/data)")
        return
    print("Across languages (German -> French, WMT21), sentence encoder loaded once per process")
    print(
        f"{'words':>9} {'model s':>7} {'load s':>7} {'compare s':>9} {'total s':>8} "
        f"{'target':>7} {'cpu s':>6} {'sentences':>9} verdict"
    )
    for size in CROSS_SIZES:
        out = subprocess.run(
            [sys.executable, __file__, "--cross-one", str(size)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        target = CROSS_TARGETS[size]
        verdict = "ok" if r["total_s"] < target else "SLOW"
        print(
            f"{size:>9,} {r['model_s']:>7.2f} {r['load_s']:>7.3f} {r['compare_s']:>9.3f} "
            f"{r['total_s']:>8.3f} {verdict:>7} {r['cpu_s']:>6.2f} {int(r['sentences']):>9} "
            f"{'translation' if r['verdict'] else 'NOT translation'}",
            flush=True,
        )
    print(
        "model = loading the sentence encoder and the language detector's profiles (once per "
        "process, not counted in total); "
        "total = loading both sides + compare (embedding every sentence included); "
        "cpu = the process's CPU time for the same work (what it takes on an idle core)."
    )


def source_text() -> str:
    texts = []
    for name in ("pg2701.txt", "pg76.txt"):
        text = (DATA / name).read_text(encoding="utf-8-sig")
        # Drop the Project Gutenberg licence header/footer: only the novel is of interest.
        start = text.find("*** START")
        end = text.find("*** END")
        if start != -1 and end != -1:
            text = text[text.index("\n", start) + 1 : end]
        texts.append(text.replace("\r\n", "\n"))
    return "\n\n".join(texts)


def make_pair(words: int, seed: int = 7) -> tuple[str, str]:
    base = source_text()
    text = base
    while len(re.findall(r"\S+", text)) < words:
        text += "\n\n" + base
    cut = [m.end() for m in re.finditer(r"\S+", text)][words - 1]
    a = text[:cut]
    rng = random.Random(seed)
    vocabulary = re.findall(r"[A-Za-z]{3,}", base[:200_000])
    pieces = re.split(r"(\s+)", a)
    for k in range(0, len(pieces), 2):
        if pieces[k] and rng.random() < 0.10:
            pieces[k] = rng.choice(vocabulary)
    b = "".join(pieces)
    paragraphs = b.split("\n\n")
    # Move ~2% of paragraphs somewhere else.
    for _ in range(max(1, len(paragraphs) // 50)):
        if len(paragraphs) < 3:
            break
        moved = paragraphs.pop(rng.randrange(len(paragraphs)))
        paragraphs.insert(rng.randrange(len(paragraphs)), moved)
    return a, "\n\n".join(paragraphs)


def _rss_peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _reset_rss_peak() -> None:
    """Start the high-water mark afresh: building the test pair must not count as the engine's.

    Writing 5 to clear_refs resets VmHWM (Linux 4.0+); where that is refused the figure is an
    upper bound that includes the set-up.
    """
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _rss_now_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def measure_one(words: int) -> dict[str, float]:
    """Runs inside the subprocess for one size."""
    import fast_diff_match_patch

    from core import compare, load_text
    from core.engine.prepare import Vocabulary, prepare

    # One-off costs (language profiles, sacrebleu's tables) are paid before measuring.
    compare(load_text("Warm up the language profiles."), load_text("Warm up the profiles."))
    a_text, b_text = make_pair(words)
    gc.collect()
    _reset_rss_peak()
    baseline_kb = _rss_now_kb()
    started = time.perf_counter()
    cpu_started = time.process_time()
    a = load_text(a_text, "A")
    b = load_text(b_text, "B")
    loaded = time.perf_counter()
    comparison = compare(a, b)
    finished = time.perf_counter()
    cpu = time.process_time() - cpu_started
    peak_kb = _rss_peak_kb()
    input_bytes = len(a_text.encode()) + len(b_text.encode())
    result: dict[str, float] = {
        "words": words,
        "load_s": loaded - started,
        "compare_s": finished - loaded,
        "total_s": finished - started,
        "cpu_s": cpu,
        "blocks": len(comparison.blocks),
        "similarity": comparison.metrics.word_similarity if comparison.metrics else 0.0,
        "memory_ratio": max(0, peak_kb - baseline_kb) * 1024 / input_bytes,
        "input_mb": input_bytes / 1e6,
    }
    # References on the same word tokens: whole-document diffs without alignment.
    vocabulary = Vocabulary()
    from core.config import DEFAULT_CONFIG

    pa = prepare(a, vocabulary, DEFAULT_CONFIG)
    pb = prepare(b, vocabulary, DEFAULT_CONFIG)
    a_codes = pa.codes
    b_codes = pb.codes
    t0 = time.perf_counter()
    fast_diff_match_patch.diff(a_codes, b_codes, timelimit=0, cleanup="Semantic", counts_only=True)
    result["fast_dmp_s"] = time.perf_counter() - t0
    if words <= PURE_DMP_LIMIT:
        import diff_match_patch

        engine = diff_match_patch.diff_match_patch()
        engine.Diff_Timeout = 0
        t0 = time.perf_counter()
        engine.diff_main(a_codes, b_codes, False)
        result["pure_dmp_s"] = time.perf_counter() - t0
    if words <= DIFFLIB_LIMIT:
        import difflib

        t0 = time.perf_counter()
        difflib.SequenceMatcher(None, pa.codes, pb.codes, autojunk=False).get_opcodes()
        result["difflib_s"] = time.perf_counter() - t0
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=DEFAULT_SIZES)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cross-one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cross-only", action="store_true", help="only the cross-language pairs")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one)))
        return 0
    if args.cross_one:
        print(json.dumps(measure_cross(args.cross_one)))
        return 0
    if args.cross_only:
        print_cross()
        return 0
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (needs ../shared/data/gutenberg)")
        return 0
    header = (
        f"{'words':>9} {'load s':>7} {'compare s':>9} {'total s':>8} {'target':>7} "
        f"{'cpu s':>7} {'mem x':>6} {'fast-dmp s':>10} {'pure-dmp s':>10} {'difflib s':>9}"
    )
    print(header)
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        target = TARGETS.get(size)
        verdict = "" if target is None else ("ok" if r["total_s"] < target else "SLOW")
        pure = f"{r['pure_dmp_s']:.3f}" if "pure_dmp_s" in r else "skipped"
        difflib_s = f"{r['difflib_s']:.3f}" if "difflib_s" in r else "skipped"
        print(
            f"{size:>9,} {r['load_s']:>7.3f} {r['compare_s']:>9.3f} {r['total_s']:>8.3f} "
            f"{verdict:>7} {r['cpu_s']:>7.3f} {r['memory_ratio']:>6.1f} {r['fast_dmp_s']:>10.3f} "
            f"{pure:>10} {difflib_s:>9}",
            flush=True,
        )
    print(
        "total = loading both sides (tokenise, detect language, segment) + compare; "
        "fast-dmp/pure-dmp/difflib = one whole-document diff of the same word tokens, "
        "no alignment, no metrics; cpu s = the process's CPU time for the total (what it "
        "takes on an idle core; the fairer figure while other jobs share the machine); "
        "mem x = peak RSS growth / input bytes."
    )
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    print_cross()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
