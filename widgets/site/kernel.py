"""What the browser's Python loads: the course as a wheel, the kernel's wheels, and a lock of exactly those."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

from widgets.content import COMPILED, compile_yaml, datasets_dir
from widgets.site.gather import PYODIDE_FILES, LiveSiteError, canonical
from widgets.site.loader import SNAPSHOT_IMPORTS, snapshot_plan
from widgets.site.pages import COURSE_TITLE

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


def _kernel_pypi(env: Path) -> Path:
    found = list(env.glob("**/share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"))
    if not found:
        raise LiveSiteError(f"The build environment {env} has no Pyodide kernel wheels.")
    return found[0]


def lock_entry(wheel: Path) -> dict:
    """The ``pyodide-lock.json`` entry for one pure-Python wheel (imports read from the wheel itself)."""
    name, version = wheel.name.split("-")[:2]
    with zipfile.ZipFile(wheel) as zf:
        tops = sorted({n.split("/")[0] for n in zf.namelist()
                       if "/" in n and not n.split("/")[0].endswith((".dist-info", ".data"))})
    return {"name": canonical(name), "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "package_type": "package",
            "imports": tops, "depends": [], "unvendored_tests": False, "shared_library": False}


def prepare_lite_dir(lite: Path, env: Path, pyodide: Path, wheels: list[Path],
                     imports: tuple[str, ...] | list[str] = SNAPSHOT_IMPORTS) -> list[str]:
    """``lite/static/pyodide`` (runtime, wheels, a lock of exactly those) and ``jupyter-lite.json``.

    ``imports``: what the snapshot the build makes of that Python imports (``shipped.snapshot_imports``).
    """
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
    lock = json.dumps({"info": upstream["info"], "packages": packages}, indent=1, sort_keys=True)
    (static / "pyodide-lock.json").write_text(lock, encoding="utf-8")
    names = sorted(packages)
    # Every package loads at kernel start, from the lock: nothing is left for piplite to look up.
    # The build makes a snapshot of that Python, which every page restores (shipped.py, snapshot.js).
    config = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": COURSE_TITLE,
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
            "pyodideUrl": "./static/pyodide/pyodide.js",
            "disablePyPIFallback": True,
            "pipliteUrls": [],
            "loadPyodideOptions": {"packages": names, "sllSnapshot": snapshot_plan(lock, imports)},
        }}}}
    (lite / "jupyter-lite.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return names
