"""Import names: lintas installs only under ``lintas``, so other ``translate`` packages and ``eval/`` folders coexist.

translate-toolkit and PyPI's ``translate`` both install a top-level ``translate`` package; a user's working
directory often holds an ``eval/`` folder. The product card's folders are installed as ``lintas.translate``,
``lintas.eval`` and ``lintas.data`` (pyproject's package-dir mapping); these tests install lintas from a wheel beside
each of the two ``translate`` distributions in a fresh venv, and run lintas from a folder that shadows both names.

The wheels of the two distributions are downloaded by ``make venv`` into ``.cache/wheels`` (the only step that needs
the package registry); the venv they go into reaches lintas's own dependencies through a ``.pth`` line, so nothing
else is downloaded or built here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import REPO_ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

WHEELS = REPO_ROOT / ".cache" / "wheels"

#: What a shadowing package in the user's folder does when it is imported: fail loudly.
_SHADOW = "raise ImportError('the user folder was imported instead of lintas')\n"


def _pyproject() -> dict:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_package_list_names_every_folder_on_disk():
    setuptools = _pyproject()["tool"]["setuptools"]
    mapping = setuptools["package-dir"]
    on_disk = set()
    for name, folder in mapping.items():
        root = REPO_ROOT / folder
        for path in [root, *root.rglob("*")]:
            if not path.is_dir() or path.name == "__pycache__":
                continue
            if name != "lintas.data" and not (path / "__init__.py").exists():
                continue
            on_disk.add(".".join([name, *path.relative_to(root).parts]))
    assert sorted(setuptools["packages"]) == sorted(on_disk)
    assert _pyproject()["project"]["scripts"]["lintas"] == "lintas.translate.cli:main"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env.update(HF_HUB_OFFLINE="1", **extra)
    return env


def _shadowing_folder(root: Path) -> Path:
    """A working directory with its own ``eval``, ``translate`` and ``data`` packages, each failing on import."""
    for name in ("eval", "translate", "data"):
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text(_SHADOW, encoding="utf-8")
    return root


_API_CHECK = """
import sys
from lintas.translate import Translator
from lintas.eval.metrics import score_corpus
import lintas.translate
t = Translator(sys.argv[1], engine="transformers", beam_size=1, max_output_tokens=8)
out = t.translate(["Selamat pagi.", "Apa kabar?"])
assert len(out) == 2 and all(isinstance(s, str) for s in out), out
print(lintas.translate.__file__)
"""


def _check_lintas(python: Path, lintas: Path, model: Path, cwd: Path) -> str:
    """Run lintas's API and CLI from ``cwd``; return where ``lintas.translate`` was imported from."""
    api = subprocess.run(
        [str(python), "-c", _API_CHECK, str(model)], cwd=cwd, env=_env(), capture_output=True, text=True
    )
    assert api.returncode == 0, api.stderr
    cli = subprocess.run(
        [str(lintas), "translate", "--model", str(model), "--engine", "transformers", "--beam", "1"],
        input="Selamat pagi.\n",
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.strip(), "lintas translate printed nothing"
    return api.stdout.strip().splitlines()[-1]


def test_lintas_runs_from_a_folder_with_its_own_eval_and_translate(tmp_path, tiny_model_dir):
    cwd = _shadowing_folder(tmp_path / "project")
    lintas = Path(sys.executable).with_name("lintas")
    imported_from = _check_lintas(Path(sys.executable), lintas, tiny_model_dir, cwd)
    assert Path(imported_from).resolve() == (REPO_ROOT / "translate" / "__init__.py").resolve()


@pytest.fixture(scope="module")
def lintas_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """lintas built as a wheel from a copy of the tree (the build's scratch files stay out of the checkout)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE", "translate", "eval", "data"):
        path = REPO_ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("dist")
    pip = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(out),
    ]
    subprocess.run([*pip, str(src)], check=True, env=_env(), capture_output=True)
    (wheel,) = out.glob("lintas-*.whl")
    return wheel


def _venv_with(tmp_path: Path, wheel: Path, other: str) -> Path:
    """A fresh venv holding the lintas wheel and ``other`` (from ``.cache/wheels``); lintas's dependencies come
    from this venv's site-packages through a ``.pth`` line, after the new venv's own packages."""
    if not any(WHEELS.glob("*.whl")):
        pytest.fail(
            f"no wheels in {WHEELS}: run `make venv` (it downloads translate-toolkit and translate there)"
        )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "zz_lintas_test_deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-index"]
    subprocess.run([*pip, "--no-deps", "--ignore-installed", str(wheel)], check=True, env=_env())
    subprocess.run([*pip, "--find-links", str(WHEELS), "--ignore-installed", other], check=True, env=_env())
    return venv


@pytest.mark.slow
@pytest.mark.parametrize(
    ("distribution", "own_import"),
    [
        (
            "translate-toolkit",
            "import translate.storage.tmx, translate.storage.po; print(translate.storage.__file__)",
        ),
        ("translate", "from translate import Translator; print(Translator.__module__)"),
    ],
)
def test_lintas_beside_another_translate_package(
    tmp_path, lintas_wheel, tiny_model_dir, distribution, own_import
):
    venv = _venv_with(tmp_path, lintas_wheel, distribution)
    cwd = _shadowing_folder(tmp_path / "project")
    imported_from = _check_lintas(venv / "bin" / "python", venv / "bin" / "lintas", tiny_model_dir, cwd)
    assert Path(imported_from).is_relative_to(venv), imported_from
    theirs = subprocess.run(
        [str(venv / "bin" / "python"), "-c", own_import],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert theirs.returncode == 0, theirs.stderr
    assert str(venv) in theirs.stdout or theirs.stdout.startswith("translate"), theirs.stdout
    # lintas's shipped data travels in the wheel: the lexicon and test sets are found from the installed package.
    data = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from lintas.translate.resources import TESTSETS_DIR; import lintas.translate.align.lexicon as l;"
            "print(TESTSETS_DIR.is_dir(), l.DATA_DIR.is_dir())",
        ],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert data.stdout.split() == ["True", "True"], data.stderr
