"""The browser edition's build pieces, the JSON datasets and the browser store, without a browser or a network.

The whole build, served and driven in Chromium, is ``tests/browser/test_live_site.py``.
"""

from __future__ import annotations

import ast
import asyncio
import base64
import concurrent.futures
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from widgets import cli, content
from widgets import workbook as workbook_module
from widgets.content import COMPILED, ContentError, compile_yaml, datasets_dir
from widgets.site import gather, kernel, live, loader, pages, shipped, store
from widgets.site.lessons import find_lessons
from widgets.workbook import Autosaver, Workbook

EVIL = '<img src=x onerror="alert(1)"> 👩‍👩‍👧 مرحبا'


# -- datasets as JSON ---------------------------------------------------------------------------


def test_compile_yaml_holds_every_yaml_file_of_the_datasets():
    doc = compile_yaml()
    on_disk = {p.relative_to(datasets_dir()).as_posix() for p in datasets_dir().rglob("*.yaml")}
    assert set(doc["files"]) == on_disk and on_disk
    for relative, data in doc["files"].items():
        assert content.read_yaml(relative) == data, relative


@pytest.mark.parametrize("text, why", [
    pytest.param("when: 2024-01-02\n", "dates", id="a-date-would-come-back-as-text"),
    pytest.param("1: one\n", "non-text keys", id="an-int-key-would-come-back-as-text"),
    pytest.param("a: [1, 2\n", "not valid YAML", id="broken-yaml"),
])
def test_compile_yaml_refuses_what_json_cannot_carry_unchanged(tmp_path, text, why):
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=why):
        compile_yaml(tmp_path)


@pytest.fixture
def compiled_datasets(tmp_path, monkeypatch):
    """A datasets folder holding only compiled-yaml.json, as in the browser edition's wheel."""
    folder = tmp_path / "datasets"
    folder.mkdir()
    monkeypatch.setattr(content, "datasets_dir", lambda: folder)
    content.read_yaml.cache_clear()
    content._compiled.cache_clear()
    yield folder
    content.read_yaml.cache_clear()
    content._compiled.cache_clear()


def test_read_yaml_uses_the_compiled_json_when_present(compiled_datasets):
    (compiled_datasets / COMPILED).write_text(json.dumps(
        {"format": content.COMPILED_FORMAT, "files": {"a/b.yaml": {"text": EVIL}}}), encoding="utf-8")
    assert content.read_yaml("a/b.yaml") == {"text": EVIL}
    with pytest.raises(ContentError, match="not in compiled-yaml.json"):
        content.read_yaml("a/missing.yaml")


@pytest.mark.parametrize("text", [
    pytest.param("{not json", id="not-json"),
    pytest.param(json.dumps({"format": "something-else", "files": {}}), id="wrong-format"),
    pytest.param(json.dumps([1, 2]), id="not-an-object"),
])
def test_a_damaged_compiled_file_is_a_clear_content_error(compiled_datasets, text):
    (compiled_datasets / COMPILED).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="compiled-yaml.json"):
        content.read_yaml("posts.yaml")


# -- the course wheel ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def course_wheel(tmp_path_factory) -> Path:
    return kernel.build_course_wheel(tmp_path_factory.mktemp("course"))


def test_course_wheel_ships_json_datasets_and_a_true_record(course_wheel):
    with zipfile.ZipFile(course_wheel) as zf:
        names = zf.namelist()
        assert f"widgets/_datasets/{COMPILED}" in names
        assert not [n for n in names if n.endswith((".yaml", ".pyc")) or "__pycache__" in n]
        assert "widgets/site/store.py" in names and "widgets/exercises/storage.py" in names
        record = zf.read(next(n for n in names if n.endswith(".dist-info/RECORD"))).decode()
        for line in filter(None, record.splitlines()):
            name, digest, size = line.rsplit(",", 2)
            if not digest:
                continue
            data = zf.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data), name


def test_course_wheel_loads_every_dataset_with_no_yaml_at_all(course_wheel, tmp_path):
    """The browser has no PyYAML: the wheel's package, with yaml made unimportable, loads the course."""
    with zipfile.ZipFile(course_wheel) as zf:
        zf.extractall(tmp_path / "site-packages")
    code = (
        "import sys; sys.modules['yaml'] = None\n"
        "import widgets, widgets.content as c\n"
        "assert widgets.__file__.startswith(sys.argv[1]), widgets.__file__\n"
        "for rel in c._compiled(): c.read_yaml(rel)\n"
        "from widgets.course import load_course; from widgets.content import load_posts\n"
        "assert load_posts() and load_course().lessons\n"
        "from widgets.voice import analyze; assert analyze('What do you think? Tell me.').status == 'ok'\n"
        "print(len(c._compiled()))\n"
    )
    root = str(tmp_path / "site-packages")
    done = subprocess.run([sys.executable, "-c", code, root], capture_output=True, text=True,
                          env={"PYTHONPATH": root, "SOCIAL_LAB_HOME": str(tmp_path / "home")}, cwd=tmp_path,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) == len(compile_yaml()["files"])


