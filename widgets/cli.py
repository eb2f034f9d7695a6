"""The ``social-lab`` command: present or learn the course, and back up or restore the learner's workbook."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote

from widgets import cohort as cohort_cli
from widgets import execute as execute_cli
from widgets import serving, theme
from widgets.site import cli as site_cli
from widgets.content import lessons_dir
from widgets.lesson_copies import LessonSync, sync_lessons, trust
from widgets.room import identity, limits
from widgets.workbook import Workbook, WorkbookError, home_dir, private_folder, validate_export

HOST = "127.0.0.1"
VOILA_PORT = 8866
LAB_PORT = 8888
FIRST_LESSON = "00_start_here.ipynb"
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # a file this large cannot hold an importable workbook (see workbook.MAX_IMPORT_BYTES)
_LESSON_NAME = re.compile(r"^\d\d_.+\.ipynb$")


class CliError(Exception):
    """An expected problem, reported as one line on stderr with no traceback."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``social-lab`` with ``argv`` (default: the command line) and return the exit code.

    >>> main(["no-such-command"])  # argparse explains on stderr
    2
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help and usage errors: keep argparse's output, return its code
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return args.run(args)
    except (CliError, WorkbookError, OSError) as exc:
        print(f"social-lab: {_one_line(exc)}", file=sys.stderr)
        return getattr(exc, "code", 1)
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="social-lab",
        description="Social Leadership Lab: an interactive course on leading through conversation.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    present = commands.add_parser("present", help="show the lessons as interactive web pages (Voilà)")
    present.add_argument("--port", type=int, help=f"port to serve on (default {VOILA_PORT}, or a free one)")
    present.add_argument("--no-browser", action="store_true", help="do not open a browser")
    present.add_argument("--lessons", type=Path, metavar="DIR", help="serve this lessons folder instead")
    present.add_argument("--dry-run", action="store_true", help="prepare the lessons and print the command only")
    present.add_argument("--coach", action="store_true",
                         help="also start a presenter view for you (the lessons with your notes, and the cohort "
                              "dashboard) on a second address; the projected lessons show no notes")
    site_cli.add_present_options(present)
    cohort_cli.add_present_options(present)  # --preheat, --lesson, --large-type
    present.add_argument("--one-learner", action="store_true",
                         help="everyone who opens this server shares one workbook (default: each browser its own)")
    present.add_argument("--max-pages", type=int, metavar="N",
                         help="most lesson pages open at once; more get 'the room is full' "
                              "(default: from this machine's free memory)")
    present.add_argument("--cull-idle", type=int, metavar="SECONDS", default=limits.CULL_IDLE_S,
                         help=f"stop a page's Python once it is closed and idle this long "
                              f"(default {limits.CULL_IDLE_S}; 0 never)")
    present.set_defaults(run=_present)

    learn = commands.add_parser("learn", help="open the lessons in JupyterLab, at the first lesson")
    learn.add_argument("--port", type=int, help=f"port to serve on (default {LAB_PORT}, or a free one)")
    learn.add_argument("--no-browser", action="store_true", help="do not open a browser")
    learn.add_argument("--lessons", type=Path, metavar="DIR", help="open this lessons folder instead")
    learn.add_argument("--dry-run", action="store_true", help="prepare the lessons and print the command only")
    learn.set_defaults(run=_learn)

    export = commands.add_parser(
        "export", help="write the workbook as JSON (a backup you can import), or your plan as HTML or Markdown")
    export.add_argument("file", nargs="?", default="-", metavar="FILE", help="where to write; '-' for stdout")
    export.add_argument("--format", choices=("json", "html", "md"), default="json",
                        help="json: the whole workbook, for 'import' (default); html: your Social Leadership "
                             "Plan as a standalone page; md: the plan as Markdown")
    export.set_defaults(run=_export)

    imp = commands.add_parser("import", help="bring in a workbook JSON made by 'export'")
    imp.add_argument("file", metavar="FILE", help="the export to read; '-' for stdin")
    imp.add_argument(
        "--replace", action="store_true", help="make the workbook exactly this file (a backup is written first)"
    )
    imp.set_defaults(run=_import)

    where = commands.add_parser("where", help="print where the workbook file is")
    where.set_defaults(run=_where)
    site_cli.add_commands(commands)  # hub-link, embed-snippet, site
    cohort_cli.add_commands(commands)  # cohort create / list
    execute_cli.add_commands(commands)  # execute LESSON...: re-run lessons, store their outputs
    return parser


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


