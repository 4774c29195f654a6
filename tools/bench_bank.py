"""Benchmark the question bank: load + structural validation of 5,000 questions, and the
solver self-check (`check_bank`) per question.

Not a test: run it by hand and read the numbers.

    python tools/bench_bank.py [--questions 5000] [--files 50] [--sample 500] [--repeat 5]

The synthetic bank is built from the bundled questions (every type, numeric ones with their
solvers, templates with `vary`/`cases`): each is copied under a new id until there are
`--questions` of them, spread over `--files` YAML files in a temporary folder. Timings:

* yaml      the safe YAML parse alone (the floor for any loader)
* cold      the first `load_bank(folder, bundled=False)`: YAML parse, validation, cache written
* load      later loads: the files unchanged, so read from the JSON parse cache, + validation
* validate  load minus yaml: what the typed reading and the checks cost
* no gc     load again with the garbage collector off (its share of the load time)
* check     `check_bank` on a `--sample` of the questions, per question and per type

Target: load (parse + validate) of 5,000 questions in under 1 s.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from dlquiz.bank.check import check_bank
from dlquiz.bank.load import Loader, bundled_files, load_bank
from dlquiz.bank.model import Question

TARGET_SECONDS = 1.0


def bundled_raw() -> list[dict[str, Any]]:
    """The bundled questions as the plain mappings read from YAML."""
    out: list[dict[str, Any]] = []
    for path in bundled_files():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
        out.extend(data["questions"])
    return out


class Dumper(yaml.SafeDumper):
    """Writes YAML the way the bundled files are written by hand: numbers, vectors, matrices
    and small mappings such as `inputs` in flow style, texts and questions in block style."""


def _small(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_small(v) for v in value.values())
    if isinstance(value, list):
        return all(not isinstance(v, dict) and _small(v) for v in value)
    return not isinstance(value, str) or len(value) < 30


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=_small(data))


def _dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    node = dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)
    node.flow_style = _small(data) and len(data) < 12
    return node


Dumper.add_representer(list, _list)
Dumper.add_representer(dict, _dict)


def write_bank(folder: Path, n: int, files: int) -> tuple[int, Counter[str]]:
    """n questions copied from the bundled ones under new ids, in `files` files."""
    raw = bundled_raw()
    per_file = -(-n // files)
    types: Counter[str] = Counter()
    size = 0
    made = 0
    for f in range(files):
        questions = []
        for _ in range(min(per_file, n - made)):
            q = dict(raw[made % len(raw)])
            q["id"] = f"{q['id']}-s{made:05d}"
            types[q["type"]] += 1
            questions.append(q)
            made += 1
        if not questions:
            break
        text = yaml.dump(
            {"format_version": 1, "questions": questions},
            Dumper=Dumper,
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )
        (folder / f"bank-{f:03d}.yaml").write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size, types


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def validation_only(paths: list[Path], load: Callable[[], Any], repeat: int) -> list[float]:
    """`load` with the YAML already parsed: the cost of the typed reading and its checks."""
    parsed = {}
    for p in paths:
        text = p.read_text(encoding="utf-8")
        parsed[text] = yaml.load(text, Loader=Loader)
    real = yaml.load

    def cached(stream: Any, Loader: Any = None) -> Any:
        return (
            parsed[stream] if isinstance(stream, str) and stream in parsed else real(stream, Loader)
        )

    yaml.load = cached  # type: ignore[assignment]
    try:
        times, _ = timed(load, repeat)
    finally:
        yaml.load = real
    return times


def fmt(times: list[float]) -> str:
    return f"best {min(times) * 1000:8.1f} ms   median {statistics.median(times) * 1000:8.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dlquiz-bench-") as tmp:
        folder = Path(tmp)
        size, types = write_bank(folder, args.questions, args.files)
        paths = sorted(folder.glob("*.yaml"))
        mix = ", ".join(f"{t} {c}" for t, c in types.most_common())
        print(f"synthetic bank: {args.questions} questions in {len(paths)} files, ")
        print(f"  {size / 1e6:.1f} MB of YAML; {mix}")

        def parse_only() -> int:
            return sum(
                len(yaml.load(p.read_text(encoding="utf-8"), Loader=Loader)["questions"])
                for p in paths
            )

        def load() -> list[Question]:
            return load_bank([folder], bundled=False)

        os.environ["DLQUIZ_HOME"] = str(folder / "home")  # a fresh parse cache
        started = time.perf_counter()
        load()  # cold: every file parsed as YAML, and the JSON cache written
        cold = time.perf_counter() - started
        yaml_times, parsed = timed(parse_only, args.repeat)
        load_times, questions = timed(load, args.repeat)
        assert parsed == len(questions) == args.questions, (parsed, len(questions))
        validate_times = validation_only(paths, load, args.repeat)
        gc.disable()  # how much of `load` is the cyclic garbage collector walking new objects
        try:
            nogc_times, _ = timed(load, args.repeat)
        finally:
            gc.enable()
        n = len(questions)
        print(f"yaml (safe parse only)   {fmt(yaml_times)}")
        print(f"load, cold (YAML + cache written)  {cold * 1000:8.1f} ms")
        print(f"load (cached + validate) {fmt(load_times)}   {min(load_times) / n * 1e6:.0f} µs/q")
        print(f"validate only            {fmt(validate_times)}   "
              f"{min(validate_times) / n * 1e6:.0f} µs/q")  # fmt: skip
        print(f"load with gc disabled    {fmt(nogc_times)}")
        verdict = "OK" if min(load_times) < TARGET_SECONDS else "TOO SLOW"
        print(f"target: {n} in < {TARGET_SECONDS:g} s: {verdict} ({min(load_times):.3f} s)")

        rng = random.Random(0)
        sample = rng.sample(questions, min(args.sample, n))
        check_times, problems = timed(lambda: check_bank(sample), 1)
        if problems:
            print(f"check_bank found {len(problems)} problem(s), e.g. {problems[0]}")
            return 1
        total = check_times[0]
        print(
            f"check_bank on {len(sample)} questions: {total:.2f} s, "
            f"{total / len(sample) * 1000:.2f} ms per question"
        )
        by_type: dict[str, list[float]] = {}
        for q in sample:
            start = time.perf_counter()
            assert check_bank([q]) == []
            kind = q.type + (" (template)" if q.is_template else "")
            by_type.setdefault(kind, []).append(time.perf_counter() - start)
        for kind, ts in sorted(by_type.items()):
            print(f"  {kind:20} {len(ts):4} q   {statistics.mean(ts) * 1000:7.2f} ms per question")
    return 0


if __name__ == "__main__":
    sys.exit(main())