# -- lock, config, lessons ----------------------------------------------------------------------


def _wheel(folder: Path, name: str, files: dict[str, str]) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as zf:
        for arcname, text in files.items():
            zf.writestr(arcname, text)
    return path


def test_lock_entry_names_the_wheel_its_imports_and_hash(tmp_path):
    wheel = _wheel(tmp_path, "Stack_Data-0.6.3-py3-none-any.whl",
                   {"stack_data/__init__.py": "", "stack_data-0.6.3.dist-info/METADATA": ""})
    entry = kernel.lock_entry(wheel)
    assert entry["name"] == "stack-data" and entry["version"] == "0.6.3"
    assert entry["imports"] == ["stack_data"] and entry["depends"] == []
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()


@pytest.fixture
def fake_env(tmp_path) -> tuple[Path, Path]:
    """A build env holding the kernel's wheels, and a Pyodide folder with its files."""
    env = tmp_path / "env"
    pypi = env / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    pypi.mkdir(parents=True)
    for name in ("piplite-0.7.0", "pyodide_kernel-0.7.0", "ipykernel-6.9.2", "widgetsnbextension-4.0.999",
                 "widgetsnbextension-3.6.999"):
        _wheel(pypi, f"{name}-py3-none-any.whl", {f"{name.split('-')[0]}/__init__.py": ""})
    pyodide = tmp_path / "pyodide"
    pyodide.mkdir()
    for name in gather.PYODIDE_FILES[:-1]:
        (pyodide / name).write_text(name)
    (pyodide / "pyodide-lock.json").write_text(json.dumps({"info": {"python": "3.14.2"}, "packages": {
        "numpy": {"file_name": "numpy.whl"}}}))
    return env, pyodide


def test_the_lock_holds_exactly_what_ships_and_all_of_it_loads_at_start(tmp_path, fake_env):
    env, pyodide = fake_env
    wheels = [_wheel(tmp_path, "ipywidgets-8.1.9-py3-none-any.whl", {"ipywidgets/__init__.py": ""})]
    names = kernel.prepare_lite_dir(tmp_path / "lite", env, pyodide, wheels)
    static = tmp_path / "lite/static/pyodide"
    lock = json.loads((static / "pyodide-lock.json").read_text())
    assert lock["info"] == {"python": "3.14.2"}  # Pyodide's own, kept
    assert "numpy" not in lock["packages"]  # nothing named that is not shipped
    shipped = {p.name for p in static.glob("*.whl")}
    assert {e["file_name"] for e in lock["packages"].values()} == shipped
    assert "widgetsnbextension-3.6.999-py3-none-any.whl" not in shipped
    assert {"ipywidgets", "piplite", "pyodide-kernel", "ipykernel", "sqlite3"} <= set(names)
    settings = json.loads((tmp_path / "lite/jupyter-lite.json").read_text())["jupyter-config-data"][
        "litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert settings["disablePyPIFallback"] is True and settings["pipliteUrls"] == []
    assert sorted(settings["loadPyodideOptions"]["packages"]) == sorted(lock["packages"])
    plan = settings["loadPyodideOptions"]["sllSnapshot"]
    assert plan == loader.snapshot_plan((static / "pyodide-lock.json").read_text())
    assert {"widgets.exercises", "pyodide_kernel"} <= set(plan["imports"])


def test_the_snapshot_name_changes_with_anything_in_the_lock():
    lock = json.dumps({"packages": {"social-leadership-lab": {"sha256": "a" * 64}}})
    same = loader.snapshot_plan(lock)["name"]
    assert loader.snapshot_plan(lock)["name"] == same and len(same) == 16
    assert loader.snapshot_plan(lock.replace("a" * 64, "b" * 64))["name"] != same


def test_the_snapshot_name_changes_with_what_it_imports_and_the_page_fetches_it():
    lock = json.dumps({"packages": {}})
    plan = loader.snapshot_plan(lock)
    assert plan["shipped"] is True and plan["imports"] == list(loader.SNAPSHOT_IMPORTS)
    assert loader.snapshot_plan(lock, [*loader.SNAPSHOT_IMPORTS, "widgets.robot"])["name"] != plan["name"]


@pytest.mark.parametrize("name, expected", [
    pytest.param("0123456789abcdef", "sll-python-0123456789abcdef.snapshot.gz", id="the-plans-name-in-the-file-name"),
    pytest.param("ffffffffffffffff", "sll-python-ffffffffffffffff.snapshot.gz", id="another-build-another-file"),
])
def test_the_shipped_snapshot_is_named_for_its_plan(name, expected):
    assert shipped.snapshot_file({"name": name}) == expected


@pytest.mark.parametrize("source, expected", [
    pytest.param("from widgets import robot\nrobot.x", {"widgets", "widgets.robot"}, id="a-module-imported-from-the-package"),
    pytest.param("from widgets.exercises.course import LessonHeader", {"widgets.exercises.course"},
                 id="a-class-is-not-a-module"),
    pytest.param("import widgets.voice as v\nimport os", {"widgets.voice"}, id="other-packages-left-alone"),
    pytest.param("%matplotlib inline\nfrom widgets import robot", {"widgets", "widgets.robot"}, id="magics-skipped"),
    pytest.param("from widgets import (", set(), id="not-python-no-imports"),
    pytest.param("_note = await store.restore()\nfrom widgets.site import store", {"widgets.site", "widgets.site.store"},
                 id="top-level-await-parses"),
])
def test_the_snapshot_takes_the_course_modules_a_lesson_imports(tmp_path, source, expected):
    notebook = tmp_path / "01_x.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "code", "source": source},
                                              {"cell_type": "markdown", "source": "from widgets import plan"}]}))
    assert shipped._course_imports(notebook) == expected


