"""lintas.eval.significance and `lintas eval compare`: sacrebleu's paired tests, the zero-difference fix, the CLI."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

from lintas.eval.significance import compare_systems, parse_tests
from lintas.eval.testsets import get_testset
from lintas.translate.cli import main
from lintas.translate.errors import InputError

N = 300  # segments: enough for clear significance, small enough to stay fast
SAMPLES = {"bs": 300, "ar": 1000}


def perturb(lines: list[str], seed: int, drop: float) -> list[str]:
    """A fixed, seeded "system": each word dropped with probability ``drop``."""
    rng = random.Random(seed)
    return [" ".join(w for w in line.split() if rng.random() > drop) for line in lines]


@pytest.fixture(scope="module")
def refs() -> list[str]:
    return get_testset("flores200-devtest").reference_lines()[:N]


@pytest.fixture(scope="module")
def systems(refs: list[str]) -> dict[str, list[str]]:
    return {
        "base": perturb(refs, 1, 0.15),
        "copy": perturb(refs, 1, 0.15),  # the same seed: identical output
        "close": perturb(refs, 2, 0.15),  # same quality, different output
        "worse": perturb(refs, 3, 0.6),  # clearly worse
    }


@pytest.fixture(scope="module")
def comparison(systems, refs):
    return compare_systems(list(systems.items()), [refs], ["bleu", "chrf"], samples=SAMPLES)


def test_identical_systems_are_not_significant(comparison) -> None:
    for metric in ("BLEU", "chrF2"):
        row = comparison.row("copy", metric)
        assert row.delta == 0.0
        assert row.p_bs == 1.0 and row.p_ar == 1.0
        assert not comparison.significant(row)


def test_clearly_worse_system_is_significant(comparison) -> None:
    for metric in ("BLEU", "chrF2"):
        row = comparison.row("worse", metric)
        assert row.delta < -10
        assert row.p_bs < 0.05 and row.p_ar < 0.05
        assert comparison.significant(row)


def test_one_segment_apart_is_not_significant(refs) -> None:
    """Every randomization trial ties the observed difference: sacrebleu's strict count said p = 1/(n+1)."""
    base = perturb(refs, 1, 0.15)
    other = [*base[:5], base[5] + " tambahan", *base[6:]]
    comparison = compare_systems([("base", base), ("other", other)], [refs], ["bleu"], samples=SAMPLES)
    row = comparison.row("other", "BLEU")
    assert row.delta != 0.0 and row.p_ar == 1.0 and row.p_bs > 0.05
    assert not comparison.significant(row)


def test_p_values_are_sacrebleus(systems, refs, comparison) -> None:
    """Where no resample ties the observed difference, the p-values are exactly sacrebleu's PairedTest output."""
    named = [("base", systems["base"]), ("close", systems["close"])]
    for test in ("bs", "ar"):
        metrics = {"BLEU": BLEU(), "chrF2": CHRF()}
        _, scores = PairedTest(named, metrics, references=[refs], test_type=test, n_samples=SAMPLES[test])()
        for metric in ("BLEU", "chrF2"):
            row = comparison.row("close", metric)
            expected = scores[metric][1]
            assert row.score == expected.score
            assert (row.p_bs if test == "bs" else row.p_ar) == expected.p_value
            if test == "bs":
                assert row.ci_mean == pytest.approx(float(expected.mean))


def test_rows_signatures_and_json(comparison) -> None:
    assert comparison.systems == ["base", "copy", "close", "worse"]
    assert len(comparison.rows) == 8
    base = comparison.row("base", "BLEU")
    assert base.p_bs is None and base.p_ar is None and base.delta == 0.0
    assert (
        "bs:300" in comparison.signatures["bs"]["BLEU"]
        and "seed:12345" in comparison.signatures["bs"]["BLEU"]
    )
    assert "ar:1000" in comparison.signatures["ar"]["chrF2"]
    data = json.loads(json.dumps(comparison.to_dict()))
    worse = [r for r in data["rows"] if r["system"] == "worse"]
    assert all(r["significant"] for r in worse)
    assert data["tests"]["ar"]["samples"] == 1000


