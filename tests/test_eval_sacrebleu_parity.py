"""`lintas eval score` against sacrebleu: every scoring option, the corner cases, the text format, the tokenizers
that need a model or a package.

The expected values are computed here with sacrebleu's own library, from sacrebleu's constructor arguments written
out in this file (not from lintas's option mapping), so a wrong mapping in lintas fails these tests. Each case goes
through the library (:func:`lintas.eval.metrics.score_corpus`) and through the command line (JSON and text).
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from lintas.eval.metric_options import MetricOptions
from lintas.eval.metrics import score_corpus, score_sentences
from lintas.translate.cli import main

#: lintas option -> (sacrebleu metric, its constructor argument): the oracle of these tests.
SACREBLEU_ARGS = {
    "tokenize": ("bleu", "tokenize"),
    "smooth_method": ("bleu", "smooth_method"),
    "smooth_value": ("bleu", "smooth_value"),
    "lowercase": ("bleu", "lowercase"),
    "chrf_char_order": ("chrf", "char_order"),
    "chrf_word_order": ("chrf", "word_order"),
    "chrf_beta": ("chrf", "beta"),
    "chrf_whitespace": ("chrf", "whitespace"),
    "chrf_lowercase": ("chrf", "lowercase"),
    "chrf_eps_smoothing": ("chrf", "eps_smoothing"),
    "ter_case_sensitive": ("ter", "case_sensitive"),
    "ter_asian_support": ("ter", "asian_support"),
    "ter_no_punct": ("ter", "no_punct"),
    "ter_normalized": ("ter", "normalized"),
}
SACREBLEU_CLASSES = {"bleu": BLEU, "chrf": CHRF, "ter": TER}

HYPS = [
    "The cat sat on the mat.",
    "Hello, World! It's 3.5 km away, isn't it?",
    "A quick brown fox jumps over the lazy dog",
    "Jakarta — the capital — has 10,000,000 people (2020).",
    "我们今天去北京。",
    "東京は日本の首都です。",
]
REFS = [
    "The cat is sitting on the mat.",
    "hello, world! it is 3.5 km away, is it not?",
    "The quick brown fox jumped over the lazy dog.",
    "Jakarta, the capital, had 10 million people in 2020.",
    "我们明天去北京。",
    "東京は日本の首都だ。",
]
REFS2 = [
    "A cat sat on a mat.",
    "Hello world, it's 3.5 kilometres away, isn't it?",
    "A fast brown fox leaps over the lazy dog",
    "The capital Jakarta has ten million inhabitants (2020).",
    "今天我们去北京。",
    "日本の首都は東京です。",
]


def _case(metric: str, **options):
    name = "-".join([metric, *(f"{k}={v}" for k, v in options.items())]) or metric
    return pytest.param(metric, options, id=name)


OPTION_CASES = [
    _case("bleu"),
    *[_case("bleu", tokenize=t) for t in ("none", "zh", "13a", "intl", "char")],
    *[_case("bleu", smooth_method=m) for m in ("none", "floor", "add-k", "exp")],
    _case("bleu", smooth_method="floor", smooth_value=0.3),
    _case("bleu", smooth_method="add-k", smooth_value=2.0),
    _case("bleu", lowercase=True),
    _case("bleu", tokenize="none", smooth_method="floor", smooth_value=0.01),  # sacrebleu's raw_corpus_bleu
    _case("bleu", tokenize="none", smooth_method="floor", smooth_value=0.0),
    _case("bleu", tokenize="intl", lowercase=True, smooth_method="add-k"),
    _case("chrf"),
    _case("chrf", chrf_char_order=4),
    _case("chrf", chrf_word_order=2),
    _case("chrf", chrf_word_order=1, chrf_char_order=3),
    _case("chrf", chrf_beta=3),
    _case("chrf", chrf_beta=1),
    _case("chrf", chrf_whitespace=True),
    _case("chrf", chrf_lowercase=True),
    _case("chrf", chrf_eps_smoothing=True),
    _case("chrf", chrf_beta=3, chrf_eps_smoothing=True),
    _case("chrf", chrf_beta=3, chrf_whitespace=True),
    _case("chrf", chrf_beta=0, chrf_word_order=2, chrf_eps_smoothing=True, chrf_whitespace=True),
    _case("ter"),
    _case("ter", ter_case_sensitive=True),
    _case("ter", ter_asian_support=True),
    _case("ter", ter_no_punct=True),
    _case("ter", ter_normalized=True),
    _case("ter", ter_normalized=True, ter_asian_support=True, ter_no_punct=True, ter_case_sensitive=True),
]


def sacrebleu_score(metric: str, options: dict, hyps, refs, *, sentence: bool = False):
    """(score, signature) by sacrebleu's library, from the options as sacrebleu's arguments."""
    kwargs = {arg: options[opt] for opt, (m, arg) in SACREBLEU_ARGS.items() if m == metric and opt in options}
    if sentence and metric == "bleu":
        kwargs["effective_order"] = True  # what `sacrebleu --sentence-level` does
    scorer = SACREBLEU_CLASSES[metric](**kwargs)
    if sentence:
        return [scorer.sentence_score(h, list(r)).score for h, *r in zip(hyps, *refs, strict=True)], (
            scorer.get_signature().format()
        )
    score = scorer.corpus_score(list(hyps), [list(r) for r in refs])
    return score.score, scorer.get_signature().format()


def cli_args(options: dict) -> list[str]:
    args = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            args.append(flag)
        elif value is not False:
            args += [flag, str(value)]
    return args


def write_lines(path: Path, lines) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def cli_scores(hyp: Path, refs: list[Path], metric: str, options: dict, *extra: object) -> list[dict]:
    ref_args = [a for r in refs for a in ("--ref", r)]
    result = invoke(
        "eval", "score", hyp, *ref_args, "--metrics", metric, *cli_args(options), "--json", *extra
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["metrics"]


# ------------------------------------------------------------------------------------------- every option
@pytest.mark.parametrize(("metric", "options"), OPTION_CASES)
@pytest.mark.parametrize("nrefs", [1, 2])
def test_every_option_scores_as_sacrebleu(metric, options, nrefs, tmp_path) -> None:
    refs = [REFS, REFS2][:nrefs]
    expected, signature = sacrebleu_score(metric, options, HYPS, refs)
    [library] = score_corpus(HYPS, refs, [metric], options=MetricOptions(**options))
    assert (library.score, library.signature) == (expected, signature)
    ref_files = [write_lines(tmp_path / f"ref{i}.txt", r) for i, r in enumerate(refs)]
    [cli] = cli_scores(write_lines(tmp_path / "hyp.txt", HYPS), ref_files, metric, options)
    assert (round(cli["score"], 2), cli["signature"]) == (round(expected, 2), signature)
    assert cli["score"] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("metric", "options"), OPTION_CASES[::3])
def test_num_refs_tab_separated_equals_two_ref_files(metric, options, tmp_path) -> None:
    tsv = write_lines(tmp_path / "refs.tsv", [f"{a}\t{b}" for a, b in zip(REFS, REFS2, strict=True)])
    hyp = write_lines(tmp_path / "hyp.txt", HYPS)
    [got] = cli_scores(hyp, [tsv], metric, options, "--num-refs", 2)
    expected, signature = sacrebleu_score(metric, options, HYPS, [REFS, REFS2])
    assert (got["score"], got["signature"]) == (pytest.approx(expected, abs=1e-9), signature)
    assert "nrefs:2" in signature


def test_num_refs_errors_are_one_line(tmp_path) -> None:
    tsv = write_lines(tmp_path / "refs.tsv", ["a\tb", "only one"])
    hyp = write_lines(tmp_path / "hyp.txt", ["a", "b"])
    for args, fragment in [
        (
            (hyp, "--ref", tsv, "--num-refs", 2),
            "refs.tsv: line 2: expected 2 tab-separated references, found 1",
        ),
        ((hyp, "--ref", tsv, "--ref", tsv, "--num-refs", 2), "--num-refs N takes one --ref file"),
        ((hyp, "--testset", "flores200-devtest", "--num-refs", 2), "--num-refs N takes one --ref file"),
    ]:
        result = invoke("eval", "score", *args)
        assert result.exit_code == 2, result.output
        assert result.stderr.strip().splitlines() == [f"lintas: {result.stderr.strip()[8:]}"]
        assert fragment in result.stderr


# ------------------------------------------------------------------------------------------- corner cases
LONG = " ".join(f"kata{i % 97} word{i % 89}" for i in range(800))
CORNERS = {
    "all-empty-hyps": ([""] * 3, ["A b c.", "d e", "f"]),
    "all-empty-refs": (["A b c.", "d e", "f"], [""] * 3),
    "both-empty": ([""] * 3, [""] * 3),
    "some-empty-lines": (["The cat.", "", "A dog ran."], ["The cat.", "Something", ""]),
    "single-segment": (["Selamat pagi, dunia."], ["Good morning, world."]),
    "whitespace": (
        ["  leading", "inner   gaps  here", "trailing   "],
        [" leading", "inner gaps here", "trailing"],
    ),
    "nbsp": (["Rp\u00a015.000 harganya", "trailing\u00a0"], ["Rp 15.000 harganya", "trailing"]),
    "very-long-line": ([LONG], [LONG.replace("kata1 ", "kata2 ")]),
    "one-character": (["a"], ["b"]),
    "one-character-match": (["a", "b"], ["a", "c"]),
    "no-space-vs-spaces": (["a b c"], ["abc"]),
    "shifted-words": (["d e f g h a b c"], ["a b c d e f g h"]),
}
#: Each metric's corner cases run with its defaults and with settings that change how text is cut up.
CORNER_OPTIONS = {
    "bleu": [{}, {"tokenize": "none", "smooth_method": "floor", "smooth_value": 0.01}, {"tokenize": "char"}],
    "chrf": [{}, {"chrf_beta": 3, "chrf_eps_smoothing": True}, {"chrf_beta": 3, "chrf_whitespace": True}],
    "ter": [{}, {"ter_normalized": True, "ter_case_sensitive": True, "ter_no_punct": True}],
}
CORNER_RUNS = [
    pytest.param(case, metric, options, id=f"{case}-{metric}-{i}")
    for case in CORNERS
    for metric, variants in CORNER_OPTIONS.items()
    for i, options in enumerate(variants)
]


@pytest.mark.parametrize(("case", "metric", "options"), CORNER_RUNS)
def test_corner_cases_score_as_sacrebleu(case, metric, options, tmp_path) -> None:
    hyps, refs = CORNERS[case]
    expected, signature = sacrebleu_score(metric, options, hyps, [refs])
    [library] = score_corpus(hyps, [refs], [metric], options=MetricOptions(**options))
    assert (library.score, library.signature) == (expected, signature)
    # Through files, sacrebleu's command line strips each line's trailing whitespace (NBSP included): so do we.
    stripped = [h.rstrip() for h in hyps], [[r.rstrip() for r in refs]]
    cli_expected, _ = sacrebleu_score(metric, options, *stripped)
    hyp, ref = write_lines(tmp_path / "h.txt", hyps), write_lines(tmp_path / "r.txt", refs)
    [cli] = cli_scores(hyp, [ref], metric, options)
    assert cli["score"] == pytest.approx(cli_expected, abs=1e-9) and cli["signature"] == signature


def test_all_empty_hypotheses_give_bleu_0_and_ter_100(tmp_path) -> None:
    hyp = write_lines(tmp_path / "h.txt", ["", "", ""])
    ref = write_lines(tmp_path / "r.txt", ["a b", "c", "d e f"])
    scores = {m["name"]: m["score"] for m in cli_scores(hyp, [ref], "bleu,chrf,ter", {})}
    assert scores == {"BLEU": 0.0, "chrF2": 0.0, "TER": 100.0}
    both = {m["name"]: m["score"] for m in cli_scores(hyp, [hyp], "ter", {})}
    assert both == {"TER": 0.0}


# ------------------------------------------------------------------------------------------- text format
TEXT_CASES = [
    [],
    ["--tokenize", "intl", "--chrf-beta", "3", "--ter-case-sensitive"],
    ["--smooth-method", "floor", "--smooth-value", "0.2", "--chrf-word-order", "2", "--chrf-whitespace"],
    ["--lowercase", "--chrf-lowercase", "--ter-normalized", "--ter-no-punct", "-w", "3"],
]


@pytest.mark.parametrize("options", TEXT_CASES, ids=lambda o: " ".join(o) or "defaults")
def test_text_format_is_sacrebleus_output(options, tmp_path) -> None:
    """Byte for byte what the `sacrebleu` command prints (metrics in sacrebleu's order: BLEU, chrF, TER)."""
    hyp, ref = write_lines(tmp_path / "h.txt", HYPS), write_lines(tmp_path / "r.txt", REFS)
    sacre = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter",
         "--format", "text", "--no-color", *options],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    ours = invoke(
        "eval", "score", hyp, "--ref", ref, "--metrics", "bleu,chrf,ter", "--format", "text", *options
    )
    assert ours.exit_code == 0, ours.output
    assert ours.stdout == sacre.stdout