def test_the_snapshot_imports_every_exercise_view_and_what_the_lessons_start_with(tmp_path):
    folder = live.prepare_contents(tmp_path / "contents", find_lessons())
    imports = shipped.snapshot_imports(sorted(folder.glob("*.ipynb")))
    assert imports[:len(loader.SNAPSHOT_IMPORTS)] == list(loader.SNAPSHOT_IMPORTS)
    views = {f"widgets.exercises.{p.stem}" for p in (Path(live.__file__).parents[1] / "exercises").glob("*.py")
             if p.stem != "__init__"}
    assert views <= set(imports)
    # The restore cell and the work panel the build adds, and a module a lesson imports by name.
    assert {"widgets.site.store", "widgets.exercises.storage", "widgets.robot"} <= set(imports)
    assert len(imports) == len(set(imports))


def test_a_snapshot_made_before_comes_from_the_cache_without_node(tmp_path, monkeypatch):
    static = tmp_path / "site/static/pyodide"
    static.mkdir(parents=True)
    (static / "pyodide.js").write_text("the site's loader")
    plan = {"name": "0123456789abcdef"}
    loader_hash = hashlib.sha256(b"the site's loader").hexdigest()[:12]
    kept = tmp_path / "cache/snapshots" / f"{plan['name']}-{loader_hash}.snapshot.gz"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"made before")
    monkeypatch.setattr(shipped.shutil, "which", lambda name: pytest.fail("node asked for although cached"))
    target = shipped.bake_snapshot(static, plan, ["ipywidgets"], tmp_path / "cache")
    assert target == static / "sll-python-0123456789abcdef.snapshot.gz" and target.read_bytes() == b"made before"


def test_the_wheels_do_not_ship_beside_the_snapshot(tmp_path):
    for name in ("ipython-9.12.0-py3-none-any.whl", "six-1.17.0-py2.py3-none-any.whl", "pyodide-lock.json"):
        (tmp_path / name).write_text("")
    assert shipped.drop_wheels(tmp_path) == ["ipython-9.12.0-py3-none-any.whl", "six-1.17.0-py2.py3-none-any.whl"]
    assert [p.name for p in tmp_path.iterdir()] == ["pyodide-lock.json"]


def test_emoji_is_left_out_of_the_browser(tmp_path):
    emoji = _wheel(tmp_path, "emoji-2.16.0-py3-none-any.whl", {"emoji/__init__.py": ""})
    assert gather.compile_wheels(tmp_path / "cache", tmp_path, [emoji]) == []
    used = [p for p in Path(live.__file__).parents[1].rglob("*.py")
            if re.search(r"^\s*(import emoji|from emoji\b)", p.read_text(encoding="utf-8"), re.MULTILINE)]
    assert used == [], "widgets/ imports emoji: the browser edition needs its wheel again (gather.LEFT_OUT)"


