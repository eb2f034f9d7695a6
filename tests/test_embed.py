"""Embedding: only named origins may frame the lessons, no CSP injection, escaped iframe snippets."""

from __future__ import annotations

import html.parser
import json
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from widgets import cli, embed
from widgets.site.lessons import Lesson

LESSON = Lesson("01", Path("01_conversation.ipynb"), "Lesson 01 · Conversation")


@pytest.mark.parametrize(("given", "expected"), [
    pytest.param("https://lms.example.org", "https://lms.example.org", id="https"),
    pytest.param("https://LMS.Example.org/", "https://lms.example.org", id="case-and-slash-normalized"),
    pytest.param("http://localhost:8000", "http://localhost:8000", id="local-port"),
    pytest.param("http://127.0.0.2:9000", "http://127.0.0.2:9000", id="ipv4"),
    pytest.param("http://[::1]:8080", "http://[::1]:8080", id="ipv6"),
    pytest.param("https://xn--bcher-kva.example", "https://xn--bcher-kva.example", id="punycode"),
])
def test_origins_accepted(given, expected):
    assert embed.origin(given) == expected


@pytest.mark.parametrize("given", [
    pytest.param("", id="empty"),
    pytest.param("lms.example.org", id="no-scheme"),
    pytest.param("https://lms.example.org/course/1", id="path"),
    pytest.param("https://lms.example.org?x=1", id="query"),
    pytest.param("https://lms.example.org#top", id="fragment"),
    pytest.param("https://user@lms.example.org", id="user-info"),
    pytest.param("https://lms.example.org; script-src *", id="csp-directive-injection"),
    pytest.param("https://lms.example.org 'unsafe-inline'", id="csp-source-injection"),
    pytest.param("'self'", id="keyword"),
    pytest.param("*", id="bare-wildcard"),
    pytest.param("https://*.example.org", id="subdomain-wildcard-not-allowed"),
    pytest.param("data:", id="scheme-source"),
    pytest.param("javascript://x", id="script-scheme"),
    pytest.param("https://a.org,https://b.org", id="two-in-one"),
    pytest.param("https://a.org\nContent-Type: x", id="header-splitting"),
    pytest.param("https://a.org:0", id="port-zero"),
    pytest.param("https://a.org:70000", id="port-too-big"),
    pytest.param("https://bücher.example", id="unicode-host-needs-punycode"),
    pytest.param("https://" + "a" * 400 + ".org", id="huge"),
    pytest.param("https://-bad.org", id="leading-hyphen"),
])
def test_origins_refused(given):
    with pytest.raises(embed.OriginError):
        embed.origin(given)


def test_wildcard_only_when_explicitly_allowed():
    assert embed.origin("https://*.example.org", allow_wildcard=True) == "https://*.example.org"
    with pytest.raises(embed.OriginError, match="--allow-wildcard-origin"):
        embed.origins(["https://a.org", "https://*.example.org"])
    with pytest.raises(embed.OriginError):
        embed.origin("*", allow_wildcard=True)


def test_policy_keeps_self_and_lists_each_origin_once():
    policy = embed.frame_ancestors(["https://a.org", "https://A.org/", "http://b.org:81"])
    assert policy == "frame-ancestors 'self' https://a.org http://b.org:81"
    assert ";" not in policy and "," not in policy


def test_voila_argument_round_trips_as_json():
    (arg,) = embed.voila_args(["https://lms.example.org"])
    flag, _, value = arg.partition("=")
    assert flag == "--Voila.tornado_settings"
    assert json.loads(value) == {"headers": {"Content-Security-Policy": "frame-ancestors 'self' https://lms.example.org"}}
    assert embed.voila_args([]) == []


def test_config_files_for_standalone_and_server_extension():
    assert embed.voila_json(["https://a.org"])["Voila"]["tornado_settings"]["headers"]["Content-Security-Policy"] \
        == "frame-ancestors 'self' https://a.org"
    assert embed.server_config(["https://a.org"])["ServerApp"]["tornado_settings"] \
        == embed.tornado_settings(["https://a.org"])


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("title", [
    pytest.param('Lesson "01" <script>alert(1)</script>', id="markup-in-title"),
    pytest.param("Lesson 01 · مرحبا 👩‍👩‍👧", id="rtl-and-zwj"),
])
def test_iframe_snippet_escapes_attributes(title):
    snippet = embed.iframe_snippet("https://c.example.org/voila/render/01_x.ipynb?a=1&b=2", title)
    parser = _Tags()
    parser.feed(snippet)
    (tag, attrs), = parser.tags
    assert tag == "iframe" and attrs["title"] == title
    assert attrs["src"] == "https://c.example.org/voila/render/01_x.ipynb?a=1&b=2"
    assert "<script" not in snippet