# -- serving lessons ------------------------------------------------------------------------


def prepare_lessons(source: Path, *, dry_run: bool = False) -> LessonSync:
    """The folder to serve (``.folder``) and what was copied, updated or kept aside to get it there.

    Lessons inside an installed package (site-packages) are read-only and shared, so they are
    served from a copy in ``home_dir()/"lessons"`` that follows the installed version without
    overwriting the learner's edits (:mod:`widgets.lesson_copies`). ``dry_run`` writes nothing.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> prepare_lessons(folder) == LessonSync(folder)  # a writable checkout is served as it is
    True
    """
    if not source.is_dir():
        raise CliError(f"No lessons folder at {source}.")
    if not _is_installed(source):
        return LessonSync(source)
    return sync_lessons(source, home_dir(create=not dry_run), dry_run=dry_run)


def _is_installed(folder: Path) -> bool:
    resolved = folder.resolve()
    return bool({"site-packages", "dist-packages"}.intersection(resolved.parts)) or not os.access(resolved, os.W_OK)


def first_lesson(folder: Path) -> str | None:
    """The notebook to open first: ``00_start_here.ipynb`` if present, else the first ``NN_*.ipynb``."""
    if (folder / FIRST_LESSON).is_file():
        return FIRST_LESSON
    names = sorted(p.name for p in folder.glob("*.ipynb") if _LESSON_NAME.match(p.name))
    return names[0] if names else None


def _pick_port(requested: int | None, preferred: int, *, check: bool = True) -> int:
    """The requested port, else ``preferred`` if it is free, else any free port (so the printed URL is true).

    A requested port that something already listens on is refused before anything starts
    (``check=False`` skips that, for a dry run)."""
    if requested is not None:
        if not 0 < requested < 65536:
            raise CliError(f"--port must be between 1 and 65535, got {requested}.", code=2)
        if check:
            with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
                if sock.connect_ex((HOST, requested)) == 0:
                    raise CliError(f"Port {requested} is in use on {HOST}; choose another with --port, "
                                   "or leave --port out to take a free one.", code=2)
        return requested
    for candidate in (preferred, 0):
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            try:
                sock.bind((HOST, candidate))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise CliError("No free port to serve on.")


# Folders and files Voilà's page list leaves out. The coach's dashboard lives in ``coach/``: it
# still opens by its address (and asks for the coach key), but learners are not offered it.
# Voilà reads a list option given as JSON as one string, so each glob is its own argument.
HIDDEN_FROM_LIST = ("coach", "__pycache__", "*.pyc", ".ipynb_checkpoints", "*~")


def hidden_from_list_args() -> list[str]:
    """Voilà arguments that keep :data:`HIDDEN_FROM_LIST` out of the page list.

    >>> hidden_from_list_args()[0]
    '--ContentsManager.hide_globs=coach'
    """
    return [f"--ContentsManager.hide_globs={glob}" for glob in HIDDEN_FROM_LIST]


def voila_command(folder: Path, port: int, *, browser: bool, head: Sequence[str] = ()) -> list[str]:
    """The Voilà command serving ``folder`` as a tree of lessons on localhost only.

    ``head`` replaces ``python -m voila FOLDER`` (``social-lab present`` runs Voilà for a room:
    :func:`widgets.room.limits.room_command`)."""
    cmd = list(head) or [sys.executable, "-m", "voila", str(folder)]
    cmd += [f"--port={port}", f"--Voila.ip={HOST}"]
    cmd.append("--Voila.port_retries=0")  # fail loudly rather than move to a port we did not print
    cmd += hidden_from_list_args()
    cmd += serving.voila_args()  # kernel waits that a lost wake-up cannot strand (widgets/serving.py)
    return cmd if browser else cmd + ["--no-browser"]


