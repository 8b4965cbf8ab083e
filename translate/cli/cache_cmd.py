"""``lintas cache stats|clear``: the translation memory and the CTranslate2 conversions in lintas's cache folder.

Both read the cache without writing it where they can: ``stats`` shows a cache this user may not write (a shared or
read-only folder) and says so; ``clear`` on such a cache says in one line which folder or file is not writable and
exits 2, since only a change of the environment (``LINTAS_CACHE_DIR``, permissions) helps.
"""

from __future__ import annotations

import click

from lintas.translate.cli.groups import cache


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@cache.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def cache_stats(as_json: bool) -> None:
    """What the cache holds, and where.

    \b
    Translation memory: translations per model/engine/options scope.
    CTranslate2 conversions: each one's source model, compute type and size,
    and unfinished conversions a killed run left behind.

    A cache this user cannot write is shown as it is, marked not writable.
    With --json: the translation memory's fields at the top level and the
    conversions under "conversions".
    """
    from lintas.translate.cache import memory_stats
    from lintas.translate.conversion_cache import conversion_stats

    info = memory_stats()
    info["conversions"] = conversion_stats()
    if as_json:
        import json

        click.echo(json.dumps(info, indent=2))
        return
    click.echo(
        f"translation memory {info['path']}: {_plural(info['entries'], 'translation')}, {_mb(info['bytes'])}"
    )
    for scope in info["scopes"]:
        click.echo(f"  {scope['entries']:>8}  {scope['scope']}")
    conv = info["conversions"]
    click.echo(
        f"CTranslate2 conversions {conv['path']}: {_plural(conv['entries'], 'conversion')}, {_mb(conv['bytes'])}"
    )
    for item in conv["conversions"]:
        state = "" if item["complete"] else "  (incomplete: converted again on next use)"
        click.echo(
            f"  {_mb(item['bytes']):>10}  {item['compute_type'] or '?':<14}  {item['source'] or '(source not recorded)'}"
            f"  (ctranslate2 {item['ctranslate2'] or '?'}){state}"
        )
    unfinished = conv["unfinished"]
    if unfinished["stale"]:
        click.echo(
            f"  {_plural(unfinished['stale'], 'unfinished conversion')} ({_mb(unfinished['stale_bytes'])}) left by "
            "killed runs: the next conversion or `lintas cache clear --conversions` removes them"
        )
    if unfinished["in_progress"]:
        click.echo(f"  {_plural(unfinished['in_progress'], 'conversion')} being written now")
    for problem in dict.fromkeys(p for p in (info["problem"], conv["problem"]) if p):
        click.echo(f"not writable: {problem}; nothing new is cached there")


@cache.command("clear")
@click.option(
    "--conversions",
    is_flag=True,
    help="Clear the CTranslate2 conversions instead of the translation memory "
    "(each model is converted again on its next use with --engine ctranslate2).",
)
@click.option(
    "--all", "everything", is_flag=True, help="Clear both the translation memory and the conversions."
)
def cache_clear(conversions: bool, everything: bool) -> None:
    """Delete every stored translation (the translation memory).

    Without options only the translation memory is cleared: CTranslate2
    conversions are kept (they are a function of the model, never stale, and
    take minutes to redo); --conversions clears only them, --all both.
    Clearing conversions also removes unfinished ones left by killed runs, and
    keeps any another process is converting right now.

    Exit code 2 if the cache folder or the memory is not writable.
    """
    if everything or not conversions:
        from lintas.translate.cache import clear_memory

        n, path = clear_memory()
        click.echo(f"removed {_plural(n, 'translation')} from {path}")
    if everything or conversions:
        from lintas.translate.conversion_cache import clear_conversions, conversion_cache_dir

        done = clear_conversions()
        line = f"removed {_plural(done.removed, 'CTranslate2 conversion')} ({_mb(done.bytes)}) from {conversion_cache_dir()}"
        if done.stale:
            line += f" and {_plural(done.stale, 'unfinished conversion')} left by killed runs"
        if done.in_progress:
            line += f"; kept {_plural(done.in_progress, 'conversion')} another process is writing now"
        click.echo(line)
