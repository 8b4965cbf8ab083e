"""``make demo`` without the default model: one line with the remedy, and a non-zero exit (nothing was translated)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_demo_without_the_model_fails_after_one_hint_line(tmp_path):
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hf"),  # an empty Hugging Face cache: the model cannot be had
        "LINTAS_CACHE_DIR": str(tmp_path / "cache"),
    }
    sample = REPO / "data" / "samples" / "korona-sejuta-kasus.md"
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "demo.sh"), str(sample)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 3
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("lintas translate ")  # what runs
    assert len(lines) == 2 and lines[1].startswith("make demo: the default model Helsinki-NLP/opus-mt-id-en")
    assert "make demo-offline" in lines[1]
