"""lintas.eval.metrics and `lintas eval score`: parity with the sacrebleu Python API, signatures, errors."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from sacrebleu.metrics import BLEU, CHRF, TER

from lintas.eval.metrics import METRICS, parse_metric_names, score_corpus, score_sentences
from lintas.eval.testsets import get_testset
from lintas.translate.cli import main
from lintas.translate.errors import InputError


def perturb(lines: list[str], seed: int, drop: float) -> list[str]:
    """A fixed, seeded "system": drop words and swap neighbouring words, like a weak MT output."""
    rng = random.Random(seed)
    out = []
    for line in lines:
        words = [w for w in line.split() if rng.random() > drop]
        for i in range(len(words) - 1):
            if rng.random() < 0.1:
                words[i], words[i + 1] = words[i + 1], words[i]
        out.append(" ".join(words))
    return out


@pytest.fixture(scope="module")
def devtest_refs() -> list[str]:
    return get_testset("flores200-devtest").reference_lines()


@pytest.fixture(scope="module")
def devtest_hyps(devtest_refs: list[str]) -> list[str]:
    return perturb(devtest_refs, seed=13, drop=0.2)


SACREBLEU = {"bleu": BLEU, "chrf": CHRF, "chrf++": lambda: CHRF(word_order=2), "ter": TER}


@pytest.mark.parametrize("key", list(METRICS))
def test_corpus_score_equals_sacrebleu_api(
    key: str, devtest_hyps: list[str], devtest_refs: list[str]
) -> None:
    [result] = score_corpus(devtest_hyps, [devtest_refs], [key])
    metric = SACREBLEU[key]()
    expected = metric.corpus_score(devtest_hyps, [devtest_refs])
    assert result.name == expected.name
    assert result.score == expected.score
    assert result.signature == metric.get_signature().format()
    assert 0 < result.score < 100  # a perturbed system is neither perfect nor empty


def test_names_are_sacrebleus(devtest_hyps: list[str], devtest_refs: list[str]) -> None:
    names = [r.name for r in score_corpus(devtest_hyps[:50], [devtest_refs[:50]])]
    assert names == ["BLEU", "chrF2", "chrF2++", "TER"]


def test_signature_carries_sacrebleu_defaults(devtest_hyps: list[str], devtest_refs: list[str]) -> None:
    sigs = {r.name: r.signature for r in score_corpus(devtest_hyps[:50], [devtest_refs[:50]])}
    assert "tok:13a" in sigs["BLEU"] and "smooth:exp" in sigs["BLEU"] and "nrefs:1" in sigs["BLEU"]
    assert "nc:6" in sigs["chrF2"] and "nw:0" in sigs["chrF2"]
    assert "nw:2" in sigs["chrF2++"]
    assert "tok:tercom" in sigs["TER"] and "case:lc" in sigs["TER"]


@pytest.mark.parametrize("key", list(METRICS))
def test_multi_reference_equals_sacrebleu(key: str, devtest_hyps: list[str], devtest_refs: list[str]) -> None:
    hyps, refs = devtest_hyps[:300], devtest_refs[:300]  # multi-reference TER is slow on the full set
    second = perturb(refs, seed=99, drop=0.1)
    [result] = score_corpus(hyps, [refs, second], [key])
    metric = SACREBLEU[key]()
    assert result.score == metric.corpus_score(hyps, [refs, second]).score
    assert result.signature == metric.get_signature().format()
    assert "nrefs:2" in result.signature
    [single] = score_corpus(hyps, [refs], [key])
    assert result.score != single.score  # the second reference is really used


def test_confidence_interval_equals_sacrebleu(devtest_hyps: list[str], devtest_refs: list[str]) -> None:
    hyps, refs = devtest_hyps[:200], devtest_refs[:200]
    [result] = score_corpus(hyps, [refs], ["bleu"], confidence_n=200)
    metric = BLEU()
    expected = metric.corpus_score(hyps, [refs], n_bootstrap=200)
    assert result.score == expected.score
    assert result.ci_mean == pytest.approx(expected._mean)
    assert result.ci_halfwidth == pytest.approx(expected._ci)
    assert result.signature == metric.get_signature().format()
    assert "bs:200" in result.signature and "seed:12345" in result.signature
    assert "μ = " in result.format_score() and "±" in result.format_score()


def test_sentence_scores_equal_sacrebleu(devtest_hyps: list[str], devtest_refs: list[str]) -> None:
    hyps, refs = devtest_hyps[:20], devtest_refs[:20]
    out = score_sentences(hyps, [refs])
    assert len(out.scores) == 20
    bleu, chrf, chrfpp, ter = BLEU(effective_order=True), CHRF(), CHRF(word_order=2), TER()
    for hyp, ref, scores in zip(hyps, refs, out.scores, strict=True):
        assert scores["BLEU"] == bleu.sentence_score(hyp, [ref]).score
        assert scores["chrF2"] == chrf.sentence_score(hyp, [ref]).score
        assert scores["chrF2++"] == chrfpp.sentence_score(hyp, [ref]).score
        assert scores["TER"] == ter.sentence_score(hyp, [ref]).score
    assert "eff:yes" in out.signatures["BLEU"]


def test_parse_metric_names() -> None:
    assert parse_metric_names("BLEU, chrf2 ,chrf++,bleu") == ["bleu", "chrf", "chrf++"]
    assert parse_metric_names(None) == ["bleu", "chrf", "chrf++", "ter"]
    with pytest.raises(InputError, match="unknown metric 'meteor'.*bleu, chrf, chrf\\+\\+, ter"):
        parse_metric_names("bleu,meteor")


def test_api_refuses_flat_reference_list_and_mismatch() -> None:
    with pytest.raises(TypeError, match="reference streams"):
        score_corpus(["a b"], ["a b"])  # type: ignore[list-item]
    with pytest.raises(InputError, match="reference 1 has 2 lines but the hypotheses have 1"):
        score_corpus(["a b"], [["a b", "c"]])


# -- CLI ---------------------------------------------------------------------------------------------------------


@pytest.fixture()
def files(tmp_path, devtest_hyps, devtest_refs):
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    ref2 = tmp_path / "ref2.txt"
    hyp.write_text("\n".join(devtest_hyps[:100]) + "\n", encoding="utf-8")
    ref.write_text("\n".join(devtest_refs[:100]) + "\n", encoding="utf-8")
    ref2.write_text("\n".join(perturb(devtest_refs[:100], 5, 0.1)) + "\n", encoding="utf-8")
    return hyp, ref, ref2


def invoke(args: list[str]):
    return CliRunner().invoke(main, args)


def test_cli_json_equals_api(files, devtest_hyps, devtest_refs) -> None:
    hyp, ref, ref2 = files
    result = invoke(["eval", "score", str(hyp), "--ref", str(ref), "--ref", str(ref2), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    second = perturb(devtest_refs[:100], 5, 0.1)
    expected = score_corpus(devtest_hyps[:100], [devtest_refs[:100], second])
    assert [m["name"] for m in data["metrics"]] == ["BLEU", "chrF2", "chrF2++", "TER"]
    for got, exp in zip(data["metrics"], expected, strict=True):
        assert got["score"] == exp.score
        assert got["signature"] == exp.signature
        assert "nrefs:2" in got["signature"]


def test_cli_table_has_scores_and_signatures(files) -> None:
    hyp, ref, _ = files
    result = invoke(
        [
            "eval",
            "score",
            str(hyp),
            "--ref",
            str(ref),
            "--metrics",
            "bleu,ter",
            "--confidence",
            "--confidence-n",
            "100",
        ]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["metric", "score"]
    bleu_line = next(line for line in lines if line.startswith("BLEU "))
    assert "tok:13a" in bleu_line and "bs:100" in bleu_line and "μ = " in bleu_line
    assert any(line.startswith("TER ") for line in lines)
    assert not any(line.startswith("chrF2") for line in lines)


def test_cli_confidence_n_alone_asks_for_the_intervals(files) -> None:
    hyp, ref, _ = files
    result = invoke(
        ["eval", "score", str(hyp), "--ref", str(ref), "--metrics", "bleu", "--confidence-n", "50"]
    )
    assert result.exit_code == 0, result.output
    assert "bs:50" in result.stdout and "μ = " in result.stdout


def test_cli_testset_references(tmp_path, devtest_refs) -> None:
    hyp = tmp_path / "perfect.txt"
    hyp.write_text("\n".join(devtest_refs) + "\n", encoding="utf-8")
    result = invoke(
        ["eval", "score", str(hyp), "--testset", "flores200-devtest", "--metrics", "bleu,chrf", "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = {m["name"]: m["score"] for m in json.loads(result.stdout)["metrics"]}
    assert scores["BLEU"] == pytest.approx(100.0)
    assert scores["chrF2"] == pytest.approx(100.0)


def test_cli_sentence_level(files, tmp_path) -> None:
    hyp, ref, _ = files
    out = tmp_path / "sent.jsonl"
    result = invoke(["eval", "score", str(hyp), "--ref", str(ref), "--sentence-level", str(out), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 100
    assert rows[0]["segment"] == 1 and set(rows[0]) == {"segment", "BLEU", "chrF2", "chrF2++", "TER"}
    assert "eff:yes" in result.stderr  # the sentence-level signatures are reported


def _assert_one_line_error(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("lintas: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in err


def test_cli_mismatched_lines(files, tmp_path) -> None:
    hyp, ref, _ = files
    short = tmp_path / "short.txt"
    short.write_text("one line\ntwo lines\n", encoding="utf-8")
    result = invoke(["eval", "score", str(short), "--ref", str(ref)])
    _assert_one_line_error(result, 2, "has 2 lines", "has 100")


def test_cli_empty_file(files, tmp_path) -> None:
    _, ref, _ = files
    empty = tmp_path / "nothing.txt"
    empty.write_bytes(b"")  # no line at all: nothing to score (sacrebleu refuses it too)
    _assert_one_line_error(invoke(["eval", "score", str(empty), "--ref", str(ref)]), 2, "file is empty")
    _assert_one_line_error(invoke(["eval", "score", str(ref), "--ref", str(empty)]), 2, "file is empty")
    blank = (
        tmp_path / "blank.txt"
    )  # two blank lines are two (empty) segments, scored as sacrebleu scores them
    blank.write_text("\n\n", encoding="utf-8")
    _assert_one_line_error(
        invoke(["eval", "score", str(blank), "--ref", str(ref)]), 2, "has 2 lines", "has 100"
    )


def test_cli_non_utf8(files, tmp_path) -> None:
    _, ref, _ = files
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Kopi susu dengan gula aren, harganya Rp 15.000 (café).\n".encode("latin-1") * 100)
    _assert_one_line_error(invoke(["eval", "score", str(latin), "--ref", str(ref)]), 2, "not UTF-8", "iconv")


def test_cli_bad_names_and_options(files) -> None:
    hyp, ref, _ = files
    _assert_one_line_error(invoke(["eval", "score", str(hyp), "--testset", "flores"]), 2, "flores200-devtest")
    _assert_one_line_error(
        invoke(["eval", "score", str(hyp), "--ref", str(ref), "--metrics", "bleu,xx"]), 2, "'xx'"
    )
    _assert_one_line_error(invoke(["eval", "score", str(hyp)]), 2, "--ref")
    both = ["eval", "score", str(hyp), "--ref", str(ref), "--testset", "nusax-test"]
    _assert_one_line_error(invoke(both), 2, "not both")
    _assert_one_line_error(
        invoke(["eval", "score", str(hyp) + ".missing", "--ref", str(ref)]), 2, "no such file"
    )