def test_text_format_with_confidence_keeps_sacrebleus_line(tmp_path) -> None:
    hyp, ref = write_lines(tmp_path / "h.txt", HYPS), write_lines(tmp_path / "r.txt", REFS)
    sacre = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", "chrf", "--format", "text",
         "--confidence", "--confidence-n", "100", "--no-color"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    ours = invoke(
        "eval", "score", hyp, "--ref", ref, "--metrics", "chrf", "-f", "text", "--confidence-n", 100
    )
    assert ours.stdout == sacre.stdout and "μ = " in ours.stdout


# ------------------------------------------------------------------------------------------- sentence level
@pytest.mark.parametrize(
    ("metric", "options"),
    [("bleu", {"tokenize": "char", "smooth_method": "add-k"}), ("chrf", {"chrf_beta": 1, "chrf_word_order": 1}),
     ("ter", {"ter_case_sensitive": True})],
)  # fmt: skip
def test_sentence_level_honours_the_options(metric, options, tmp_path) -> None:
    expected, signature = sacrebleu_score(metric, options, HYPS, [REFS], sentence=True)
    got = score_sentences(HYPS, [REFS], [metric], options=MetricOptions(**options))
    [name] = got.signatures
    assert [s[name] for s in got.scores] == expected and got.signatures[name] == signature
    out = tmp_path / "sent.jsonl"
    hyp, ref = write_lines(tmp_path / "h.txt", HYPS), write_lines(tmp_path / "r.txt", REFS)
    cli_scores(hyp, [ref], metric, options, "--sentence-level", out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r[name] for r in rows] == pytest.approx(expected, abs=1e-9)