def test_api_errors(systems, refs) -> None:
    with pytest.raises(InputError, match="at least one system"):
        compare_systems([("base", systems["base"])], [refs])
    with pytest.raises(InputError, match="names must differ"):
        compare_systems([("a", systems["base"]), ("a", systems["worse"])], [refs])
    with pytest.raises(InputError, match="short: .*lines"):
        compare_systems([("base", systems["base"]), ("short", systems["worse"][:5])], [refs])
    with pytest.raises(InputError, match="choose from: bs, ar"):
        parse_tests("bs,t-test")


# -- CLI ---------------------------------------------------------------------------------------------------------


@pytest.fixture()
def system_files(tmp_path, systems, refs):
    paths = {}
    for name, lines in {**systems, "ref": refs}.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def invoke(args: list[str]):
    return CliRunner().invoke(main, args)


def test_cli_table_marks_significance(system_files) -> None:
    p = system_files
    result = invoke(
        [
            "eval",
            "compare",
            "--ref",
            str(p["ref"]),
            str(p["base"]),
            str(p["copy"]),
            str(p["worse"]),
            "--metrics",
            "chrf",
            "--bs-n",
            "200",
            "--ar-n",
            "500",
        ]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["system", "metric", "score"]
    copy_line = next(line for line in lines if line.startswith("copy.txt"))
    worse_line = next(line for line in lines if line.startswith("worse.txt"))
    assert "1.0000" in copy_line and not copy_line.rstrip().endswith("*")
    assert worse_line.rstrip().endswith("*")
    assert any("base.txt (baseline)" in line for line in lines)
    assert any("ar:500" in line for line in lines) and any("bs:200" in line for line in lines)


def test_cli_json_and_testset(tmp_path) -> None:
    refs = get_testset("nusax-valid").reference_lines()
    base, worse = tmp_path / "base.txt", tmp_path / "worse.txt"
    base.write_text("\n".join(perturb(refs, 1, 0.1)) + "\n", encoding="utf-8")
    worse.write_text("\n".join(perturb(refs, 2, 0.7)) + "\n", encoding="utf-8")
    result = invoke(
        [
            "eval",
            "compare",
            "--testset",
            "nusax-valid",
            str(base),
            str(worse),
            "--json",
            "--metrics",
            "bleu,chrf",
            "--tests",
            "ar",
            "--ar-n",
            "500",
        ]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["baseline"] == "base.txt" and list(data["tests"]) == ["ar"]
    row = next(r for r in data["rows"] if r["system"] == "worse.txt" and r["metric"] == "chrF2")
    assert row["p_bs"] is None and row["p_ar"] < 0.05 and row["significant"]


def test_cli_errors(system_files, tmp_path) -> None:
    p = system_files
    short = tmp_path / "short.txt"
    short.write_text("a\nb\n", encoding="utf-8")
    result = invoke(["eval", "compare", "--ref", str(p["ref"]), str(p["base"]), str(short)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("lintas: ") and len(result.stderr.strip().splitlines()) == 1
    assert "short.txt has 2 lines" in result.stderr
    result = invoke(["eval", "compare", "--ref", str(p["ref"]), str(p["base"])])  # no system to compare
    assert result.exit_code == 2 and "SYSTEM" in result.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9\n" * N)
    result = invoke(["eval", "compare", "--ref", str(p["ref"]), str(p["base"]), str(bad)])
    assert result.exit_code == 2 and "not UTF-8" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("samples", [{"bs": 0}, {"ar": -5}])
def test_a_number_of_resamples_below_one_is_refused(systems, refs, samples) -> None:
    from lintas.translate.errors import InputError

    with pytest.raises(InputError, match="must be a whole number of at least 1"):
        compare_systems(
            [("base", systems["base"]), ("close", systems["close"])], [refs], ["bleu"], samples=samples
        )
