"""``lintas env``: the versions and machine facts a bug report needs, as text or JSON."""

from __future__ import annotations

import importlib.metadata
import json

from click.testing import CliRunner

from lintas.translate.cli import main


def test_env_json_reports_engines_ray_and_the_machine():
    result = CliRunner().invoke(main, ["env", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["transformers"] == importlib.metadata.version("transformers")
    assert info["ray"] == importlib.metadata.version("ray")  # the dev install has the ray extra
    assert info["HF_HUB_OFFLINE"] == "1"  # tests/conftest.py sets it
    assert {"lintas", "torch", "sacrebleu", "ctranslate2", "pyarrow", "python"} <= set(info)


def test_env_text_is_one_aligned_line_per_fact():
    result = CliRunner().invoke(main, ["env"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.split()[0] == "ray" for line in lines)
    assert (
        len({line.index(line.split()[1], len(line.split()[0])) for line in lines if len(line.split()) > 1})
        == 1
    )