# ------------------------------------------------------------------------------------------- fuzz
SEGMENT = st.text(alphabet=st.sampled_from(list("abcAB xyz.,!?'-\u00a0ñé1 \t")), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.integers(min_value=1, max_value=6).flatmap(
        lambda n: st.tuples(
            st.lists(SEGMENT, min_size=n, max_size=n), st.lists(SEGMENT, min_size=n, max_size=n)
        )
    ),
    options=st.fixed_dictionaries(
        {},
        optional={
            "tokenize": st.sampled_from(["none", "13a", "intl", "char", "zh"]),
            "lowercase": st.booleans(),
            "smooth_method": st.sampled_from(["none", "floor", "add-k", "exp"]),
            "chrf_beta": st.integers(0, 3),
            "chrf_word_order": st.integers(0, 2),
            "chrf_whitespace": st.booleans(),
            "chrf_eps_smoothing": st.booleans(),
            "ter_case_sensitive": st.booleans(),
            "ter_no_punct": st.booleans(),
            "ter_normalized": st.booleans(),
        },
    ),
)
def test_fuzz_lintas_and_sacrebleu_agree(data, options) -> None:
    hyps, refs = data
    results = score_corpus(hyps, [refs], ["bleu", "chrf", "ter"], options=MetricOptions(**options))
    for result, metric in zip(results, ["bleu", "chrf", "ter"], strict=True):
        assert (result.score, result.signature) == sacrebleu_score(metric, options, hyps, [refs])