# snapshot.js's packing and filtering, run in Node as the build runs them (bake.js).
SNAPSHOT_TOOLS_JS = """
globalThis.loadPyodide = async () => { throw new Error("not in this test"); };
require(process.argv[1]);
const t = globalThis.sllSnapshotTools;
const memory = new Uint8Array([1, 2, 3]);
const files = [["/lib/python3.14/site-packages/a.py", new TextEncoder().encode("x = 1")]];
const bytes = t.pack(memory, files, { a: "default channel" }, "mine");
const back = t.unpack(bytes, "mine");
const refused = (fn) => { try { fn(); return ""; } catch (error) { return error.message; } };
console.log(JSON.stringify({
  memory: Array.from(back.memory), files: back.files.map(([p, d]) => [p, new TextDecoder().decode(d)]),
  packages: back.packages, aligned: back.memory.byteOffset % 16,
  foreign: refused(() => t.unpack(bytes, "theirs")), damaged: refused(() => t.unpack(bytes.subarray(0, bytes.length - 1), "mine")),
  kept: ["/sp/pygments/lexers/python.py", "/sp/pygments/lexers/rust.py", "/sp/pygments/lexers/_mapping.py",
         "/sp/widgets/__pycache__/x.cpython-314.pyc", "/sp/pygments/lexer.py", "/home/pyodide/.ipython/profile_default/x.py"]
        .filter((path) => t.shipped(path)),
}));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js (the live build needs it) is not installed")
def test_a_snapshot_file_names_its_build_and_carries_no_byte_code_or_foreign_lexers():
    done = subprocess.run(["node", "-e", SNAPSHOT_TOOLS_JS, str(loader.SNAPSHOT_JS)], capture_output=True, text=True,
                          check=True, timeout=60)
    result = json.loads(done.stdout)
    assert result["memory"] == [1, 2, 3] and result["aligned"] == 0
    assert result["files"] == [["/lib/python3.14/site-packages/a.py", "x = 1"]]
    assert result["packages"] == {"a": "default channel"}
    assert "another build" in result["foreign"] and "damaged" in result["damaged"]
    assert result["kept"] == ["/sp/pygments/lexers/python.py", "/sp/pygments/lexers/_mapping.py", "/sp/pygments/lexer.py",
                              "/home/pyodide/.ipython/profile_default/x.py"]


# The three lines of pyodide.js 314.0.6 the build edits, as Pyodide's own build minified them.
PYODIDE_JS = ('async function $e(e,t){let n=e._api;return n.sys.path.insert(0,""),n._pyodide.set_excepthook(),e}'
              'async function B(e={}){let t=await Le(e),n=Ce(t),o=await Te(t),a=await Ue(t,n),r=await We(o,n);'
              'Me(r,t);let s=Be(r,a,t);return await $e(s,t)}')


def test_the_loader_puts_the_working_folder_last_and_grows_memory_for_a_snapshot():
    patched = loader.patch_loader(PYODIDE_JS)
    assert 'n.sys.path.count("")||n.sys.path.append("")' in patched and "insert(0" not in patched
    assert ("if(a){if(a.length>r.HEAP8.length)r._free(r._malloc(a.length));"
            "t._snapshotDeserializer??=") in patched
    assert patched.index("_snapshotDeserializer") < patched.index("let s=Be(r,a,t)")
    assert patched.endswith(loader.SNAPSHOT_JS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    pytest.param(PYODIDE_JS.replace('insert(0,"")', 'insert(1,"")'), id="sys-path-line-changed"),
    pytest.param(PYODIDE_JS.replace("let s=Be(r,a,t);", "let s=Be(r,t);"), id="bootstrap-changed"),
    pytest.param(PYODIDE_JS + PYODIDE_JS, id="each-twice"),
])
def test_the_loader_refuses_a_pyodide_it_does_not_know(text):
    with pytest.raises(gather.LiveSiteError, match="is this Pyodide"):
        loader.patch_loader(text)


def test_lesson_copies_start_by_restoring_and_end_with_the_work_panel(tmp_path):
    lessons = find_lessons()
    folder = live.prepare_contents(tmp_path / "contents", lessons)
    for lesson in lessons:
        nb = json.loads((folder / lesson.name).read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert "await store.restore()" in code[0]["source"]
        assert "BrowserWorkPanel(_note)" in code[-1]["source"]
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
        assert "widgets" not in nb["metadata"]
        original = json.loads(lesson.path.read_text(encoding="utf-8"))
        cohort = 2 if any("CohortJoin()" in "".join(c["source"]) for c in original["cells"]) else 0
        assert len(nb["cells"]) == len(original["cells"]) + 2 - cohort
        # Lessons 01-03 import their exercises in the strip's cell: the imports stay, the strip goes.
        imported: set[str] = set()
        for cell in code:
            tree = compile(live._source(cell), lesson.name, "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            used = {node.value.id for node in ast.walk(tree)
                    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id[:1].isupper()}
            imported |= {alias.asname or alias.name for node in ast.walk(tree)
                         if isinstance(node, ast.ImportFrom) for alias in node.names}
            assert used <= imported, (lesson.name, used - imported)
        assert not [c for c in nb["cells"] if "CohortJoin(" in "".join(c["source"]) and "import" not in
                    "".join(c["source"])]
        assert not [c for c in nb["cells"] if "CohortStrip()" in "".join(c["source"])]


@pytest.mark.parametrize("before, expected", [
    pytest.param([("markdown", "### Join your coach's cohort"), ("code", "CohortJoin()"), ("markdown", "Next")],
                 ["Next"], id="box-and-its-heading-go"),
    pytest.param([("markdown", "## Stages"), ("code", "CohortJoin()")], ["## Stages"], id="an-unrelated-heading-stays"),
    pytest.param([("code", "x = 'CohortJoin()'")], ["x = 'CohortJoin()'"], id="only-the-box-cell-itself"),
    pytest.param([("code", "import x"), ("code", "from widgets.exercises.joining import CohortStrip\n\nCohortStrip()")],
                 ["import x", "from widgets.exercises.joining import CohortStrip"], id="a-lessons-strip-goes"),
    pytest.param([("markdown", "## Cohort"), ("code", "from m import Lesson\nCohortStrip()"), ("code", "Lesson()")],
                 ["## Cohort", "from m import Lesson", "Lesson()"], id="the-imports-before-a-strip-stay"),
])
def test_the_cohort_box_is_left_out_of_the_browser_edition(before, expected):
    cells = [{"cell_type": kind, "source": text} for kind, text in before]
    assert [c["source"] for c in live._without_cohort_box(cells)] == expected


def _finished_site(tmp_path, check_times=1, title="Lesson 07 · Hostile"):
    out = tmp_path / "out"
    static = out / "static/pyodide"
    static.mkdir(parents=True)
    check = 'if(r&&ae())throw new Error("Classic web workers are not supported");'
    for name in live.CLASSIC_WORKER_FILES:
        (static / name).write_text("let a=1;" + check * check_times + "let b=2;" + (PYODIDE_JS if name == "pyodide.js" else ""))
    render = out / "voici/render"
    render.mkdir(parents=True)
    (render / "07_x.html").write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/x/all.min.css">'
        '<link rel="stylesheet" href="../build/style.css"></head><body></body></html>')
    lessons_folder = tmp_path / "lessons"
    lessons_folder.mkdir()
    (lessons_folder / "07_x.ipynb").write_text(json.dumps({"metadata": {"title": title}, "cells": []}))
    live.finish_site(out, find_lessons(lessons_folder), None)
    return out


def test_finish_removes_the_classic_worker_check_and_every_cdn_link(tmp_path):
    out = _finished_site(tmp_path)
    for name in live.CLASSIC_WORKER_FILES:
        text = (out / "static/pyodide" / name).read_text()
        assert text.startswith("let a=1;let b=2;") and "Classic web workers" not in text
    assert "sllSnapshot" in (out / "static/pyodide/pyodide.js").read_text()  # the loader's edits (tested above)
    page = (out / "voici/render/07_x.html").read_text()
    assert "https://" not in page and "../build/style.css" in page
    assert live.LINK_SCRIPT in page


@pytest.mark.parametrize("times", [pytest.param(0, id="check-gone"), pytest.param(2, id="check-twice")])
def test_finish_refuses_a_pyodide_it_does_not_know(tmp_path, times):
    with pytest.raises(gather.LiveSiteError, match="classic-worker check once"):
        _finished_site(tmp_path, check_times=times)


def test_index_and_embed_pages_escape_lesson_titles_and_link_both_editions(tmp_path):
    out = _finished_site(tmp_path, title=EVIL)
    index = (out / pages.INDEX).read_text(encoding="utf-8")
    assert "<img" not in index and "&lt;img src=x" in index
    assert 'href="voici/render/07_x.html"' in index and 'href="notebooks/index.html?path=07_x.ipynb"' in index
    assert "Where your work is" in index and "social-lab import" in index
    embed = (out / pages.EMBED).read_text(encoding="utf-8")
    assert "&lt;iframe src=&quot;https://YOUR-SITE.example.org/course/voici/render/07_x.html&quot;" in embed
    assert "<img" not in embed


def test_embed_snippet_uses_the_base_url():
    lesson = find_lessons()[1]
    snippet = pages.embed_snippet(lesson, "https://courses.example.org/lab/")
    assert snippet.startswith('<iframe src="https://courses.example.org/lab/voici/render/01_')


def test_every_browser_wheel_is_pinned_with_a_hash():
    lines = [ln for ln in gather.BROWSER_WHEELS.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines and all("==" in ln and "--hash=sha256:" in ln for ln in lines)
    assert not [ln for ln in lines if ln.lower().startswith(("pyyaml", "plotly"))]
    pins = [ln.split("#")[0].strip() for ln in gather.BUILD_ENV.read_text().splitlines()]
    assert all("==" in p for p in pins if p)
    assert "voici-core==0.10.0" in pins and "jupyterlite-pyodide-kernel==0.7.0" in pins


def test_default_cache_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(gather.CACHE_ENV, str(tmp_path / "c"))
    assert gather.default_cache() == tmp_path / "c"
    monkeypatch.delenv(gather.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert gather.default_cache() == tmp_path / "x" / "social-lab-site"


@pytest.mark.parametrize("argv, message", [
    pytest.param(["site", "OUT", "--cache", "C"], "go with --live", id="cache-without-live"),
    pytest.param(["site", "OUT", "--live", "--hub", "https://hub.example.org"], "static site", id="hub-with-live"),
    pytest.param(["site", "OUT", "--live", "--base-url", "javascript:alert(1)"], "https://", id="bad-base-url"),
])
def test_site_command_refuses_mixed_options_in_one_line(argv, message, tmp_path, capsys):
    argv = [a if a != "OUT" else str(tmp_path / "out") for a in argv]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


# -- the browser store --------------------------------------------------------------------------


class MemoryBackend:
    """IndexedDB's part, in memory: one record (bytes, version), and what was kept aside."""

    def __init__(self, data: bytes | None = None, version: int = 0):
        self.data, self.version, self.aside, self.saves = data, version, {}, 0

    async def load(self):
        return self.data, self.version

    async def save(self, data, version):
        self.data, self.version, self.saves = data, version, self.saves + 1

    async def keep_aside(self, data, name):
        self.aside[name] = data


