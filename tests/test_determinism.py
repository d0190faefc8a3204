"""The same pair gives byte-identical JSON whatever the string-hash seed (timing fields aside).

Word ids used to be handed out in set (string-hash) order, so the sampled shingle Jaccard and,
past the code-point budget, the word diff depended on PYTHONHASHSEED.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = ("0", "1", "42", "31337", "4000000000")
TIMING_FIELDS = {"elapsed_seconds"}


def _words(rng: random.Random, count: int) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "ße", "İs", "ﬁ", "ö", "ja", "ve"]
    vocabulary = ["".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(4000)]
    return rng.choices(vocabulary, k=count)


def _texts(folder: Path) -> tuple[Path, Path]:
    # Long enough (26,000 words a side) that the shingle Jaccard is sampled, with a rewrite:
    # one word in ten replaced and a paragraph moved.
    rng = random.Random(7)
    words = _words(rng, 26_000)
    sentences = [" ".join(words[k : k + 15]).capitalize() + "." for k in range(0, len(words), 15)]
    paragraphs = ["\n".join(sentences[k : k + 6]) for k in range(0, len(sentences), 6)]
    rewritten = [
        " ".join(
            rng.choice(["Straße", "Strasse", "İstanbul", word]) if rng.random() < 0.1 else word
            for word in paragraph.split(" ")
        )
        for paragraph in paragraphs
    ]
    rewritten.insert(5, rewritten.pop(40))
    a = folder / "a.txt"
    b = folder / "b.txt"
    a.write_text("\n\n".join(paragraphs), encoding="utf-8")
    b.write_text("\n\n".join(rewritten), encoding="utf-8")
    return a, b


def _without_timing(output: bytes) -> bytes:
    for field in TIMING_FIELDS:
        output = re.sub(rf'"{field}": [^,\n]*'.encode(), f'"{field}": null'.encode(), output)
    return output


def test_json_is_the_same_under_every_hash_seed(tmp_path: Path) -> None:
    a, b = _texts(tmp_path)
    outputs = set()
    for seed in SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        completed = subprocess.run(
            [sys.executable, "-m", "core.cli", "compare", str(a), str(b), "--json"],
            cwd=REPO,
            env=env,
            capture_output=True,
            timeout=300,
            check=True,
        )
        document = json.loads(completed.stdout)
        assert document["metrics"]["shingle_jaccard"] is not None
        assert document["elapsed_seconds"] > 0
        outputs.add(_without_timing(completed.stdout))
    assert len(outputs) == 1
