"""The live edition's downloads, fetched once and cached: build tools, Pyodide, wheels, byte-code.

Everything comes from the package registries at build time (pip for the build venv and the
wheels, npm for Pyodide) and is kept in ``~/.cache/social-lab-site`` (or ``--cache``), so a
rebuild fetches nothing. Every piece is pinned in ``pins/``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

PINS = Path(__file__).parent / "pins"


BUILD_ENV = PINS / "build-env.txt"


BROWSER_WHEELS = PINS / "browser-wheels.txt"


PYODIDE_VERSION = "314.0.6"  # Python 3.14: sqlite3 is in its standard library (the workbook needs it)


PYODIDE_PYTHON = "3.14"


PYODIDE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")


# Left out of the browser: jedi and parso (see kernel.PLACEHOLDERS); emoji, which the course's
# package depends on but nothing in widgets/ imports (the voice meter reads emoji with regular expressions).
LEFT_OUT = ("jedi", "parso", "emoji")


# Byte-code compiled at build time by Pyodide's own Python (in Node), so no page compiles a module.
COMPILE_JS = """
const path = require("path");
const [pyodideDir, workDir] = process.argv.slice(2);
(async () => {
  const { loadPyodide } = require(path.join(pyodideDir, "pyodide.js"));
  const py = await loadPyodide({ indexURL: pyodideDir + path.sep });
  py.FS.mkdirTree("/work");
  py.FS.mount(py.FS.filesystems.NODEFS, { root: workDir }, "/work");
  py.runPython(`
import compileall, py_compile, sys
if not compileall.compile_dir("/work", quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH):
    sys.exit("compileall failed")
`);
})().catch((error) => { console.error(error); process.exit(1); });
"""


CACHE_ENV = "SOCIAL_LAB_SITE_CACHE"


class LiveSiteError(RuntimeError):
    """The live site cannot be built; the message says which step and why."""


def default_cache() -> Path:
    """``$SOCIAL_LAB_SITE_CACHE``, else ``~/.cache/social-lab-site`` (``$XDG_CACHE_HOME`` respected)."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "social-lab-site"


def _run(cmd: list[str], what: str, cwd: Path | None = None, env: dict | None = None) -> str:
    try:
        done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise LiveSiteError(f"{what}: {cmd[0]} is not installed ({exc.strerror}).") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise LiveSiteError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


def _digest(*paths: Path, extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def _venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def ensure_build_env(cache: Path) -> Path:
    """A venv with the pinned build tools, made once per pin set (``env-<hash>`` in the cache)."""
    venv = cache / f"env-{_digest(BUILD_ENV, extra=sys.version)}"
    stamp = venv / ".complete"
    if stamp.is_file():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    _run([sys.executable, "-m", "venv", str(venv)], "Creating the build environment")
    _run([str(_venv_bin(venv, "python")), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "-r", str(BUILD_ENV)], "Installing the build tools (pins/build-env.txt)")
    stamp.write_text(BUILD_ENV.read_text(encoding="utf-8"), encoding="utf-8")
    return venv


def ensure_pyodide(cache: Path) -> Path:
    """The Pyodide runtime files from the npm package at ``PYODIDE_VERSION`` (``npm pack``, once)."""
    folder = cache / f"pyodide-{PYODIDE_VERSION}"
    if all((folder / name).is_file() for name in PYODIDE_FILES):
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise LiveSiteError("The live site needs npm once, to fetch the Pyodide runtime "
                            f"(npm pack pyodide@{PYODIDE_VERSION}); install Node.js and npm.")
    with tempfile.TemporaryDirectory(prefix="sll-npm-") as scratch:
        packed = _run([npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--silent"], "Fetching Pyodide (npm pack)",
                      cwd=Path(scratch)).strip().splitlines()[-1]
        with tarfile.open(Path(scratch) / packed) as tar:
            tmp = folder.with_name(folder.name + ".partial")
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            for name in PYODIDE_FILES:
                member = tar.getmember(f"package/{name}")
                source = tar.extractfile(member)
                if source is None:
                    raise LiveSiteError(f"The pyodide package has no file {name}.")
                (tmp / name).write_bytes(source.read())
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


def ensure_wheels(cache: Path) -> list[Path]:
    """The pinned pure-Python wheels for the browser (hash-checked by pip), downloaded once."""
    folder = cache / "wheels"
    found = _cached_wheels(folder)
    if found is not None:
        return found
    folder.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
          "--only-binary=:all:", "--python-version", PYODIDE_PYTHON, "--implementation", "py", "--abi", "none",
          "--platform", "any", "--require-hashes", "-r", str(BROWSER_WHEELS), "-d", str(folder)],
         "Downloading the browser wheels (pins/browser-wheels.txt)")
    found = _cached_wheels(folder)
    if found is None:
        raise LiveSiteError(f"pip download left {folder} without every wheel of {BROWSER_WHEELS.name}.")
    return found