# ------------------------------------------------------------------------------------------- tokenizer models
@pytest.fixture(scope="module")
def spm_model(tmp_path_factory) -> bytes:
    """A tiny SentencePiece model trained here (offline): what sacrebleu's SPM tokenizers load, noise aside."""
    import sentencepiece

    text = "\n".join(HYPS + REFS + REFS2) * 5
    buffer = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(text.splitlines()), model_writer=buffer, vocab_size=90,
        character_coverage=1.0, minloglevel=2,
    )  # fmt: skip
    return buffer.getvalue()


@pytest.fixture
def sacrebleu_dir(tmp_path, monkeypatch) -> Path:
    """sacrebleu's model folder in a temporary place (as ``$SACREBLEU`` would put it)."""
    import sacrebleu.tokenizers.tokenizer_spm as tokenizer_spm
    import sacrebleu.utils

    folder = tmp_path / "sacrebleu"
    monkeypatch.setattr(tokenizer_spm, "SACREBLEU_DIR", str(folder))
    monkeypatch.setattr(sacrebleu.utils, "SACREBLEU_DIR", str(folder))
    return folder


def _model_path(folder: Path, tokenize: str) -> Path:
    from sacrebleu.tokenizers.tokenizer_spm import SPM_MODELS

    return folder / "models" / Path(SPM_MODELS[tokenize]["url"]).name