def test_render_url_needs_a_web_address():
    assert embed.render_url("https://c.example.org/", LESSON) == "https://c.example.org/voila/render/01_conversation.ipynb"
    with pytest.raises(embed.OriginError, match="https://"):
        embed.render_url("c.example.org", LESSON)


def test_present_passes_the_policy_to_voila(capsys):
    argv = ["present", "--no-browser", "--port", "8999", "--embed-origin", "https://lms.example.org",
            "--embed-origin", "http://127.0.0.2:8001", "--dry-run"]
    assert cli.main(argv) == 0
    command = shlex.split(capsys.readouterr().out.strip().splitlines()[-1])
    settings = [a for a in command if a.startswith("--Voila.tornado_settings=")]
    assert len(settings) == 1
    policy = json.loads(settings[0].partition("=")[2])["headers"]["Content-Security-Policy"]
    assert policy == "frame-ancestors 'self' https://lms.example.org http://127.0.0.2:8001"


def test_present_without_origins_keeps_voilas_default(capsys):
    assert cli.main(["present", "--no-browser", "--port", "8999", "--dry-run"]) == 0
    command = shlex.split(capsys.readouterr().out.strip().splitlines()[-1])
    (setting,) = [a for a in command if a.startswith("--Voila.tornado_settings=")]
    settings = json.loads(setting.partition("=")[2])
    assert "headers" not in settings, "no frame-ancestors policy of ours: Voilà's default stands"
    assert settings["static_immutable_cache"] == ["/voila/labextensions/"]


@pytest.mark.parametrize("bad", [
    pytest.param("https://lms.example.org; frame-ancestors *", id="injection"),
    pytest.param("https://*.example.org", id="wildcard-without-flag"),
    pytest.param("https://lms.example.org/course", id="path"),
])
def test_present_refuses_bad_origins_before_starting(capsys, bad):
    assert cli.main(["present", "--no-browser", "--embed-origin", bad, "--dry-run"]) == 2
    captured = capsys.readouterr()
    assert "voila" not in captured.out and "origin" in captured.err.lower() and "Traceback" not in captured.err


def test_embed_snippet_command_prints_iframes_and_configs(capsys):
    assert cli.main(["embed-snippet", "--base", "https://course.example.org", "--lesson", "1",
                     "--origin", "https://lms.example.org"]) == 0
    out = capsys.readouterr().out
    assert '<iframe src="https://course.example.org/voila/render/01_conversation.ipynb"' in out
    configs = [json.loads(block) for block in _json_blocks(out)]
    assert configs == [embed.voila_json(["https://lms.example.org"]), embed.server_config(["https://lms.example.org"])]


def _json_blocks(text: str) -> list[str]:
    blocks, current = [], []
    for line in text.splitlines():
        if line == "{" or current:
            current.append(line)
            if line == "}":
                blocks.append("\n".join(current))
                current = []
    return blocks


@pytest.mark.parametrize(("argv", "message"), [
    pytest.param(["--base", "course.example.org"], "https://", id="base-without-scheme"),
    pytest.param(["--base", "https://c.org", "--lesson", "9"], "no lesson 09", id="missing-lesson"),
    pytest.param(["--base", "https://c.org", "--origin", "https://x.org/p"], "not an origin", id="bad-origin"),
    pytest.param(["--base", "https://c.org", "--height", "5"], "height", id="tiny-height"),
])
def test_embed_snippet_refuses(capsys, argv, message):
    assert cli.main(["embed-snippet", *argv]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_server_extension_config_sets_the_header(tmp_path):
    """Voilà inside Jupyter Server (as on a hub) sends the policy from jupyter_server_config.json.

    Voilà's tree page is enough (no kernel to start): every Voilà page takes the same header.
    """
    config = tmp_path / "config"
    config.mkdir()
    (config / "jupyter_server_config.json").write_text(json.dumps(embed.server_config(["https://lms.example.org"])))
    root = tmp_path / "root"
    root.mkdir()
    (root / "fixture.ipynb").write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    from socket import socket

    with socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**__import__("os").environ, "JUPYTER_CONFIG_DIR": str(config),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    cmd = [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           "--IdentityProvider.token=", f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0",
           "--ServerApp.allow_root=True"]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            header = None
            deadline = time.monotonic() + 60
            while header is None and time.monotonic() < deadline and proc.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/tree", timeout=30) as r:
                        header = r.headers["Content-Security-Policy"]
                except OSError:
                    time.sleep(0.2)  # bounded polling for server start-up
            log.seek(0)
            assert header == "frame-ancestors 'self' https://lms.example.org", log.read().decode()[-2000:]
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