def _cached_wheels(folder: Path) -> list[Path] | None:
    have = {(canonical(p.name.split("-")[0]), p.name.split("-")[1]): p for p in folder.glob("*.whl")}
    found = [have.get((canonical(name), version)) for name, version in pinned_wheels()]
    return None if None in found else found  # type: ignore[return-value]


def pinned_wheels() -> list[tuple[str, str]]:
    """(name, version) of every wheel in ``pins/browser-wheels.txt``."""
    pins = []
    for line in BROWSER_WHEELS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, rest = line.partition("==")
            pins.append((name.strip(), rest.split()[0]))
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def compile_wheels(cache: Path, pyodide: Path, wheels: list[Path]) -> list[Path]:
    """The wheels again with ``__pycache__`` byte-code for Pyodide's Python (sources kept, for tracebacks).

    Compiled by Pyodide itself, run in Node, with unchecked-hash .pyc files (valid whatever the
    file times after unpacking). Each compiled wheel is kept in the cache under its content's
    hash, so a rebuild compiles only a wheel that changed (the course's, after an edit).
    jedi, parso and emoji are left out (``LEFT_OUT``).
    """
    kept = cache / f"pyc-{PYODIDE_VERSION}"
    wheels = [w for w in wheels if canonical(w.name.split("-")[0]) not in LEFT_OUT]
    targets = [kept / hashlib.sha256(w.read_bytes()).hexdigest()[:16] / w.name for w in wheels]
    todo = [(w, t) for w, t in zip(wheels, targets) if not t.is_file()]
    if todo:
        node = shutil.which("node")
        if node is None:
            raise LiveSiteError("The live site needs Node.js at build time (to compile the wheels with Pyodide).")
        with tempfile.TemporaryDirectory(prefix="sll-pyc-") as work:
            work = Path(work)
            for i, (wheel, _) in enumerate(todo):
                with zipfile.ZipFile(wheel) as zf:
                    zf.extractall(work / str(i))
            script = work / "compile.js"
            script.write_text(COMPILE_JS, encoding="utf-8")
            _run([node, str(script), str(pyodide), str(work)], "Compiling the wheels with Pyodide (node)")
            for i, (wheel, target) in enumerate(todo):
                target.parent.mkdir(parents=True, exist_ok=True)
                _rezip(wheel, work / str(i), target)
    return targets


def _rezip(original: Path, tree: Path, target: Path) -> None:
    """``original`` with the ``__pycache__`` files found in ``tree`` added (and listed in RECORD)."""
    with zipfile.ZipFile(original) as source:
        names = source.namelist()
        record_name = next((n for n in names if n.endswith(".dist-info/RECORD")), None)
        added = sorted(p for p in tree.rglob("*.pyc") if "__pycache__" in p.parts)
        partial = target.with_name(target.name + ".partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                if item.filename != record_name:
                    out.writestr(item, source.read(item))
            lines = source.read(record_name).decode().splitlines() if record_name else []
            for pyc in added:
                arcname = pyc.relative_to(tree).as_posix()
                data = pyc.read_bytes()
                info = zipfile.ZipInfo(arcname, date_time=(2020, 2, 2, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(info, data)
                digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                lines.append(f"{arcname},sha256={digest},{len(data)}")
            if record_name:
                out.writestr(source.getinfo(record_name), "\n".join(lines) + "\n")
    partial.replace(target)