def lab_command(folder: Path, port: int, lesson: str | None, *, browser: bool, as_root: bool = False) -> list[str]:
    """The JupyterLab command opening ``lesson`` in ``folder`` on localhost only."""
    cmd = [
        sys.executable, "-m", "jupyter", "lab",
        f"--ServerApp.root_dir={folder}",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        # Warnings and errors only: the address to open is ours to print (with its token), once.
        "--ServerApp.log_level=WARN", "--LabApp.log_level=WARN",
        # notebook_shim (classic-notebook config, unused here) reads every server attribute at
        # start, the deprecated ServerApp.token among them, and Voilà's extension makes that
        # DeprecationWarning print.
        "--ServerApp.jpserver_extensions=notebook_shim=False",
        # Jupyter Server's default websocket ping timeout (90 s) is longer than its interval (30 s),
        # which tornado 6.5 warns about on every kernel connection.
        "--ServerApp.tornado_settings={\"ws_ping_timeout\":30000}",
        # No news feed, update check or PyPI extension listing: the course needs no network.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if _zmq_has_curve():
        # Server and kernel talk over encrypted TCP (CurveZMQ): no "running over TCP without
        # encryption" warning. Not IPC: a socket path under a long home folder exceeds the
        # 107-character limit and the kernel cannot start.
        cmd.append("--KernelManager.transport_encryption=auto")
    if as_root:
        cmd.append("--ServerApp.allow_root=True")
    if lesson:
        cmd.append(f"--LabApp.default_url=/lab/tree/{quote(lesson)}")
    return cmd if browser else cmd + ["--no-browser"]


def _zmq_has_curve() -> bool:
    """Whether this pyzmq can encrypt kernel traffic (CurveZMQ); the wheels on PyPI can."""
    import zmq

    return bool(zmq.has("curve"))


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _serve(cmd: list[str], module: str, dry_run: bool, env: dict[str, str] | None = None, *,
           port: int | None = None, ready: str = "Press Ctrl+C to stop.") -> int:
    if dry_run:
        prefix = "".join(f"{k}={shlex.quote(v)} " for k, v in (env or {}).items())
        print(prefix + shlex.join(cmd))
        return 0
    if importlib.util.find_spec(module) is None:
        raise CliError(f"'{module}' is not installed in {sys.executable}; reinstall social-leadership-lab.")
    with tempfile.TemporaryDirectory(prefix="sll-config-") as config_dir:
        cmd, env = _dict_options_to_config_file(cmd, {**os.environ, **(env or {})}, Path(config_dir))
        return _run_server(cmd, env, port, ready)


# ``--Class.trait={json}``: the only command-line form a nested dict option has, deprecated in
# traitlets 5 (and Voilà prints the DeprecationWarning). The real run moves these into a config file;
# ``--dry-run`` prints them as this equivalent command line.
_DICT_OPTION = re.compile(r"--(?P<section>[A-Za-z_]\w*)\.(?P<trait>\w+)=(?P<value>\{.*\})", re.S)


def _dict_options_to_config_file(cmd: list[str], env: dict[str, str], folder: Path) -> tuple[list[str], dict[str, str]]:
    """``cmd`` without its JSON dict options, and ``env`` whose Jupyter config path reads them from ``folder``.

    Voilà reads ``voila.json`` and Jupyter Server ``jupyter_server_config.json`` from every folder on
    ``JUPYTER_CONFIG_PATH``, which comes before the user's and the system's config folders: these
    settings win over theirs, as the command-line options they replace did.
    """
    rest: list[str] = []
    config: dict[str, dict[str, Any]] = {}
    for arg in cmd:
        match = _DICT_OPTION.fullmatch(arg)
        if match is None:
            rest.append(arg)
            continue
        config.setdefault(match["section"], {})[match["trait"]] = json.loads(match["value"])
    if not config:
        return cmd, env
    for name in ("voila.json", "jupyter_server_config.json"):
        (folder / name).write_text(json.dumps(config), encoding="utf-8")
    paths = [str(folder), *filter(None, env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))]
    return rest, {**env, "JUPYTER_CONFIG_PATH": os.pathsep.join(paths)}


