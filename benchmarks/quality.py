"""How right is Copydesk?  Verdict and alignment accuracy on text nobody here wrote.

    python benchmarks/quality.py          # everything (about two minutes on a laptop)
    python benchmarks/quality.py --quick  # a deterministic subsample (about 20 s)

Data from ../shared/data (see its README; nothing is copied into the repository):

1. **Paraphrase accuracy** -- MRPC training file, 4,076 human-labelled news sentence pairs.
   Copydesk "says paraphrase" when its verdict is identical, light edit or paraphrase.  The
   verdict's model is re-fitted on nine tenths and scored on the held-out tenth (10-fold
   cross-validation), so no pair is judged by a model that saw it.  References: always saying
   "paraphrase" scores 67.5% on this file; lexical-overlap baselines 70-73%; combinations of
   MT metrics about 77% (Madnani et al., 2012).
2. **Sentence alignment** -- the 38 WMT22 zh-en news documents: ref_A against ref_B and against
   each of four machine translations, laid out with different paragraphing on each side, two
   paragraphs of B swapped and a few segments dropped (see benchmarks/wmt22.py).  Precision and
   recall of segment links; "ceiling" is what a perfect aligner could reach with the sentence
   splitter's sentences (a multi-sentence quotation kept as one sentence links to all its
   partners).
3. **Document ranking** -- each news document's ref_A against the ref_B of all 38: is its own
   translation the most similar (word similarity)?  And the verdict on those 38 x 38 pairs:
   same source -> paraphrase or closer; different article -> not.  (News was not used by
   calibrate.py.)
4. **Machine vs human** -- is a second human translation closer to ref_A than a machine one?
6. **Facts that changed** -- numbers, dates, names and quotations planted into WMT22 pairs
   (recall per kind), false alarms on the unplanted ref_A/ref_B pairs, and numbers/dates
   between the Chinese source and both translations (see benchmarks/fact_plant.py).
   ``--facts`` runs this part only.
5. **Across languages** -- each source document (WMT22 zh, WMT21 ja and de news) against its
   translations (zh: both human and the four machine ones into English; ja: the human English
   one; de: the human French one), scrambled as in 2; and against the human translation of the
   *next* document (mismatched: never a translation).  Link precision/recall/F1, moved recall,
   verdicts.  ``--cross-only`` runs just this part.
6. **Traces of a round trip or spinner** -- synthetic round-trip damage at known places
   (recall and precision per kind) and false alarms on clean pairs; see
   benchmarks/traces_quality.py, which also runs on its own.
7. **Passages** -- 1-4 passages of 1-5 sentences of one real document planted into another
   (verbatim, 10% of the words replaced, or the other human translation of the same segments)
   at random positions and in random order (see benchmarks/passages.py): passage recall and
   precision, the verdict on each pair, and unrelated pairs (no passage, never a partial copy).
   Scored on WMT22 news, German news (newstest2019 with Google's paraphrased references) and
   Huckleberry Finn; calibrate.py fits on WMT22 outside news and Moby Dick.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "benchmarks"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import fact_plant  # noqa: E402
from calibrate import (  # noqa: E402
    CLOSE_VERDICTS,
    MRPC,
    BinaryScore,
    cross_validate,
    load_mrpc,
    observe_all,
    shuffled_pairs,
)
from passages import (  # noqa: E402
    GERMAN_SCORED_DOCUMENTS,
    MODES,
    PassageScore,
    PlantedPair,
    SourceDocument,
    german_sources,
    gutenberg_sources,
    pairs_for,
    score_pair,
    unrelated_pairs,
    wmt22_sources,
)
from wmt22 import (  # noqa: E402
    HYPOTHESES,
    TRANSLATION_SETS,
    WMT22,
    LinkScore,
    WmtDocument,
    best_possible_links,
    load_documents,
    load_sources,
    predicted_links,
    roc_auc,
    scramble,
)

from core import Comparison, Document, FactKind, VerdictKind, compare, load_text  # noqa: E402
from core.engine.provenance import THRESHOLDS  # noqa: E402

MRPC_ALL_PARAPHRASE = 0.675  # share of label 1 in the training file


# --------------------------------------------------------------------------------------------
# 1. Paraphrase accuracy


@dataclass(frozen=True)
class ParaphraseResult:
    score: BinaryScore
    positive_share: float  # the all-"paraphrase" baseline on these pairs
    negatives: Counter[VerdictKind]  # verdicts on MRPC's non-paraphrases (same event)
    shuffled: Counter[VerdictKind]  # verdicts on randomly re-paired sentences (unrelated)


def paraphrase_accuracy(rows: Sequence[tuple[int, str, str]]) -> ParaphraseResult:
    observations = observe_all(rows)
    score = cross_validate(observations)
    negatives: Counter[VerdictKind] = Counter()
    for label, a, b in rows:
        if not label:
            verdict = compare_pair(a, b).verdict
            if verdict is not None:
                negatives[verdict.kind] += 1
    shuffled: Counter[VerdictKind] = Counter()
    for _label, a, b in shuffled_pairs(rows):
        verdict = compare_pair(a, b).verdict
        if verdict is not None:
            shuffled[verdict.kind] += 1
    share = sum(label for label, _, _ in rows) / len(rows)
    return ParaphraseResult(score, share, negatives, shuffled)


def compare_pair(a: str, b: str) -> Comparison:
    return compare(load_text(a, "A"), load_text(b, "B"))


# --------------------------------------------------------------------------------------------
# 2. Sentence alignment


@dataclass
class AlignmentResult:
    by_column: dict[str, LinkScore] = field(default_factory=dict)
    ceiling: dict[str, LinkScore] = field(default_factory=dict)
    verdicts: dict[str, Counter[VerdictKind]] = field(default_factory=dict)
    seconds: float = 0.0

    def overall(self, columns: Sequence[str]) -> LinkScore:
        total = LinkScore()
        for column in columns:
            score = self.by_column[column]
            total.correct += score.correct
            total.predicted += score.predicted
            total.gold += score.gold
            total.moved_gold += score.moved_gold
            total.moved_found += score.moved_found
            total.pairs += score.pairs
        return total


def alignment_accuracy(
    documents: Sequence[WmtDocument], columns: Sequence[str] = ("ref_B", *HYPOTHESES)
) -> AlignmentResult:
    result = AlignmentResult()
    started = time.perf_counter()
    for column in columns:
        score = LinkScore()
        ceiling = LinkScore()
        verdicts: Counter[VerdictKind] = Counter()
        for k, document in enumerate(documents):
            pair = scramble(document.columns["ref_A"], document.columns[column], seed=k)
            comparison = compare(load_text(pair.a_text, "A"), load_text(pair.b_text, "B"))
            score.add(predicted_links(comparison, pair), pair, document.docid)
            ceiling.add(best_possible_links(comparison, pair), pair, document.docid)
            if comparison.verdict is not None:
                verdicts[comparison.verdict.kind] += 1
        result.by_column[column] = score
        result.ceiling[column] = ceiling
        result.verdicts[column] = verdicts
    result.seconds = time.perf_counter() - started
    return result


# --------------------------------------------------------------------------------------------
# 3. Ranking, and the verdict on same-source vs different articles


@dataclass(frozen=True)
class RankingResult:
    top1: int
    documents: int
    misses: tuple[str, ...]
    same_source_close: int  # same-source pairs judged paraphrase or closer
    same_source: int
    different_close: int  # different-article pairs judged paraphrase or closer (wrong)
    different: int
    different_verdicts: Counter[VerdictKind]
    seconds: float

    @property
    def top1_accuracy(self) -> float:
        return self.top1 / self.documents if self.documents else 0.0


def _article(document: WmtDocument, column: str) -> Document:
    return load_text("\n\n".join(document.columns[column]), f"{document.docid}:{column}")


def ranking(documents: Sequence[WmtDocument]) -> RankingResult:
    started = time.perf_counter()
    a_side = [_article(d, "ref_A") for d in documents]
    b_side = [_article(d, "ref_B") for d in documents]
    top1 = 0
    misses = []
    same_close = same = different_close = different = 0
    different_verdicts: Counter[VerdictKind] = Counter()
    for i, a in enumerate(a_side):
        scores = []
        for j, b in enumerate(b_side):
            comparison = compare(a, b)
            assert comparison.metrics is not None and comparison.verdict is not None
            scores.append(comparison.metrics.word_similarity)
            close = comparison.verdict.kind in CLOSE_VERDICTS
            if i == j:
                same += 1
                same_close += close
            else:
                different += 1
                different_close += close
                different_verdicts[comparison.verdict.kind] += 1
        best = max(range(len(scores)), key=scores.__getitem__)
        if best == i:
            top1 += 1
        else:
            misses.append(documents[i].docid)
    return RankingResult(
        top1,
        len(documents),
        tuple(misses),
        same_close,
        same,
        different_close,
        different,
        different_verdicts,
        time.perf_counter() - started,
    )


# --------------------------------------------------------------------------------------------
# 4. Machine vs human


@dataclass(frozen=True)
class SeparationResult:
    human: dict[str, list[float]]  # metric -> similarity of ref_B to ref_A, per document
    machine: dict[str, list[float]]  # metric -> similarity of each hypothesis to ref_A
    human_closest: int  # documents where ref_B beats all four machines on word similarity
    documents: int

    def auc(self, metric: str) -> float:
        return roc_auc(self.human[metric], self.machine[metric])


def machine_vs_human(documents: Sequence[WmtDocument]) -> SeparationResult:
    human: dict[str, list[float]] = {"word similarity": [], "chrF": []}
    machine: dict[str, list[float]] = {"word similarity": [], "chrF": []}
    human_closest = 0
    for document in documents:
        reference = _article(document, "ref_A")
        values = {}
        for column in ("ref_B", *HYPOTHESES):
            metrics = compare(reference, _article(document, column)).metrics
            assert metrics is not None
            values[column] = (metrics.word_similarity, metrics.chrf)
        for column, (similarity, chrf) in values.items():
            target = human if column == "ref_B" else machine
            target["word similarity"].append(similarity)
            target["chrF"].append(chrf)
        if all(values["ref_B"][0] > values[h][0] for h in HYPOTHESES):
            human_closest += 1
    return SeparationResult(human, machine, human_closest, len(documents))


# --------------------------------------------------------------------------------------------
# 5. Passages


@dataclass
class PassageResult:
    scores: dict[str, PassageScore] = field(default_factory=dict)  # by mode
    verdicts: dict[str, Counter[VerdictKind]] = field(default_factory=dict)  # by mode
    unrelated: int = 0
    unrelated_paired_blocks: int = 0
    unrelated_passages: int = 0
    unrelated_verdicts: Counter[VerdictKind] = field(default_factory=Counter)
    seconds: float = 0.0


def passage_sources(quick: bool = False) -> dict[str, list[SourceDocument]]:
    """The evaluation corpora (none of them used by calibrate.py)."""
    step = 2 if quick else 1
    return {
        "WMT22 news": wmt22_sources(load_documents())[::step],
        "German news": german_sources(limit=GERMAN_SCORED_DOCUMENTS)[::step],
        "Huckleberry Finn": gutenberg_sources("pg76.txt", limit=40)[::step],
    }


def _compare_planted(pair: PlantedPair) -> Comparison:
    return compare(load_text(pair.a_text, "A"), load_text(pair.b_text, "B"))


def passage_benchmark(sources: Sequence[SourceDocument], seed: str = "quality") -> PassageResult:
    started = time.perf_counter()
    result = PassageResult()
    for mode in MODES:
        score = PassageScore()
        verdicts: Counter[VerdictKind] = Counter()
        for pair in pairs_for(sources, (mode,), seed):
            comparison = _compare_planted(pair)
            score_pair(
                comparison,
                pair,
                score,
                copy_only=mode != "paraphrased",
                passage_words=THRESHOLDS.copy_passage_words,
            )
            if comparison.verdict is not None:
                verdicts[comparison.verdict.kind] += 1
        if score.pairs:
            result.scores[mode] = score
            result.verdicts[mode] = verdicts
    for pair in unrelated_pairs(sources, f"{seed}-unrelated"):
        comparison = _compare_planted(pair)
        result.unrelated += 1
        result.unrelated_paired_blocks += sum(b.is_paired for b in comparison.blocks)
        result.unrelated_passages += len(comparison.passages)
        if comparison.verdict is not None:
            result.unrelated_verdicts[comparison.verdict.kind] += 1
    result.seconds = time.perf_counter() - started
    return result


# --------------------------------------------------------------------------------------------
# Report


def _quartiles(values: Sequence[float]) -> str:
    q1, q2, q3 = statistics.quantiles(values, n=4)
    return f"{q1:.2f} / {q2:.2f} / {q3:.2f}"


def _verdict_mix(counts: Counter[VerdictKind]) -> str:
    total = sum(counts.values()) or 1
    return ", ".join(
        f"{kind.label.lower()} {counts[kind] / total:.0%}" for kind in VerdictKind if counts[kind]
    )


# --------------------------------------------------------------------------------------------
# 5. Across languages


@dataclass
class CrossResult:
    links: LinkScore = field(default_factory=LinkScore)
    ceiling: LinkScore = field(default_factory=LinkScore)
    true_verdicts: Counter[VerdictKind] = field(default_factory=Counter)
    mismatched_verdicts: Counter[VerdictKind] = field(default_factory=Counter)
    documents: int = 0
    seconds: float = 0.0


def cross_language(step: int = 1) -> dict[str, CrossResult]:
    results: dict[str, CrossResult] = {}
    for name, folder, source in TRANSLATION_SETS:
        started = time.perf_counter()
        result = CrossResult()
        documents = load_sources(folder, source, with_machines=name == "zh-en")[::step]
        result.documents = len(documents)
        for k, document in enumerate(documents):
            for _column, translation in sorted(document.translations.items()):
                pair = scramble(document.source, translation, seed=k)
                comparison = compare_pair(pair.a_text, pair.b_text)
                result.links.add(predicted_links(comparison, pair), pair, document.docid)
                result.ceiling.add(best_possible_links(comparison, pair), pair, document.docid)
                if comparison.verdict is not None:
                    result.true_verdicts[comparison.verdict.kind] += 1
            other = documents[(k + 1) % len(documents)].translations["ref_A"]
            mismatched = compare_pair("\n\n".join(document.source), "\n\n".join(other))
            if mismatched.verdict is not None:
                result.mismatched_verdicts[mismatched.verdict.kind] += 1
        result.seconds = time.perf_counter() - started
        results[name] = result
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="deterministic subsample")
    parser.add_argument("--facts", action="store_true", help="only the fact benchmark (6)")
    parser.add_argument("--cross-only", action="store_true", help="only 5. across languages")
    parser.add_argument("--passages-only", action="store_true", help="only 7. planted passages")
    args = parser.parse_args(argv)
    if args.facts:
        if not WMT22.is_file():
            print(f"skipped: {WMT22} is absent (needs ../shared/data)")
            return 0
        all_documents = load_documents(domain=None)
        report_facts(all_documents[::4] if args.quick else all_documents)
        return 0
    if not MRPC.is_file() or not WMT22.is_file():
        print(f"skipped: {MRPC} or {WMT22} is absent (needs ../shared/data)")
        return 0
    started = time.perf_counter()
    rows = load_mrpc()
    news = load_documents()
    if args.quick:
        rows = rows[::4]
        news = news[::2]
    width = 34

    def line(name: str, value: str, reference: str = "") -> None:
        print(f"  {name:<{width}} {value:<24} {reference}")

    if args.cross_only:
        _print_cross_language(line, 2 if args.quick else 1)
        print(f"({time.perf_counter() - started:.0f} s)")
        return 0
    if args.passages_only:
        _print_passages(line, args.quick)
        print(f"({time.perf_counter() - started:.0f} s)")
        return 0

    print(f"1. Paraphrase (MRPC train, {len(rows)} pairs, 10-fold cross-validated verdict)")
    paraphrase = paraphrase_accuracy(rows)
    score = paraphrase.score
    line("accuracy", f"{score.accuracy:.1%}", f"all-paraphrase {paraphrase.positive_share:.1%}")
    line("precision / recall / F1", f"{score.precision:.1%} / {score.recall:.1%} / {score.f1:.1%}")
    line("verdicts on non-paraphrases", _verdict_mix(paraphrase.negatives))
    line("verdicts on shuffled pairs", _verdict_mix(paraphrase.shuffled))

    print(f"2. Sentence alignment (WMT22 news, {len(news)} documents, scrambled layout)")
    alignment = alignment_accuracy(news)
    line("", "P / R / F1", "moved R   ceiling F1   verdict on scrambled pair")
    for column in ("ref_B", *HYPOTHESES):
        s = alignment.by_column[column]
        c = alignment.ceiling[column]
        line(
            f"ref_A vs {column}",
            f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}",
            f"{s.moved_recall:.3f}     {c.f1:.3f}        "
            + _verdict_mix(alignment.verdicts[column]),
        )
    worst = sorted(alignment.by_column["ref_B"].per_document)[:3]
    line("hardest documents (ref_B, F1)", ", ".join(f"{doc} {f1:.2f}" for f1, doc in worst))
    overall = alignment.overall(("ref_B", *HYPOTHESES))
    line(
        "all pairs",
        f"{overall.precision:.3f} / {overall.recall:.3f} / {overall.f1:.3f}",
        f"{overall.moved_recall:.3f}  ({overall.moved_gold} moved links, "
        f"{alignment.seconds / max(1, overall.pairs) * 1000:.0f} ms a pair)",
    )

    print(f"3. Document ranking (each ref_A against the ref_B of all {len(news)} news documents)")
    ranked = ranking(news)
    line(
        "own translation ranked first",
        f"{ranked.top1}/{ranked.documents}",
        ", ".join(ranked.misses),
    )
    line(
        "same source: paraphrase or closer",
        f"{ranked.same_source_close}/{ranked.same_source}",
    )
    line(
        "different articles: judged closer",
        f"{ranked.different_close}/{ranked.different}",
        _verdict_mix(ranked.different_verdicts),
    )

    print("4. Machine vs human (similarity to ref_A; quartiles)")
    separation = machine_vs_human(news)
    for metric in ("word similarity", "chrF"):
        line(
            metric,
            f"AUC {separation.auc(metric):.2f}",
            f"human {_quartiles(separation.human[metric])}, "
            f"machine {_quartiles(separation.machine[metric])}",
        )
    line(
        "ref_B closer than all 4 machines",
        f"{separation.human_closest}/{separation.documents}",
    )
    all_documents = load_documents(domain=None)
    report_facts(all_documents[::4] if args.quick else all_documents)
    _print_cross_language(line, 2 if args.quick else 1)
    import traces_quality

    traces_documents = traces_quality.load_documents(domain=None)
    if args.quick:
        traces_documents = traces_documents[::4]
    print(f"6. Traces of a round trip or spinner (WMT22 zh-en, {len(traces_documents)} documents)")
    traces_quality.report(traces_quality.evaluate(traces_documents), line)
    _print_passages(line, args.quick)
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


def _print_passages(line: Callable[..., None], quick: bool) -> None:
    print("7. Passages planted into another document (recall / precision; verdicts)")
    for corpus, sources in passage_sources(quick).items():
        passages = passage_benchmark(sources)
        for mode, passage_score in passages.scores.items():
            line(
                f"{corpus}, {mode} ({passage_score.planted} planted)",
                f"R {passage_score.recall:.3f} / P {passage_score.precision:.3f}",
                _verdict_mix(passages.verdicts[mode]),
            )
            short = passage_score.planted_short
            line(
                f"  of {THRESHOLDS.copy_passage_words}+ words ({passage_score.planted - short})",
                f"R {passage_score.passage_sized_recall:.3f}",
                f"shorter: {passage_score.found_short} of {short} found",
            )
        line(
            f"{corpus}, unrelated ({passages.unrelated} pairs)",
            f"{passages.unrelated_passages} passages",
            f"{passages.unrelated_paired_blocks} sentence pairs shown; "
            + _verdict_mix(passages.unrelated_verdicts),
        )


FACT_TARGETS = {FactKind.NUMBER: 0.95, FactKind.DATE: 0.95, FactKind.NAME: 0.9, FactKind.QUOTE: 0.9}


def report_facts(documents: Sequence[WmtDocument], examples: int = 8) -> fact_plant.FactBenchmark:
    started = time.perf_counter()
    result = fact_plant.run(documents, beside_traces=True)
    print(
        f"6. Facts that changed (WMT22, {len(documents)} documents, "
        f"{result.pairs} gold sentence pairs ref_A/ref_B)"
    )
    print(f"  {'kind':<10} {'planted':>8} {'recall':>8} {'target':>7}   unplanted alarms (per 100)")
    for kind in FactKind:
        print(
            f"  {kind.value:<10} {result.planted[kind]:>8} {result.recall(kind):>8.3f} "
            f"{FACT_TARGETS[kind]:>7.2f}   {result.alarms[kind]} ({result.per_hundred(kind):.2f})"
        )
    names = result.planted[FactKind.NAME]
    print(
        f"  name recall as reported beside the traces: "
        f"{result.found_beside_traces / max(1, names):.3f} ({result.found_beside_traces}/{names})"
    )
    for kind in FactKind:
        shown = result.alarm_examples[kind][:examples]
        if shown:
            print(f"  unplanted {kind.value} changes, first {len(shown)}:")
            for line in shown:
                print(f"    {line}")
        missed = result.misses[kind][:3]
        for line in missed:
            print(f"  missed {kind.value}: {line}")
    per_hundred = {
        k: 100 * result.cross_alarms[k] / max(1, result.cross_pairs)
        for k in (FactKind.NUMBER, FactKind.DATE)
    }
    print(
        f"  zh source vs ref_A and ref_B: {result.cross_pairs} pairs, "
        f"{result.cross_facts} numbers/dates on the Chinese side (per translation); reported: "
        f"numbers {result.cross_alarms[FactKind.NUMBER]} ({per_hundred[FactKind.NUMBER]:.2f}"
        f" per 100), dates {result.cross_alarms[FactKind.DATE]} "
        f"({per_hundred[FactKind.DATE]:.2f} per 100)"
    )
    for line in result.cross_examples[:examples]:
        print(f"    {line}")
    print(f"  ({time.perf_counter() - started:.0f} s)")
    return result


def _print_cross_language(line: Callable[..., None], step: int) -> None:
    print("5. Across languages (source vs its translations, scrambled; vs another document)")
    line("", "P / R / F1", "moved R   ceiling F1   verdicts (true pairs | mismatched)")
    for name, result in cross_language(step).items():
        s = result.links
        line(
            f"{name} ({result.documents} docs, {s.pairs} pairs)",
            f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}",
            f"{s.moved_recall:.3f}     {result.ceiling.f1:.3f}        "
            f"{_verdict_mix(result.true_verdicts)} | "
            f"{_verdict_mix(result.mismatched_verdicts)}  "
            f"({result.seconds / max(1, s.pairs + result.documents) * 1000:.0f} ms a pair)",
        )
        worst = sorted(s.per_document)[:3]
        line("  hardest (F1)", ", ".join(f"{doc} {f1:.2f}" for f1, doc in worst))


if __name__ == "__main__":
    raise SystemExit(main())
