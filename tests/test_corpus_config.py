"""The filter config: TOML and YAML, defaults, errors that name the problem, and the shipped example."""

from __future__ import annotations

from pathlib import Path

import pytest

from lintas.translate.corpus.config import FilterConfig, example_config, load_filter_config
from lintas.translate.corpus.filter_registry import FILTERS, PAIR_FILTERS
from lintas.translate.errors import InputError

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_enable_every_filter():
    config = load_filter_config(None)
    assert config.enabled() == list(FILTERS)
    assert [f.NAME for f in config.pair_filters()] == list(PAIR_FILTERS)
    assert [d.NAME for d in config.dedup_filters()] == ["duplicate_exact", "duplicate_normalized"]


def test_toml_sets_options_and_disables_filters(tmp_path):
    path = write(
        tmp_path,
        "f.toml",
        "[filters.length]\nmax_words = 80\n\n[filters.numbers]\nenabled = false\n\n"
        '[filters.language]\nsrc = ["id"]\n',
    )
    config = load_filter_config(path)
    assert "numbers" not in config.enabled()
    length = next(f for f in config.pair_filters() if f.NAME == "length")
    assert (length.min_words, length.max_words) == (1, 80)
    resolved = config.resolved()
    assert resolved["numbers"] is None
    assert resolved["language"]["src"] == ["id"] and resolved["language"]["tgt"] == ["en"]


def test_yaml_is_the_same_as_toml(tmp_path):
    toml = write(
        tmp_path,
        "f.toml",
        "[filters.length]\nmax_words = 80\n[filters.duplicate_normalized]\nenabled = false\n",
    )
    yaml = write(
        tmp_path, "f.yaml", "filters:\n  length: {max_words: 80}\n  duplicate_normalized: {enabled: false}\n"
    )
    assert load_filter_config(toml).resolved() == load_filter_config(yaml).resolved()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("f.toml", "[filters.lenght]\nmax_words = 3\n", "unknown filter 'lenght'; known filters: length"),
        (
            "f.toml",
            "[filters.length]\nmax_word = 3\n",
            "unknown option 'max_word'; length takes min_words, max_words",
        ),
        ("f.toml", "[filter.length]\n", "unknown section 'filter'"),
        ("f.toml", "[filters.length]\nenabled = 'no'\n", "enabled must be true or false"),
        ("f.toml", "[filters.length\n", "not valid TOML"),
        ("f.toml", "[filters.length_ratio]\nmax_ratio = 0.5\n", "max_ratio must be at least 1"),
        ("f.yaml", "filters:\n  length: [1, 2]\n", "filters.length must be a table"),
        ("f.yaml", "filters:\n  length: {max_words: 3\n", "not valid YAML"),
        ("f.yaml", "- 1\n- 2\n", "expected a table of filters"),
        ("f.json", "{}", "must end in .toml, .yaml or .yml"),
    ],
)
def test_bad_configs_are_one_line_errors(tmp_path, name, text, message):
    path = write(tmp_path, name, text)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace("[", r"\[")) as info:
        load_filter_config(path)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("f.toml", '[filters.length]\nmax_words = "tiga"\n', 'filters.length.max_words must be a whole number, got "tiga"'),
        ("f.toml", "[filters.length]\nmax_words = true\n", "filters.length.max_words must be a whole number, got true"),
        ("f.toml", "[filters.length]\nmin_words = 1.5\n", "filters.length.min_words must be a whole number, got 1.5"),
        ("f.toml", '[filters.language]\nsrc = "id"\n', 'filters.language.src must be a list of strings, such as ["id"], got "id"'),
        ("f.toml", "[filters.language]\ntgt = [1]\n", "filters.language.tgt must be a list of strings"),
        ("f.toml", "[filters.alignment_score]\nmin_score = nan\n", "filters.alignment_score.min_score must be a finite number, got nan"),
        ("f.toml", "[filters.length_ratio]\nmax_ratio = inf\n", "filters.length_ratio.max_ratio must be a finite number, got inf"),
        ("f.toml", "[filters.length_ratio]\nmax_ratio = true\n", "filters.length_ratio.max_ratio must be a number, got true"),
        ("f.toml", "[filters.duplicate_normalized]\nsides = 1\n", "filters.duplicate_normalized.sides must be a string, got 1"),
        ("f.yaml", "filters:\n  boilerplate: {rules: byline}\n", "filters.boilerplate.rules must be a list of strings"),
        ("f.yaml", "filters:\n  alignment_score: {min_score: .nan}\n", "min_score must be a finite number"),
    ],
)  # fmt: skip
def test_option_types_are_checked_against_their_defaults(tmp_path, name, text, message):
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as info:
        load_filter_config(path)
    assert str(info.value).startswith(f"--config {path}: filters.") and message in str(info.value)


def test_well_typed_options_still_load(tmp_path):
    path = write(
        tmp_path,
        "f.yaml",
        "filters:\n  alignment_score: {min_score: -3}\n  boilerplate: {rules: null}\n"
        "  length_ratio: {max_ratio: 3}\n",
    )
    resolved = load_filter_config(path).resolved()
    assert resolved["alignment_score"]["min_score"] == -3 and resolved["boilerplate"]["rules"] is None
    assert resolved["length_ratio"]["max_ratio"] == 3


def test_a_bad_option_type_is_one_line_exit_2_on_the_command_line(tmp_path):
    from click.testing import CliRunner

    import lintas.translate.cli.corpus_cmd  # noqa: F401 - attaches the corpus commands
    from lintas.translate.cli import main

    config = write(tmp_path, "f.toml", '[filters.length]\nmax_words = "tiga"\n')
    pairs = write(tmp_path, "p.jsonl", '{"id": "a", "src": "Halo.", "tgt": "Hello."}\n')
    result = CliRunner().invoke(
        main, ["corpus", "build", "--pairs", str(pairs), "-o", str(tmp_path / "out"), "--config", str(config)]
    )
    assert result.exit_code == 2
    assert result.output == (
        f'lintas: --config {config}: filters.length.max_words must be a whole number, got "tiga"\n'
    )
    assert not (tmp_path / "out").exists()


def test_missing_config_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_filter_config(tmp_path / "nope.toml")


def test_shipped_example_is_current_and_loads_to_the_defaults():
    shipped = REPO / "data" / "corpus" / "filters.example.toml"
    assert shipped.read_text(encoding="utf-8") == example_config()
    assert load_filter_config(shipped).resolved() == FilterConfig().resolved()
