"""``lintas cache stats|clear``: the translation memory."""

from __future__ import annotations

import click

from lintas.translate.cli.groups import cache


@cache.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def cache_stats(as_json: bool) -> None:
    """How many translations are stored, per model/engine/options scope, and where."""
    from lintas.translate.cache import TranslationMemory

    tm = TranslationMemory()
    info = tm.stats()
    tm.close()
    if as_json:
        import json

        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"{info['path']}: {info['entries']} translations, {info['bytes'] / 1e6:.1f} MB")
    for scope in info["scopes"]:
        click.echo(f"  {scope['entries']:>8}  {scope['scope']}")


@cache.command("clear")
def cache_clear() -> None:
    """Delete every stored translation."""
    from lintas.translate.cache import TranslationMemory

    tm = TranslationMemory()
    n = tm.clear()
    tm.close()
    click.echo(f"removed {n} translations from {tm.path}")