@pytest.mark.parametrize("tokenize", ["spm", "flores101", "flores200", "spBLEU-1K"])
def test_spm_tokenizers_score_as_sacrebleu_with_the_model_on_disk(
    tokenize, spm_model, sacrebleu_dir, tmp_path
):
    path = _model_path(sacrebleu_dir, tokenize)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(spm_model)
    expected, signature = sacrebleu_score("bleu", {"tokenize": tokenize}, HYPS, [REFS])
    hyp, ref = write_lines(tmp_path / "h.txt", HYPS), write_lines(tmp_path / "r.txt", REFS)
    [got] = cli_scores(hyp, [ref], "bleu", {"tokenize": tokenize})
    assert (got["score"], got["signature"]) == (pytest.approx(expected, abs=1e-9), signature)


def test_missing_spm_model_without_network_is_one_line_and_leaves_nothing(
    sacrebleu_dir, tmp_path, monkeypatch
):
    def no_network(url, timeout=None):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    hyp, ref = write_lines(tmp_path / "h.txt", HYPS), write_lines(tmp_path / "r.txt", REFS)
    result = invoke("eval", "score", hyp, "--ref", ref, "--tokenize", "flores200")
    assert result.exit_code == 3, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("lintas: --tokenize flores200 needs its SentencePiece model")
    assert "Name or service not known" in line and "copy it to" in line and "Traceback" not in result.output
    assert list((sacrebleu_dir / "models").iterdir()) == []  # no partial model left behind
    # Without BLEU the tokenizer is not needed: chrF still scores.
    assert (
        invoke("eval", "score", hyp, "--ref", ref, "--metrics", "chrf", "--tokenize", "flores200").exit_code
        == 0
    )


def test_missing_spm_model_is_downloaded_once_through_a_temporary_file(
    spm_model, sacrebleu_dir, tmp_path, monkeypatch
):
    calls: list[str] = []

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(url, timeout=None):
        calls.append(url)
        assert timeout is not None  # a download never waits forever
        return Response(spm_model)

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    hyp, ref = write_lines(tmp_path / "h.txt", HYPS), write_lines(tmp_path / "r.txt", REFS)
    for _ in range(2):
        [got] = cli_scores(hyp, [ref], "bleu", {"tokenize": "flores200"})
    assert len(calls) == 1 and _model_path(sacrebleu_dir, "flores200").read_bytes() == spm_model
    assert got["score"] == pytest.approx(sacrebleu_score("bleu", {"tokenize": "flores200"}, HYPS, [REFS])[0])