class BrokenBackend(MemoryBackend):
    async def load(self):
        raise RuntimeError("storage is blocked")


@pytest.fixture
def browser_state(monkeypatch):
    """Undo what restore() sets for the whole kernel: the default class, the backend, SOCIAL_LAB_HOME."""
    monkeypatch.setattr(workbook_module, "DEFAULT_CLASS", None)
    monkeypatch.setattr(store.BrowserWorkbook, "backend", None)
    monkeypatch.setattr(store.BrowserWorkbook, "version", 0)
    monkeypatch.setattr(store.BrowserWorkbook, "_lock", None)
    monkeypatch.setenv("SOCIAL_LAB_HOME", "unused")
    yield


def _run(coro):
    """Run on a fresh loop in its own thread: the browser tests may leave a loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=60)


def _saved_copy(data: bytes, tmp_path: Path, name: str) -> Workbook:
    path = tmp_path / name / "workbook.sqlite3"
    path.parent.mkdir()
    path.write_bytes(data)
    return Workbook(path)


async def _save_and_settle(wb: Workbook, exercise: str, key: str, value) -> None:
    wb.save(exercise, key, value)
    await asyncio.sleep(0)  # the persist is scheduled with call_soon
    while store.BrowserWorkbook._pending or (store.BrowserWorkbook._lock and store.BrowserWorkbook._lock.locked()):
        await asyncio.sleep(0)
    await asyncio.sleep(0)


def test_restore_then_every_write_is_copied_to_the_browser(tmp_path, browser_state):
    backend = MemoryBackend()

    async def scenario():
        assert await store.restore(backend, home=tmp_path / "mem") is None
        wb = Workbook.open_default()
        assert isinstance(wb, store.BrowserWorkbook) and wb.path == tmp_path / "mem" / "workbook.sqlite3"
        await _save_and_settle(wb, "01.rewrite-studio", "draft", EVIL)
        return wb

    _run(scenario())
    assert backend.version == 1 and backend.saves == 1
    assert _saved_copy(backend.data, tmp_path, "copy").get("01.rewrite-studio", "draft") == EVIL


def test_restore_brings_back_what_an_earlier_visit_saved(tmp_path, browser_state):
    earlier = Workbook(tmp_path / "earlier" / "workbook.sqlite3")
    earlier.save("01.rewrite-studio", "draft", "kept from yesterday")
    backend = MemoryBackend(store.serialize(earlier.path), version=7)

    async def scenario():
        await store.restore(backend, home=tmp_path / "mem")
        return Workbook.open_default().get("01.rewrite-studio", "draft")

    assert _run(scenario()) == "kept from yesterday"
    assert store.BrowserWorkbook.version == 7


def test_a_newer_copy_from_another_tab_is_merged_not_overwritten(tmp_path, browser_state):
    other = Workbook(tmp_path / "other" / "workbook.sqlite3")
    backend = MemoryBackend()

    async def scenario():
        await store.restore(backend, home=tmp_path / "mem")
        wb = Workbook.open_default()
        await _save_and_settle(wb, "01.rewrite-studio", "draft", "this tab")
        # Meanwhile another tab saved its own work (version 2, which this tab never read).
        other.import_data(_saved_copy(backend.data, tmp_path, "seen").export_data())
        other.save("02.benefit-ladder", "rung", "other tab")
        backend.data, backend.version = store.serialize(other.path), 2
        await _save_and_settle(wb, "01.rewrite-studio", "final", "this tab again")

    _run(scenario())
    merged = _saved_copy(backend.data, tmp_path, "merged")
    assert merged.get("02.benefit-ladder", "rung") == "other tab"
    assert merged.get("01.rewrite-studio", "final") == "this tab again"
    assert backend.version == 3


def test_a_damaged_copy_is_kept_aside_and_a_fresh_workbook_starts(tmp_path, browser_state):
    backend = MemoryBackend(b"SQLite format 3\x00" + b"\xff" * 200, version=3)

    async def scenario():
        note = await store.restore(backend, home=tmp_path / "mem")
        wb = Workbook.open_default()
        wb.save("x", "y", 1)
        return note, wb.get("x", "y")

    note, value = _run(scenario())
    assert "damaged" in note and value == 1
    assert list(backend.aside.values()) == [b"SQLite format 3\x00" + b"\xff" * 200]


def test_blocked_storage_leaves_a_working_workbook_and_says_so(tmp_path, browser_state):
    async def scenario():
        note = await store.restore(BrokenBackend(), home=tmp_path / "mem")
        wb = Workbook.open_default()
        wb.save("x", "y", "kept for this page")
        return note, wb.get("x", "y")

    note, value = _run(scenario())
    assert "does not let the course keep your work" in note and value == "kept for this page"


def test_autosaver_uses_the_event_loop_where_there_are_no_threads(workbook, monkeypatch):
    monkeypatch.setattr(sys, "platform", "emscripten")
    started = []
    monkeypatch.setattr(workbook_module.threading, "Timer", lambda *a, **k: started.append(a))

    async def scenario():
        saver = Autosaver(workbook, "voice", delay=0.01)
        saver.schedule("draft", "We listen")
        assert saver.pending == {"draft": "We listen"}
        await asyncio.sleep(0.1)
        return saver.pending

    assert _run(scenario()) == {}
    assert started == [] and workbook.get("voice", "draft") == "We listen"


# -- the "where your work is" panel -------------------------------------------------------------


def _export(**entries) -> str:
    return json.dumps({"format": "social-leadership-lab/workbook", "version": 1, "entries": [
        {"exercise": ex, "key": "draft", "value": value, "saved_at": 1_700_000_000.0} for ex, value in entries.items()]})


@pytest.mark.parametrize("text, expect, changed", [
    pytest.param(_export(studio=EVIL), "Imported 1 exercise", True, id="an-export-merges-in"),
    pytest.param("{not json", "not valid JSON", False, id="not-json"),
    pytest.param(json.dumps({"format": "something"}), "Nothing was changed", False, id="not-a-workbook"),
    pytest.param(json.dumps([1, 2, 3]), "Nothing was changed", False, id="a-list"),
])
def test_panel_import_merges_a_good_export_and_changes_nothing_otherwise(workbook, text, expect, changed):
    from widgets.exercises.storage import BrowserWorkPanel

    panel = BrowserWorkPanel(workbook=workbook)
    message = panel.import_text(text)
    assert expect in message
    assert (workbook.get("studio", "draft") == EVIL) is changed


def test_panel_upload_says_what_happened_escaped_and_refuses_a_huge_file(workbook):
    from widgets.exercises.storage import MAX_IMPORT_BYTES, BrowserWorkPanel

    panel = BrowserWorkPanel(note=EVIL, workbook=workbook)
    assert "&lt;img src=x" in panel.children[0].value and "<img" not in panel.children[0].value
    panel._on_upload({"new": ({"name": "w.json", "size": 10, "content": memoryview(_export(studio="hi").encode())},)})
    assert "Imported 1 exercise" in panel.message.value and workbook.get("studio", "draft") == "hi"
    panel._on_upload({"new": ({"name": "big.json", "size": MAX_IMPORT_BYTES + 1, "content": b""},)})
    assert "far smaller" in panel.message.value
    panel._on_upload({"new": ({"name": "x.bin", "size": 2, "content": b"\xff\xfe"},)})
    assert "not text" in panel.message.value


def test_panel_download_holds_the_workbook_as_it_is_now(workbook):
    from widgets.exercises.storage import BrowserWorkPanel

    panel = BrowserWorkPanel(workbook=workbook)
    workbook.save("studio", "draft", EVIL)
    panel.refresh()
    href = panel._download.value.split("href='", 1)[1].split("'", 1)[0]
    doc = json.loads(base64.b64decode(href.split(",", 1)[1]).decode("utf-8"))
    assert doc["entries"][0]["value"] == EVIL


def test_the_store_and_the_build_never_import_ipywidgets_or_yaml_at_import():
    code = ("import sys, widgets.site.store, widgets.site.live, widgets.site.loader, widgets.site.shipped, widgets.content; "
            "assert len(widgets.site.shipped.snapshot_imports([])) > 20; "  # lists the exercise views without importing them
            "assert 'ipywidgets' not in sys.modules and 'yaml' not in sys.modules, sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_course_index_is_the_root_jupyterlite_reads_its_configuration_from(tmp_path):
    """JupyterLite's notebook app reads every parent folder's index.html up to the root marker; the
    course index replaced JupyterLite's own there, so it must carry that marker (else a blank app)."""
    index = (_finished_site(tmp_path) / pages.INDEX).read_text(encoding="utf-8")
    assert '<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">{}</script>' in index