def _run_server(cmd: list[str], env: dict[str, str], port: int | None, ready: str) -> int:
    proc = subprocess.Popen(cmd, env=env)
    # If we are told to stop (a service manager, `timeout`), stop the server too, not orphan it.
    with contextlib.suppress(ValueError):  # only the main thread may set signal handlers
        signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        if port is not None and not _wait_until_listening(proc, port):
            return proc.wait()  # it stopped before serving: its own message says why
        print(ready, flush=True)
        return proc.wait()
    except KeyboardInterrupt:
        # Jupyter asks "Shutdown? (y/n)" on Ctrl+C; a terminate is the unambiguous request.
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return 0


def _wait_until_listening(proc: subprocess.Popen, port: int) -> bool:
    """True once something accepts connections on ``HOST:port``; False if ``proc`` exits first."""
    while proc.poll() is None:
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            sock.settimeout(1.0)
            if sock.connect_ex((HOST, port)) == 0:
                return True
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.2)
    return False


def _lessons_for(args: argparse.Namespace) -> Path:
    source = args.lessons if args.lessons is not None else lessons_dir()
    sync = prepare_lessons(source, dry_run=args.dry_run)
    for line in sync.messages(dry_run=args.dry_run):
        print(line)
    if not args.dry_run:
        # The course's own notebooks, signed so Jupyter does not call each one "not trusted".
        ours = sync.as_installed if sync.folder != source else sorted(source.glob("*.ipynb"))
        with contextlib.suppress(Exception):  # a read-only or damaged notary costs a log line, not the start
            trust(ours)
    return sync.folder


def _present(args: argparse.Namespace) -> int:
    try:
        embedding = site_cli.present_args(args)  # --embed-origin: checked before anything starts
    except ValueError as exc:
        raise CliError(str(exc), code=2) from None
    folder = _lessons_for(args)
    port = _pick_port(args.port, VOILA_PORT, check=not args.dry_run)
    print(f"Social Leadership Lab (presenting {folder}): http://{HOST}:{port}/")
    env: dict[str, str] = dict(theme.voila_path_env())  # where Voilà finds the course's template
    try:
        preheat, preheat_env = cohort_cli.present_extra(args, folder, first_lesson(folder))
    except cohort_cli.CohortError as exc:
        raise CliError(str(exc), code=2) from None
    env.update(preheat_env)
    env.update(theme.voila_path_env(env))  # the course template first, then any the options added (large type)
    head, room_env = _room(args, folder, port, embedded=bool(args.embed_origin))
    env.update(room_env)
    cmd = (voila_command(folder, port, browser=not args.no_browser, head=head) + theme.voila_template_args()
           + embedding + preheat)
    if args.coach:  # the room's server (no notes) and the coach's presenter server (widgets/cohort/present.py)
        presenter_port = _pick_port(None, port + 1, check=not args.dry_run)
        return _serve_plan(cohort_cli.present_plan(
            args, room_cmd=cmd, room_env=env, room_port=port, presenter_port=presenter_port,
            token=secrets.token_hex(24), folder=folder, host=HOST), args.dry_run)
    return _serve(cmd, "voila", args.dry_run, env or None, port=port)


