"""The live edition: every lesson running in the learner's browser (voici + JupyterLite on Pyodide), offline.

A build gathers everything at build time and caches it (``~/.cache/social-lab-site`` or ``--cache``):

1. a build environment (a venv with ``pins/build-env.txt``: jupyterlite-core, voici-core, the
   Pyodide kernel, and the widget and plotly extensions the pages load);
2. the Pyodide runtime from the npm package ``pyodide`` (``npm pack``; Node/npm are needed once);
3. the pure-Python wheels the kernel loads (``pins/browser-wheels.txt``, hash-checked), the kernel's
   own wheels, and a wheel of the course built here with its datasets compiled to JSON;
4. a ``pyodide-lock.json`` naming exactly the wheels shipped, every one loaded at kernel start,
   with PyPI off: the kernel never reaches for a CDN or an index.

The lessons are copied with two cells added: a first one that brings the learner's work back from
the browser's storage (``widgets/site/store.py``) and a last one saying where that work lives, with
a download and an import. voici writes them as apps (no code showing); JupyterLite's notebook app
shows the same copies as notebooks.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from widgets.content import COMPILED, compile_yaml, datasets_dir
from widgets.site.lessons import Lesson, find_lessons

PINS = Path(__file__).parent / "pins"
BUILD_ENV = PINS / "build-env.txt"
BROWSER_WHEELS = PINS / "browser-wheels.txt"
PYODIDE_VERSION = "314.0.6"  # Python 3.14: sqlite3 is in its standard library (the workbook needs it)
PYODIDE_PYTHON = "3.14"
PYODIDE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
# jupyterlite-pyodide-kernel 0.7.0 (the one voici can load) starts Pyodide in a classic Web Worker.
# Pyodide 314 refuses classic workers with one check, in two of its files; everything it needs there
# (dynamic import of its ES module) works in them. The build removes exactly that check and fails
# if it is not found exactly once per file.
CLASSIC_WORKER_CHECK = re.compile(r'if\(\w+&&\$?\w+\(\)\)throw new Error\("Classic web workers are not supported"\);')
CLASSIC_WORKER_FILES = ("pyodide.js", "pyodide.asm.mjs")
# The kernel's wheels (shipped inside jupyterlite-pyodide-kernel), loaded at start like the rest.
KERNEL_WHEELS = ("piplite", "pyodide_kernel", "ipykernel", "widgetsnbextension-4")
# The kernel 0.7 start-up installs sqlite3 unless the lock loads a package of that name. In Pyodide
# 314 sqlite3 is in the standard library, so an empty wheel of that name stands in for it.
SQLITE_PLACEHOLDER = "sqlite3"
# jedi only completes code as you type in the notebook app; IPython imports it (and parso) at kernel
# start when it is there, which costs every lesson page seconds. An empty wheel of that name
# satisfies the kernel's start-up list; IPython's own completer remains.
PLACEHOLDERS = {SQLITE_PLACEHOLDER: "Empty: sqlite3 is in Pyodide 314's standard library",
                "jedi": "Empty: the browser edition leaves jedi out (IPython completes without it)"}
LEFT_OUT = ("jedi", "parso")
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
APPS = ("notebooks",)  # JupyterLite's notebook app, beside voici
INDEX = "index.html"
EMBED = "embed.html"
STYLE = "course.css"
COURSE_TITLE = "Social Leadership Lab"
CACHE_ENV = "SOCIAL_LAB_SITE_CACHE"
RESTORE_CELL = ("# The browser edition: bring back the work this browser keeps for the course (see the end of the page).\n"
                "from widgets.site import store\n"
                "_note = await store.restore()")
PANEL_CELL = ("from widgets.exercises.storage import BrowserWorkPanel\n"
              "BrowserWorkPanel(_note)")
# Lessons link to each other as NN_topic.ipynb (right in JupyterLab and Voilà); voici writes each
# lesson as NN_topic.html beside the others, so a click on such a link goes there instead.
LINK_SCRIPT = """<script>
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  const href = link ? link.getAttribute("href") : "";
  if (!/^[A-Za-z0-9_-]+\\.ipynb(#.*)?$/.test(href)) return;
  event.preventDefault();
  const target = href.replace(/\\.ipynb(?=#|$)/, ".html");
  if (link.target === "_blank" || event.ctrlKey || event.metaKey) window.open(target); else window.location.assign(target);
}, true);
</script>
"""
_ABSOLUTE_ASSET = re.compile(r'<link\b[^>]*\bhref="https?://[^"]*"[^>]*>\s*', re.IGNORECASE)


class LiveSiteError(RuntimeError):
    """The live site cannot be built; the message says which step and why."""


@dataclass
class LiveReport:
    """What a live build wrote and how long each step took."""

    out: Path
    lessons: list[Lesson] = field(default_factory=list)
    steps: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.out.rglob("*") if p.is_file())

    def summary(self) -> str:
        steps = ", ".join(f"{name} {secs:.1f} s" for name, secs in self.steps.items())
        return (f"Built the live course ({len(self.lessons)} lessons) in {self.out}: "
                f"{self.bytes / 2**20:.1f} MiB, {self.seconds:.1f} s ({steps}). "
                f"Serve the folder from any static host (for a look here: python3 -m http.server -d {self.out}) "
                f"and open {INDEX}; nothing is fetched from outside the folder.")


def default_cache() -> Path:
    """``$SOCIAL_LAB_SITE_CACHE``, else ``~/.cache/social-lab-site`` (``$XDG_CACHE_HOME`` respected)."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "social-lab-site"


def app_path(lesson: Lesson) -> str:
    """Where voici writes the lesson as an app, relative to the site root."""
    return f"voici/render/{lesson.path.stem}.html"


def notebook_path(lesson: Lesson) -> str:
    """Where JupyterLite's notebook app opens the lesson, relative to the site root."""
    return f"notebooks/index.html?path={lesson.name}"


def build_live_site(out: Path, lessons_folder: Path | None = None, *, cache: Path | None = None,
                    base_url: str | None = None, log=print) -> LiveReport:
    """Write the live course into ``out`` (a new or empty folder, or an earlier live build)."""
    started = time.perf_counter()
    lessons = find_lessons(lessons_folder)
    if not lessons:
        raise LiveSiteError(f"No lessons (files named like 01_topic.ipynb) in {lessons_folder or 'the course'}.")
    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise LiveSiteError(f"{out} exists and is not a folder.")
    if out.is_dir() and any(out.iterdir()) and not (out / "jupyter-lite.json").is_file():
        raise LiveSiteError(f"{out} is not empty and holds no live course; pick a new or empty folder.")
    cache = Path(cache).resolve() if cache is not None else default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    report = LiveReport(out=out, lessons=lessons)

    def step(name, action, *args):
        began = time.perf_counter()
        log(f"[site --live] {name}…")
        result = action(*args)
        report.steps[name] = time.perf_counter() - began
        return result

    env = step("build environment", ensure_build_env, cache)
    pyodide = step("pyodide", ensure_pyodide, cache)
    wheels = step("wheels", ensure_wheels, cache)
    with tempfile.TemporaryDirectory(prefix="sll-live-") as scratch:
        scratch = Path(scratch)
        course = step("course wheel", build_course_wheel, scratch / "course")
        compiled = step("byte-code", compile_wheels, cache, pyodide, wheels, [course], scratch / "compiled")
        lite = scratch / "lite"
        step("kernel", prepare_lite_dir, lite, env, pyodide, compiled)
        contents = step("lessons", prepare_contents, scratch / "contents", lessons)
        if out.exists():
            shutil.rmtree(out)
        step("voici build", run_voici_build, env, lite, contents, out)
    step("finish", finish_site, out, lessons, base_url)
    report.seconds = time.perf_counter() - started
    return report


# -- gathering (cached) ------------------------------------------------------------------------


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


# -- the course's own wheel --------------------------------------------------------------------


def build_course_wheel(folder: Path) -> Path:
    """A wheel of the ``widgets`` package as it is here, with the datasets compiled to JSON.

    Built directly (no build backend), so it works from a checkout or an installed course alike.
    The YAML files stay out: the browser reads ``compiled-yaml.json`` (``widgets.content``).
    """
    import widgets

    package = Path(widgets.__file__).parent
    version = _course_version()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"social_leadership_lab-{version}-py3-none-any.whl"
    target = folder / name
    dist = f"social_leadership_lab-{version}.dist-info"
    records = []

    def add(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
        info = zipfile.ZipInfo(arcname, date_time=(2020, 2, 2, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        zf.writestr(info, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        records.append(f"{arcname},sha256={digest},{len(data)}")

    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(package.rglob("*")):
            rel = path.relative_to(package)
            if (path.is_dir() or "__pycache__" in rel.parts or rel.parts[0] in ("_datasets", "_lessons")
                    or path.suffix in (".pyc", ".pyo")):
                continue
            add(zf, f"widgets/{rel.as_posix()}", path.read_bytes())
        data_root = datasets_dir()
        for path in sorted(data_root.rglob("*")):
            if path.is_file() and path.suffix not in (".yaml", ".md") and "__pycache__" not in path.parts:
                add(zf, f"widgets/_datasets/{path.relative_to(data_root).as_posix()}", path.read_bytes())
        add(zf, f"widgets/_datasets/{COMPILED}", json.dumps(compile_yaml(data_root), ensure_ascii=False).encode())
        add(zf, f"{dist}/METADATA", (f"Metadata-Version: 2.1\nName: social-leadership-lab\nVersion: {version}\n"
                                     "Summary: Social Leadership Lab, the browser edition's kernel package\n").encode())
        add(zf, f"{dist}/WHEEL", b"Wheel-Version: 1.0\nGenerator: social-lab site --live\nRoot-Is-Purelib: true\n"
                                 b"Tag: py3-none-any\n")
        add(zf, f"{dist}/top_level.txt", b"widgets\n")
        records.append(f"{dist}/RECORD,,")
        info = zipfile.ZipInfo(f"{dist}/RECORD", date_time=(2020, 2, 2, 0, 0, 0))
        zf.writestr(info, "\n".join(records) + "\n")
    return target


def _course_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("social-leadership-lab")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def placeholder_wheel(folder: Path, name: str) -> Path:
    """An empty wheel called ``name`` (see ``PLACEHOLDERS`` for why each exists)."""
    target = folder / f"{name}-0.0.0-py3-none-any.whl"
    with zipfile.ZipFile(target, "w") as zf:
        for arcname, text in (
            (f"{name}-0.0.0.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.0.0\n"
             f"Summary: {PLACEHOLDERS[name]}\n"),
            (f"{name}-0.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: social-lab site --live\n"
             "Root-Is-Purelib: true\nTag: py3-none-any\n"),
            (f"{name}-0.0.0.dist-info/RECORD", ""),
        ):
            zf.writestr(zipfile.ZipInfo(arcname, date_time=(2020, 2, 2, 0, 0, 0)), text)
    return target


def compile_wheels(cache: Path, pyodide: Path, wheels: list[Path], fresh: list[Path], folder: Path) -> list[Path]:
    """The wheels again with ``__pycache__`` byte-code for Pyodide's Python (sources kept, for tracebacks).

    Compiled by Pyodide itself, run in Node, with unchecked-hash .pyc files (valid whatever the
    file times after unpacking). Wheels from PyPI are compiled once and kept in the cache; the
    course's wheel every build. jedi and parso are left out (``PLACEHOLDERS``).
    """
    node = shutil.which("node")
    if node is None:
        raise LiveSiteError("The live site needs Node.js at build time (to compile the wheels with Pyodide).")
    kept = cache / f"pyc-{PYODIDE_VERSION}"
    kept.mkdir(parents=True, exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    wheels = [w for w in wheels if canonical(w.name.split("-")[0]) not in LEFT_OUT]
    todo = [(w, kept / w.name) for w in wheels if not (kept / w.name).is_file()] + [(w, folder / w.name) for w in fresh]
    if todo:
        with tempfile.TemporaryDirectory(prefix="sll-pyc-") as work:
            work = Path(work)
            for i, (wheel, _) in enumerate(todo):
                with zipfile.ZipFile(wheel) as zf:
                    zf.extractall(work / str(i))
            script = work / "compile.js"
            script.write_text(COMPILE_JS, encoding="utf-8")
            _run([node, str(script), str(pyodide), str(work)], "Compiling the wheels with Pyodide (node)")
            for i, (wheel, target) in enumerate(todo):
                _rezip(wheel, work / str(i), target)
    return [kept / w.name for w in wheels] + [folder / w.name for w in fresh]


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


# -- the site ----------------------------------------------------------------------------------


def _kernel_pypi(env: Path) -> Path:
    found = list(env.glob("**/share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"))
    if not found:
        raise LiveSiteError(f"The build environment {env} has no Pyodide kernel wheels.")
    return found[0]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entry(wheel: Path) -> dict:
    """The ``pyodide-lock.json`` entry for one pure-Python wheel (imports read from the wheel itself)."""
    name, version = wheel.name.split("-")[:2]
    with zipfile.ZipFile(wheel) as zf:
        tops = sorted({n.split("/")[0] for n in zf.namelist()
                       if "/" in n and not n.split("/")[0].endswith((".dist-info", ".data"))})
    return {"name": canonical(name), "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "package_type": "package",
            "imports": tops, "depends": [], "unvendored_tests": False, "shared_library": False}


def prepare_lite_dir(lite: Path, env: Path, pyodide: Path, wheels: list[Path]) -> list[str]:
    """``lite/static/pyodide`` (runtime, wheels, a lock of exactly those) and ``jupyter-lite.json``."""
    static = lite / "static" / "pyodide"
    static.mkdir(parents=True)
    for name in PYODIDE_FILES[:-1]:
        shutil.copyfile(pyodide / name, static / name)
    kernel = [p for p in sorted(_kernel_pypi(env).glob("*.whl")) if p.name.startswith(KERNEL_WHEELS)]
    if len(kernel) != len(KERNEL_WHEELS):
        raise LiveSiteError(f"Expected the kernel wheels {KERNEL_WHEELS}, found {[p.name for p in kernel]}.")
    everything = [*wheels, *kernel, *(placeholder_wheel(static, name) for name in PLACEHOLDERS)]
    packages = {}
    for wheel in everything:
        if wheel.parent != static:
            shutil.copyfile(wheel, static / wheel.name)
        entry = lock_entry(static / wheel.name)
        packages[entry["name"]] = entry
    upstream = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    (static / "pyodide-lock.json").write_text(json.dumps({"info": upstream["info"], "packages": packages},
                                                         indent=1, sort_keys=True), encoding="utf-8")
    names = sorted(packages)
    # Every package loads at kernel start, from the lock: nothing is left for piplite to look up.
    config = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": COURSE_TITLE,
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
            "pyodideUrl": "./static/pyodide/pyodide.js",
            "disablePyPIFallback": True,
            "pipliteUrls": [],
            "loadPyodideOptions": {"packages": names},
        }}}}
    (lite / "jupyter-lite.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return names


def prepare_contents(folder: Path, lessons: list[Lesson]) -> Path:
    """Copies of the lessons for the browser: outputs cleared, the restore and panel cells added."""
    folder.mkdir(parents=True)
    for lesson in lessons:
        nb = json.loads(lesson.path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
        nb.get("metadata", {}).pop("widgets", None)
        cells = _without_cohort_box(nb.get("cells", []))
        nb["cells"] = [_code_cell("sll-restore", RESTORE_CELL), *cells, _code_cell("sll-work", PANEL_CELL)]
        (folder / lesson.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _without_cohort_box(cells: list[dict]) -> list[dict]:
    """The cells less the cohort join box and the heading just before it.

    A cohort shares results with a coach's server; the browser edition has no server, so the box
    could only fail. Its import stays (harmless); the heading goes only if it speaks of a cohort.
    """
    kept: list[dict] = []
    for cell in cells:
        if cell.get("cell_type") == "code" and _source(cell).strip().startswith("CohortJoin("):
            if kept and kept[-1].get("cell_type") == "markdown" and "cohort" in _source(kept[-1]).lower():
                kept.pop()
            continue
        kept.append(cell)
    return kept


def _code_cell(cell_id: str, source: str) -> dict:
    return {"cell_type": "code", "id": cell_id, "metadata": {"tags": ["browser-edition"]},
            "execution_count": None, "outputs": [], "source": source}


def run_voici_build(env: Path, lite: Path, contents: Path, out: Path) -> None:
    cmd = [str(_venv_bin(env, "voici")), "build", "--lite-dir", str(lite), "--contents", str(contents),
           "--output-dir", str(out), "--no-sourcemaps", "--no-unused-shared-packages"]
    for app in APPS:
        cmd += ["--apps", app]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON"))}
    _run(cmd, "voici build", cwd=lite, env=clean)
    if not (out / "voici" / "render").is_dir():
        raise LiveSiteError(f"voici build wrote no lesson pages into {out}.")


def finish_site(out: Path, lessons: list[Lesson], base_url: str | None) -> None:
    """Remove the classic-worker check, strip CDN links, write the course index and the embed page."""
    static = out / "static" / "pyodide"
    for name in CLASSIC_WORKER_FILES:
        path = static / name
        text, n = CLASSIC_WORKER_CHECK.subn("", path.read_text(encoding="utf-8"))
        if n != 1:
            raise LiveSiteError(f"{name}: expected Pyodide's classic-worker check once, found it {n} times; "
                                f"is this Pyodide {PYODIDE_VERSION}?")
        path.write_text(text, encoding="utf-8")
    for page in (out / "voici").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # voici's template links Font Awesome from a CDN; the bundled copy already styles the icons.
        stripped = _ABSOLUTE_ASSET.sub("", text)
        if page.parent.name == "render":
            stripped = stripped.replace("</body>", LINK_SCRIPT + "</body>", 1)
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")
    (out / STYLE).write_text(CSS, encoding="utf-8")
    (out / INDEX).write_text(index_page(lessons), encoding="utf-8")
    (out / EMBED).write_text(embed_page(lessons, base_url), encoding="utf-8")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# JupyterLite's apps read the configuration of every folder up to the site's root from that folder's
# index.html; the course index takes the place of JupyterLite's own there, so it carries the
# (empty) root configuration JupyterLite's index held.
LITE_ROOT_CONFIG = ('<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">'
                    "{}</script>\n")


def _page(title: str, body: str, head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{_e(title)}</title>\n<link rel="stylesheet" href="{STYLE}">\n{head}</head>\n'
            f"<body>\n{body}\n</body>\n</html>\n")


WHERE_HTML = (
    "<p>Everything runs in your browser: no account, no server, nothing sent anywhere. The first "
    "lesson you open takes a few seconds to start Python in the page; after that the browser keeps it.</p>"
    "<p><strong>Where your work is:</strong> in this browser, on this device, in the storage it gives this "
    "site's address. It stays when you close the page. Another browser or device does not see it, and "
    "clearing this site's data deletes it. To take it away, use <em>Download my workbook</em> at the end "
    "of any lesson (or the downloads in the capstone), and <em>Import a workbook</em> there to bring it back, "
    "or <code>social-lab import</code> on a computer with the course installed.</p>")


def index_page(lessons: list[Lesson]) -> str:
    rows = "".join(
        f'<li class="sll-lesson-card"><h2>{_e(lesson.title)}</h2><p class="sll-open">'
        f'<a class="sll-open-app" href="{_e(app_path(lesson))}">Open the lesson</a> '
        f'<a class="sll-open-notebook" href="{_e(notebook_path(lesson))}">Open it as a notebook (code showing)</a>'
        f"</p></li>"
        for lesson in lessons)
    body = (f'<header class="sll-site-header"><h1>{_e(COURSE_TITLE)}</h1>'
            "<p>Lead on social media through conversation, culture and community.</p></header>"
            f'<main><section aria-label="About this course">{WHERE_HTML}</section>'
            f'<ol class="sll-lesson-list">{rows}</ol>'
            f'<p><a href="{EMBED}">Show a lesson inside your own site or LMS (embed codes)</a></p></main>')
    return _page(COURSE_TITLE, body, head=LITE_ROOT_CONFIG)


def embed_snippet(lesson: Lesson, base_url: str | None, height: int = 900) -> str:
    """The ``<iframe>`` that shows ``lesson`` as an app on another site."""
    base = (base_url or "https://YOUR-SITE.example.org/course").rstrip("/")
    return (f'<iframe src="{_e(base)}/{_e(app_path(lesson))}" title="{_e(lesson.title)}" width="100%" '
            f'height="{int(height)}" style="border:0" loading="lazy"></iframe>')


def embed_page(lessons: list[Lesson], base_url: str | None) -> str:
    items = "".join(f"<li><h2>{_e(lesson.title)}</h2><pre><code>{_e(embed_snippet(lesson, base_url))}"
                    f"</code></pre></li>" for lesson in lessons)
    where = ("" if base_url else "<p>Replace <code>https://YOUR-SITE.example.org/course</code> with the address "
             "where you publish this folder (or build with <code>--base-url</code>).</p>")
    body = (f'<header class="sll-site-header"><a href="{INDEX}">{_e(COURSE_TITLE)}</a><h1>Embed a lesson</h1>'
            "<p>Paste one of these into any page: the lesson runs inside it, in the learner's browser. "
            "No server needs configuring; the folder can sit on any static host. Work done in an embedded "
            "lesson is kept by the browser for this site's address (browsers that partition storage keep "
            "it per embedding site).</p>"
            f"{where}</header><main><ol class='sll-lesson-list'>{items}</ol></main>")
    return _page(f"Embed a lesson · {COURSE_TITLE}", body)


CSS = """
:root { --ink: #1f2933; --muted: #52606d; --accent: #1d4f91; --line: #d9e2ec; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: #1b4d8c; }
.sll-site-header { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; padding-bottom: .75rem; }
.sll-lesson-list { list-style: none; padding: 0; }
.sll-lesson-card { border: 1px solid var(--line); border-radius: .5rem; padding: .25rem 1rem; margin-bottom: 1rem; }
.sll-lesson-card h2 { font-size: 1.2rem; }
.sll-open { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
.sll-open-app { display: inline-block; padding: .45rem .9rem; border-radius: .4rem; background: var(--accent);
                color: #fff; text-decoration: none; font-weight: 600; }
.sll-open-app:focus, .sll-open-app:hover { outline: 3px solid #9ec5fe; }
pre { white-space: pre-wrap; word-break: break-all; background: #f5f7fa; padding: .5rem; border-radius: .3rem; }
"""
