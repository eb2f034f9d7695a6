"""``social-lab execute``: lessons re-run with kernel clients that cannot strand, in a throwaway workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import zmq
import zmq.asyncio

from widgets import cli, serving
from widgets.kernels import ResilientKernelManager

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def notebook(path: Path, *sources: str) -> Path:
    path.write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": KERNELSPEC},
        "cells": [{"id": f"c{i}", "cell_type": "code", "metadata": {}, "source": source, "execution_count": None,
                   "outputs": []} for i, source in enumerate(sources)]}), encoding="utf-8")
    return path


def test_its_kernel_clients_wait_the_way_voilas_do():
    client = ResilientKernelManager().client()
    assert isinstance(client, serving.ResilientKernelClient)
    for name in ("shell", "iopub", "stdin", "control"):
        assert issubclass(getattr(client, f"{name}_channel_class"), serving.ResilientChannel), name


@pytest.mark.slow
def test_execute_stores_outputs_and_widget_state_in_a_throwaway_workbook(tmp_path, monkeypatch, capsys):
    home = tmp_path / "my-home"
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(home))
    lesson = notebook(tmp_path / "05_x.ipynb",
                      "import os\nprint('fresh home:', os.environ['SOCIAL_LAB_HOME'] != %r)" % str(home),
                      "import ipywidgets as w\nw.Textarea(value='kept')")
    assert cli.main(["execute", str(lesson)]) == 0
    assert f"Executed {lesson}" in capsys.readouterr().out
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    assert "".join(nb["cells"][0]["outputs"][0]["text"]) == "fresh home: True\n"
    assert nb["cells"][0]["execution_count"] == 1
    assert "execution" not in nb["cells"][0]["metadata"], "no timings: stored outputs stay stable"
    states = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert any(s["state"].get("value") == "kept" for s in states.values())
    assert lesson.read_text(encoding="utf-8").endswith("\n")
    assert not home.exists(), "the caller's workbook folder is never made or used"


@pytest.mark.slow
def test_a_failing_cell_leaves_the_file_as_it_was(tmp_path, capsys):
    lesson = notebook(tmp_path / "05_x.ipynb", "print('ran')", "raise ValueError('bad <b>data</b>')", "print('never')")
    before = lesson.read_bytes()
    assert cli.main(["execute", str(lesson)]) == 1
    err = capsys.readouterr().err
    assert "ValueError" in err and "bad <b>data</b>" in err and "was not changed" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert lesson.read_bytes() == before
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize(("name", "text", "code", "words"), [
    pytest.param("missing.ipynb", None, 2, "no notebook at", id="missing-file"),
    pytest.param("garbage.ipynb", "{not json", 1, "cannot read", id="not-a-notebook"),
])
def test_bad_notebooks_get_one_line(tmp_path, capsys, name, text, code, words):
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    assert cli.main(["execute", str(path)]) == code
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_nbvals_kernel_client_polls_plain_sockets(tmp_path):
    """nbval (the lessons in the suite) has no lost wake-up to guard against: its BlockingKernelClient
    waits in ``zmq_poll`` on plain sockets, not on asyncio's edge-triggered descriptor. If an nbval
    release moves to an asyncio client, this fails, and its kernels need the resilient client too."""
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel

    kernel = RunningKernel(CURRENT_ENV_KERNEL_NAME, cwd=str(tmp_path))
    try:
        for name in ("shell", "iopub", "stdin", "control"):
            socket = getattr(kernel.kc, f"{name}_channel").socket
            assert isinstance(socket, zmq.Socket) and not isinstance(socket, zmq.asyncio.Socket), name
    finally:
        kernel.stop()
