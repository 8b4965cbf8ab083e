"""``lintas env``: versions and machine facts for bug reports and benchmark records."""

from __future__ import annotations

import click

from translate.cli.groups import main


def environment() -> dict[str, str]:
    """Versions of lintas and its engines, the Python and the machine: what a bug report or a benchmark needs."""
    import importlib.metadata
    import os
    import platform

    from translate import __version__

    info = {"lintas": __version__, "python": platform.python_version(), "platform": platform.platform()}
    for package in (
        "torch",
        "transformers",
        "tokenizers",
        "sentencepiece",
        "sacrebleu",
        "ctranslate2",
        "numpy",
    ):
        try:
            info[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            info[package] = "not installed"
    info["cpu"] = _cpu_model() or platform.processor() or "unknown"
    info["cores_available"] = str(len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else "?"
    info["HF_HUB_OFFLINE"] = os.environ.get("HF_HUB_OFFLINE", "")
    return info


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


@main.command("env")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def env_command(as_json: bool) -> None:
    """Print versions of lintas, its engines and the machine (paste this into bug reports)."""
    info = environment()
    if as_json:
        import json

        click.echo(json.dumps(info, indent=2))
        return
    width = max(map(len, info))
    for key, value in info.items():
        click.echo(f"{key:<{width}}  {value}")