def _serve_plan(plan: list, dry_run: bool) -> int:
    """Start every server of a ``present_plan`` together, print their addresses, stop them together."""
    if dry_run:
        for launch in plan:
            print("\n".join(launch.lines))
            _serve(list(launch.cmd), "voila", True, dict(launch.env) or None)
        return 0
    if importlib.util.find_spec("voila") is None:
        raise CliError(f"'voila' is not installed in {sys.executable}; reinstall social-leadership-lab.")
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="sll-config-") as config_root:
        try:
            for launch in plan:
                config = Path(config_root) / launch.role
                config.mkdir()
                cmd, env = _dict_options_to_config_file(list(launch.cmd), {**os.environ, **launch.env}, config)
                procs.append(subprocess.Popen(cmd, env=env))
            with contextlib.suppress(ValueError):  # only the main thread may set signal handlers
                signal.signal(signal.SIGTERM, lambda *_: [p.terminate() for p in procs])
            for launch, proc in zip(plan, procs):
                if not _wait_until_listening(proc, launch.port):
                    return proc.wait()  # it stopped before serving: its own message says why
            print("\n".join(line for launch in plan for line in launch.lines))
            print("Press Ctrl+C to stop.", flush=True)
            while all(p.poll() is None for p in procs):
                with contextlib.suppress(subprocess.TimeoutExpired):
                    procs[0].wait(timeout=0.5)
            return next(p.returncode for p in procs if p.returncode is not None)
        except KeyboardInterrupt:
            return 0
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _room(args: argparse.Namespace, folder: Path, port: int, *, embedded: bool) -> tuple[list[str], dict[str, str]]:
    """The room's command head and environment; prints who shares what, the cap and the owner link."""
    if args.max_pages is not None and not 1 <= args.max_pages <= 1000:
        raise CliError("--max-pages must be between 1 and 1000.", code=2)
    if args.cull_idle != 0 and not limits.MIN_CULL_IDLE_S <= args.cull_idle <= 7 * 24 * 3600:
        # Shorter, and a page still loading its scripts on a busy server can lose its kernel first.
        raise CliError(f"--cull-idle must be between {limits.MIN_CULL_IDLE_S} and 604800 seconds, "
                       "or 0 (never).", code=2)
    pages = args.max_pages or limits.default_max_pages(limits.available_mib())
    head = limits.room_command(folder, max_pages=pages, cull_idle_s=args.cull_idle,
                               one_learner=args.one_learner, embedded=embedded)
    print(f"At most {pages} lesson pages open at once (--max-pages); a closed page's Python stops "
          + (f"after {args.cull_idle} s idle (--cull-idle)." if args.cull_idle else "when its tab closes."))
    if args.one_learner:
        print("Everyone who opens this server shares one workbook (--one-learner).")
        return head, {}
    print("Each browser that opens this server gets its own workbook.")
    if args.dry_run:
        return head, {}
    token = secrets.token_urlsafe(24)
    # The owner link makes a browser this machine's own learner (your usual workbook, warm kernels).
    print(f"Your own workbook (keep this link to yourself): http://{HOST}:{port}/?{identity.OWNER_PARAM}={token}")
    return head, {identity.OWNER_ENV: token}


def _learn(args: argparse.Namespace) -> int:
    folder = _lessons_for(args)
    port = _pick_port(args.port, LAB_PORT, check=not args.dry_run)
    lesson = first_lesson(folder)
    as_root = _running_as_root()
    cmd = lab_command(folder, port, lesson, browser=not args.no_browser, as_root=as_root)
    address = f"http://{HOST}:{port}/" + (f"lab/tree/{quote(lesson)}" if lesson else "lab")
    if as_root:
        print("Running as root: JupyterLab refuses root unless told, so it is started with --allow-root "
              "(a learner's own account is safer).")
    if args.dry_run:
        print(f"Social Leadership Lab in JupyterLab ({folder}): {address}")
        return _serve(cmd, "jupyterlab", True)
    # Our token (in the environment, not the command line other users can see), so the one
    # address we print opens the lesson instead of a login page.
    token = secrets.token_hex(24)
    print(f"Starting JupyterLab on {folder} ...", flush=True)
    ready = f"Social Leadership Lab is open in JupyterLab: {address}?token={token}\nPress Ctrl+C to stop."
    return _serve(cmd, "jupyterlab", False, {"JUPYTER_TOKEN": token}, port=port, ready=ready)


