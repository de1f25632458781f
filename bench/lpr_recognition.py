"""Plate recognition accuracy and speed on real US photographs and on synthetic plates.

    uv run python bench/lpr_recognition.py [--data DIR] [--every 1] [--synthetic 100] [--half A]

DIR defaults to ../shared/data/lpr-us beside the repository. `--half A` or `--half B` scores
only the real images whose file name hashes into that half: a change to the recognizer is
worth keeping when it improves both halves, not just the photographs it was looked at on.

Sets: `crops` (one plate per photograph, with its state), `endtoend` (whole vehicles in
traffic) and `synthetic` (plates drawn here into noisy scenes). For each: plate-level
exact accuracy (the best read equals the truth, ignoring spaces and dashes), character
accuracy (1 - edit distance / truth length, floored at 0, averaged), state accuracy where
the truth has a state, images per second (decode included, one image at a time), the
share of images with no plate reported, and how often reads at each confidence were right.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import os
import platform
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import onnxruntime

from rtcc_lpr.recognizer import PlateRecognizer
from rtcc_lpr.recognizer.synthetic import render_scene

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "lpr-us"
CONFIDENCE_BINS = (0.0, 0.3, 0.5, 0.7, 0.9, 1.01)


@dataclass(frozen=True)
class Sample:
    name: str
    image: bytes
    plate: str
    state: str | None


@dataclass
class Score:
    exact: int = 0
    char_accuracy: float = 0.0
    states_known: int = 0
    states_right: int = 0
    nothing_found: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's CPU time, all threads
    count: int = 0
    # (confidence of the best read, whether it was exactly right)
    reads: list[tuple[float, bool]] = field(default_factory=list)


def edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, char_b in enumerate(b, 1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (char_a != char_b)),
            )
    return row[-1]


def normalise(text: str) -> str:
    return "".join(char for char in text.upper() if char.isalnum())


def half_of(name: str) -> str:
    """A or B, fixed by the file name alone (not by order, size or content)."""
    return "AB"[hashlib.sha256(name.encode()).digest()[0] % 2]


def load_real(folder: Path, every: int, half: str | None) -> list[Sample]:
    with (folder / "truth.csv").open() as handle:
        rows = [row for row in csv.DictReader(handle) if half in (None, half_of(row["image"]))]
    rows = rows[::every]
    return [
        Sample(
            row["image"],
            (folder / row["image"]).read_bytes(),
            normalise(row["plate"]),
            (row.get("state") or "").upper() or None,
        )
        for row in rows
    ]


def make_synthetic(count: int) -> list[Sample]:
    rng = random.Random(20240611)
    scenes = [render_scene(rng) for _ in range(count)]
    return [Sample(f"synthetic-{i}", s.image, s.text, s.state) for i, s in enumerate(scenes)]


def evaluate(recognizer: PlateRecognizer, samples: list[Sample]) -> Score:
    score = Score()
    for sample in samples:
        started, cpu_started = time.perf_counter(), time.process_time()
        plates = recognizer.recognize(sample.image)
        score.seconds += time.perf_counter() - started
        score.cpu_seconds += time.process_time() - cpu_started
        score.count += 1
        best = plates[0] if plates else None
        text = best.text if best else ""
        right = text == sample.plate
        score.exact += right
        score.char_accuracy += max(0.0, 1 - edit_distance(text, sample.plate) / len(sample.plate))
        score.nothing_found += best is None
        if best is not None:
            score.reads.append((best.confidence, right))
        if sample.state:
            score.states_known += 1
            score.states_right += best is not None and best.state == sample.state
    return score


def report(name: str, score: Score) -> None:
    n = score.count
    print(f"dataset: {name}")
    print(f"  images: {n}")
    print(f"  plate exact accuracy: {score.exact / n:.1%}")
    print(f"  character accuracy: {score.char_accuracy / n:.1%}")
    if score.states_known:
        print(
            f"  state accuracy: {score.states_right / score.states_known:.1%}"
            f" of {score.states_known} with a known state"
        )
    print(f"  no plate reported: {score.nothing_found / n:.1%}")
    print(f"  images/s: {n / score.seconds:.2f} ({score.seconds / n * 1000:.0f} ms per image)")
    # On a shared machine wall time includes waiting for a core; CPU time does not.
    print(f"  CPU seconds per image: {score.cpu_seconds / n:.2f}")
    for low, high in itertools.pairwise(CONFIDENCE_BINS):
        in_bin = [right for confidence, right in score.reads if low <= confidence < high]
        if in_bin:
            print(
                f"  confidence {low:.1f}-{min(high, 1.0):.1f}: {len(in_bin)} reads,"
                f" {sum(in_bin) / len(in_bin):.0%} exactly right"
            )
    # Each set's figures as soon as they are known: a full run takes many minutes.
    sys.stdout.flush()


def machine() -> str:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    cores = len(os.sched_getaffinity(0))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{cores} CPU cores ({os.cpu_count()} visible), {model}, {platform.platform()},"
        f" load average {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--every", type=int, default=1, help="score every Nth real image only")
    parser.add_argument("--synthetic", type=int, default=100, help="synthetic scenes to score")
    parser.add_argument("--sets", default="crops,endtoend,synthetic")
    parser.add_argument(
        "--half", choices=("A", "B"), help="score only this half of the real images"
    )
    args = parser.parse_args()

    recognizer = PlateRecognizer()
    available = onnxruntime.get_available_providers()
    print(f"machine: {machine()}")
    print(
        f"onnxruntime {onnxruntime.__version__}: available providers {available};"
        f" used {recognizer.providers}"
    )
    if "CUDAExecutionProvider" not in available:
        print("GPU: none (no GPU lent to this run; CPU figures only)")
    recognizer.recognize(make_synthetic(1)[0].image)  # first call sets up onnxruntime's kernels
    for name in args.sets.split(","):
        samples = (
            make_synthetic(args.synthetic)
            if name == "synthetic"
            else load_real(args.data / name, args.every, args.half)
        )
        half = f" (half {args.half})" if args.half and name != "synthetic" else ""
        report(name + half, evaluate(recognizer, samples))


if __name__ == "__main__":
    main()