def test_interrupted_download_leaves_no_truncated_model(sacrebleu_dir, tmp_path, monkeypatch):
    class Broken(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, size=-1):
            raise ConnectionResetError(104, "Connection reset by peer")

    monkeypatch.setattr("urllib.request.urlopen", lambda url, timeout=None: Broken(b""))
    hyp, ref = write_lines(tmp_path / "h.txt", HYPS), write_lines(tmp_path / "r.txt", REFS)
    result = invoke("eval", "score", hyp, "--ref", ref, "--tokenize", "spm")
    assert result.exit_code == 3 and "Connection reset by peer" in result.stderr
    assert list((sacrebleu_dir / "models").iterdir()) == []


@pytest.mark.parametrize(
    ("tokenize", "module", "extra"), [("ja-mecab", "MeCab", "ja"), ("ko-mecab", "mecab_ko", "ko")]
)
def test_mecab_tokenizers_score_or_name_their_package(tokenize, module, extra, tmp_path):
    hyp, ref = write_lines(tmp_path / "h.txt", HYPS), write_lines(tmp_path / "r.txt", REFS)
    result = invoke("eval", "score", hyp, "--ref", ref, "--metrics", "bleu", "--tokenize", tokenize, "--json")
    if importlib.util.find_spec(module) is None:
        assert result.exit_code == 3, result.output
        assert (
            result.stderr.strip().splitlines() == [result.stderr.strip().splitlines()[0]]
            and f"pip install 'sacrebleu[{extra}]'" in result.stderr
        )
    else:
        expected, signature = sacrebleu_score("bleu", {"tokenize": tokenize}, HYPS, [REFS])
        [got] = json.loads(result.stdout)["metrics"]
        assert (got["score"], got["signature"]) == (pytest.approx(expected, abs=1e-9), signature)


# ------------------------------------------------------------------------------------------- option checks
def test_defaults_are_sacrebleus_and_help_lists_every_option() -> None:
    defaults = MetricOptions()
    assert defaults.bleu() == {
        "tokenize": BLEU.TOKENIZER_DEFAULT, "smooth_method": "exp", "smooth_value": None, "lowercase": False,
        "effective_order": False,
    }  # fmt: skip
    assert (defaults.chrf_char_order, defaults.chrf_word_order, defaults.chrf_beta) == (
        CHRF.CHAR_ORDER, CHRF.WORD_ORDER, CHRF.BETA,
    )  # fmt: skip
    for command in (["eval", "score"], ["eval", "compare"], ["bench", "run"]):
        text = invoke(*command, "--help").output
        for option in SACREBLEU_ARGS:
            assert "--" + option.replace("_", "-") in text, (command, option)


def test_chrf_word_order_2_beside_chrf_pp_is_one_line(tmp_path) -> None:
    hyp, ref = write_lines(tmp_path / "h.txt", HYPS), write_lines(tmp_path / "r.txt", REFS)
    result = invoke("eval", "score", hyp, "--ref", ref, "--chrf-word-order", "2")
    assert result.exit_code == 2 and "two of them score as chrF2++" in result.stderr
    ok = invoke("eval", "score", hyp, "--ref", ref, "--metrics", "chrf", "--chrf-word-order", "2", "--json")
    assert json.loads(ok.stdout)["metrics"][0]["name"] == "chrF2++"


def test_compare_takes_the_scoring_options(tmp_path) -> None:
    hyp = write_lines(tmp_path / "h.txt", HYPS)
    other = write_lines(tmp_path / "o.txt", REFS2)
    tsv = write_lines(tmp_path / "refs.tsv", [f"{a}\t{b}" for a, b in zip(REFS, REFS2, strict=True)])
    result = invoke(
        "eval", "compare", "--ref", tsv, "--num-refs", 2, hyp, other, "--metrics", "bleu,chrf", "--tokenize", "char",
        "--chrf-beta", 1, "--tests", "bs", "--bs-n", 20, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["metrics"] == ["BLEU", "chrF1"]
    expected, signature = sacrebleu_score("bleu", {"tokenize": "char"}, HYPS, [REFS, REFS2])
    base = next(r for r in data["rows"] if r["system"] == "h.txt" and r["metric"] == "BLEU")
    assert base["score"] == pytest.approx(expected, abs=1e-9)
    assert "tok:char" in data["signatures"]["bs"]["BLEU"] and "nrefs:2" in data["signatures"]["bs"]["BLEU"]