# -- the workbook ---------------------------------------------------------------------------


def _to_json(doc: dict[str, Any], *, ascii_only: bool = False) -> str:
    if not ascii_only:
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        try:
            text.encode("utf-8")
            return text + "\n"
        except UnicodeEncodeError:  # a lone surrogate from pasted text: only escapes can carry it
            pass
    return json.dumps(doc, ensure_ascii=True, indent=2) + "\n"


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a backup (0600: it is the learner's work)."""
    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _describe_export(doc: dict[str, Any]) -> str:
    exercises = {e["exercise"] for e in doc["entries"]}
    return (
        f"{len(doc['entries'])} answers from {len(exercises)} exercise(s), "
        f"{len(doc['revisions'])} revisions"
    )


def _export(args: argparse.Namespace) -> int:
    if getattr(args, "format", "json") != "json":
        return _export_plan(args)
    doc = Workbook.open_default().export_data()
    if args.file == "-":
        encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
        sys.stdout.write(_to_json(doc, ascii_only=encoding != "utf8"))
        sys.stdout.flush()
        return 0
    target = Path(args.file)
    try:
        _write_atomically(target, _to_json(doc))
    except OSError as exc:
        raise CliError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    print(f"Exported {_describe_export(doc)} to {target}.", file=sys.stderr)
    return 0


def _export_plan(args: argparse.Namespace) -> int:
    """``export --format html|md``: the learner's Social Leadership Plan, built from the workbook."""
    from widgets.plan import plan_document

    text, plan = plan_document(Workbook.open_default(), args.format)
    if args.file == "-":
        sys.stdout.buffer.write(text.encode("utf-8", "replace"))
        sys.stdout.flush()
        return 0
    target = Path(args.file)
    try:
        _write_atomically(target, text)
    except OSError as exc:
        raise CliError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    print(f"Exported your plan ({plan.filled} of {len(plan.sections)} sections filled) to {target}.",
          file=sys.stderr)
    return 0


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def read_export(file: str) -> Any:
    """Parse an export file ('-' for stdin), raising ``CliError`` (exit 2) with a one-line reason."""
    try:
        if file == "-":
            raw = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
        else:
            with open(file, "rb") as handle:
                raw = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise CliError(f"Cannot read {file}: {exc.strerror or exc}.", code=2) from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise CliError(f"{file} is larger than {MAX_IMPORT_BYTES // 2**20} MB; it is not a workbook export.", code=2)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{file} is not UTF-8 text, so it is not a workbook export.", code=2) from None
    if not text.strip():
        raise CliError(f"{file} is empty.", code=2)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{file} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "it may be cut short or not a workbook export.",
            code=2,
        ) from None
    except (ValueError, RecursionError) as exc:
        raise CliError(f"{file} is not valid JSON ({exc}).", code=2) from None


def _import(args: argparse.Namespace) -> int:
    workbook = Workbook.open_default()
    doc = read_export(args.file)
    if args.replace:
        # Replacing drops answers that are not in the file; keep them somewhere first.
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        backup = home_dir() / "backups" / f"workbook-before-import-{stamp}.json"
        try:
            validate_export(doc)  # no backup for a file we are about to refuse
        except WorkbookError as exc:
            raise CliError(f"Cannot import {args.file}: {_one_line(exc)}", code=2) from None
        _write_atomically(backup, _to_json(workbook.export_data()))
        print(f"Backed up the current workbook to {backup}.")
    try:
        summary = workbook.import_data(doc, replace=args.replace)
    except WorkbookError as exc:
        raise CliError(f"Cannot import {args.file}: {_one_line(exc)} Nothing was changed.", code=2) from None
    print(f"{summary} Workbook: {workbook.path}")
    return 0


def _where(args: argparse.Namespace) -> int:
    print(Workbook.default_path())
    return 0


if __name__ == "__main__":
    sys.exit(main())
