"""``lintas env``: versions and machine facts for bug reports and benchmark records."""

from __future__ import annotations

import click

from lintas.translate.cli.groups import main


def environment() -> dict[str, object]:
    """Versions of lintas and its engines, the Python and the machine: what a bug report or a benchmark needs.

    The same facts every benchmark report records (:func:`lintas.eval.speed.versions`, :func:`lintas.eval.speed.machine_info`).
    """
    import contextlib
    import os

    with contextlib.suppress(
        ImportError
    ):  # a report wants the threads torch would use; `env` may pay the import
        import torch  # noqa: F401

    from lintas.eval.speed import REPORTED_PACKAGES, machine_info, versions

    # Ray and pyarrow: the optional scale-out engine of ``lintas corpus`` (docs/ray.md), whose version matters in
    # a report about a cluster run.
    extra = ("tokenizers", "numpy", "ray", "pyarrow")
    info: dict[str, object] = dict(versions((*REPORTED_PACKAGES, *extra)))
    info.update(machine_info())
    info["HF_HUB_OFFLINE"] = os.environ.get("HF_HUB_OFFLINE", "")
    return info


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