FONT_AWESOME_CSS = ('@font-face{font-family:"Font Awesome 5 Free";src:url(../webfonts/fa-solid-900.eot);'
                    'src:url(../webfonts/fa-solid-900.eot?#iefix) format("embedded-opentype"),'
                    'url(../webfonts/fa-solid-900.woff2) format("woff2"),url(../webfonts/fa-solid-900.woff) format("woff"),'
                    'url(../webfonts/fa-solid-900.ttf) format("truetype"),'
                    'url(../webfonts/fa-solid-900.svg#fontawesome) format("svg")}')


@pytest.mark.parametrize("css, left", [
    pytest.param(FONT_AWESOME_CSS, ["fa-solid-900.woff2"], id="woff2-listed-first-the-rest-go"),
    pytest.param(FONT_AWESOME_CSS.replace('url(../webfonts/fa-solid-900.woff2) format("woff2"),', ""),
                 ["fa-solid-900.eot", "fa-solid-900.svg", "fa-solid-900.ttf", "fa-solid-900.woff"], id="no-woff2-all-stay"),
])
def test_font_awesome_ships_only_the_woff2_its_rule_lists_first(tmp_path, css, left):
    (tmp_path / "9903.js").write_text(f"e.exports='{css}'")
    for suffix in ("eot", "svg", "ttf", "woff", "woff2"):
        if suffix != "woff2" or "woff2" in css:
            (tmp_path / f"fa-solid-900.{suffix}").write_bytes(b"font")
    live.woff2_only(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("fa-*")) == left


def test_the_lesson_pages_share_one_copy_of_the_theme(tmp_path):
    theme = "body { color: black; }" + " " * live.SHARED_STYLE_MIN
    pages = [live.share_styles(f'<head><style type="text/css">{theme}</style><style type="text/css">p {{}}</style>'
                               f'</head><body>{n}</body>', tmp_path) for n in (1, 2)]
    shared = list(tmp_path.glob("sll-style-*.css"))
    assert len(shared) == 1 and shared[0].read_text() == theme
    for page in pages:
        assert f'<link rel="stylesheet" type="text/css" href="{shared[0].name}">' in page
        assert '<style type="text/css">p {}</style>' in page and theme not in page
