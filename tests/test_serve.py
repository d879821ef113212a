"""`build.py serve`: an editor edits YAML, and the open page follows, breaks clearly and comes back."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest

from browser_support import guard_network, launch
from conftest import REPO, make_project, run_build
from helpers import tree_digest

START_LIMIT = 300.0  # seconds to wait for the first build; a limit, not an assertion about speed
CHANGE_LIMIT = 120.0


@contextlib.contextmanager
def preview(project: Path, log: Path, *args: str, preexec_fn: Callable[[], Any] | None = None,
            env: dict[str, str] | None = None) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Run `build.py serve` on a free port; yield the process and the address it prints; always stop it."""
    with log.open("w") as errors:
        process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(project),
                                    "--port", "0", *args], stdout=subprocess.PIPE, stderr=errors, text=True,
                                   preexec_fn=preexec_fn, env=env)
        try:
            yield process, address_of(process)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            process.stdout.close()  # type: ignore[union-attr]


def address_of(process: subprocess.Popen[str]) -> str:
    """The address from the line the server prints once it is listening."""
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    line = lines.get(timeout=START_LIMIT)  # the first build may take a while; never wait forever
    match = re.search(r"http://127\.0\.0\.1:\d+/\S*", line)
    assert match, f"no address in {line!r}"
    return match.group(0)


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a page; error statuses are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def eventually(url: str, wanted: Callable[[int, str], bool]) -> tuple[int, str]:
    """Fetch url until wanted(status, text) holds; fail after CHANGE_LIMIT seconds."""
    deadline = time.monotonic() + CHANGE_LIMIT
    while True:
        status, text = fetch(url)
        if wanted(status, text):
            return status, text
        assert time.monotonic() < deadline, f"gave up waiting; last answer {status}: {text[:500]}"
        time.sleep(0.25)


def set_value(fact: Path, value: str) -> None:
    """Change a fact's value line as an editor would."""
    text = fact.read_text()
    fact.write_text(re.sub(r"(?m)^value: .*$", f"value: {value}", text))


def test_edit_break_and_fix_a_fact_while_serving(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    fact = project / "data" / "facts" / "coverage-claim.yaml"
    with preview(project, tmp_path / "serve.log", "--base-url", "/sub/") as (process, base):
        assert base.endswith("/sub/")
        page = base + "facts/coverage-claim/"
        status, text = fetch(page)
        assert status == 200 and "80%" in text
        assert "/sub/__reload" in text  # the live-reload script, in what is served…
        assert "__reload" in fetch(base + "no-such-page/")[1]  # (the 404 page too)
        built = list((project / "site").rglob("*.html"))
        assert built and not any("__reload" in p.read_text() for p in built)  # …never in the files on disk
        version = fetch(base + "__reload")[1]

        set_value(fact, "82")
        eventually(page, lambda status, text: status == 200 and "82%" in text)
        eventually(base + "__reload", lambda status, text: int(text) > int(version))  # open tabs reload

        set_value(fact, "165")
        status, text = eventually(page, lambda status, text: status != 200)
        assert "The site will come back when the file is fixed" in text
        assert "data/facts/coverage-claim.yaml:4:8: value must be between 0 and 100" in text
        assert "&#x27;coverage&#x27;" in text  # the message is escaped HTML
        assert "__reload" in text  # so the tab comes back by itself
        assert "The site will come back" in fetch(base)[1]  # every page says so, not just the broken one

        set_value(fact, "79")
        eventually(page, lambda status, text: status == 200 and "79%" in text)
        assert process.poll() is None

        assert fetch(base.removesuffix("sub/"))[1] == fetch(base)[1]  # / leads to the sub-path
        assert fetch(base.removesuffix("sub/") + "facts/coverage-claim/")[0] == 404

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    log = (tmp_path / "serve.log").read_text()
    assert log.startswith("Building the site") and "Traceback" not in log  # not silent while the site is built


def test_after_a_save_the_pages_come_first_and_the_search_index_follows(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    fact = project / "data" / "facts" / "coverage-claim.yaml"
    with preview(project, tmp_path / "serve.log") as (_, base):
        assert "__reload?search" in fetch(base + "search/")[1]  # the search page follows the index too…
        assert "__reload?search" not in fetch(base + "facts/coverage-claim/")[1]  # …other pages do not
        pages, index = fetch(base + "__reload?search")[1].split(".")
        set_value(fact, "82")
        eventually(base + "facts/coverage-claim/", lambda status, text: "82%" in text)
        _, text = eventually(base + "__reload?search", lambda status, text: text.split(".")[0] != pages)
        rebuilt = text.split(".")[0]
        _, text = eventually(base + "__reload?search", lambda status, text: text.split(".")[1] != index)
        assert text.split(".")[0] == rebuilt  # open pages reload once for the save, not again for the index
    fresh = make_project(tmp_path / "fresh")
    set_value(fresh / "data" / "facts" / "coverage-claim.yaml", "82")
    assert run_build(fresh, "--no-cache").returncode == 0
    assert tree_digest(project / "site") == tree_digest(fresh / "site")  # the index caught up with the edit
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def test_a_save_while_the_search_index_is_made_is_served_without_waiting_for_it(tmp_path: Path) -> None:
    from bakuclaims.search import pagefind_binary
    project = make_project(tmp_path / "project")
    fact = project / "data" / "facts" / "coverage-claim.yaml"
    hang, started = tmp_path / "hang", tmp_path / "started"
    slow = tmp_path / "pagefind-that-hangs"  # the real Pagefind, unless hang exists: then it never ends
    slow.write_text(f'#!/bin/sh\nif [ -e "{hang}" ]; then echo $$ > "{started}"; exec sleep 600; fi\n'
                    f'exec "{pagefind_binary()}" "$@"\n', encoding="utf-8")
    slow.chmod(0o755)
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(slow)}
    with preview(project, tmp_path / "serve.log", env=env) as (_, base):
        index = fetch(base + "__reload?search")[1].split(".")[1]
        hang.touch()
        set_value(fact, "82")
        eventually(base + "facts/coverage-claim/", lambda status, text: "82%" in text)
        deadline = time.monotonic() + CHANGE_LIMIT
        while not started.exists():  # the index is being made, and Pagefind hangs
            assert time.monotonic() < deadline, "the search index was never made again"
            time.sleep(0.1)
        hung = int(started.read_text())
        hang.unlink()
        set_value(fact, "83")  # without waiting for the index: Pagefind would hang for ten minutes
        eventually(base + "facts/coverage-claim/", lambda status, text: "83%" in text)
        with pytest.raises(ProcessLookupError):
            os.kill(hung, 0)  # the hanging Pagefind was stopped, not left behind
        eventually(base + "__reload?search", lambda status, text: text.split(".")[1] != index)
    fresh = make_project(tmp_path / "fresh")
    set_value(fresh / "data" / "facts" / "coverage-claim.yaml", "83")
    assert run_build(fresh, "--no-cache").returncode == 0
    assert tree_digest(project / "site") == tree_digest(fresh / "site")  # the index caught up with both saves
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]  # no staging folder left
    log = (tmp_path / "serve.log").read_text()
    assert "Search index put off" in log and "Traceback" not in log


def test_a_save_as_soon_as_the_address_is_printed_is_built(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    fact = project / "data" / "facts" / "coverage-claim.yaml"
    with preview(project, tmp_path / "serve.log") as (_, base):
        set_value(fact, "82")  # at once: the watcher was started after the address, and missed it
        eventually(base + "facts/coverage-claim/", lambda status, text: "82%" in text)
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def test_a_save_during_the_first_build_is_built_next(tmp_path: Path) -> None:
    from bakuclaims.search import pagefind_binary
    project = make_project(tmp_path / "project")
    fact = project / "data" / "facts" / "coverage-claim.yaml"
    hold, started = tmp_path / "hold", tmp_path / "started"
    held = tmp_path / "pagefind-held"  # the real Pagefind, once hold is gone: the first build's last step
    held.write_text(f'#!/bin/sh\ntouch "{started}"\nwhile [ -e "{hold}" ]; do sleep 0.05; done\n'
                    f'exec "{pagefind_binary()}" "$@"\n', encoding="utf-8")
    held.chmod(0o755)
    hold.touch()

    def save_while_held() -> None:
        """Once the first build has read the fact and waits on Pagefind, save a new value, then let it go."""
        try:
            deadline = time.monotonic() + START_LIMIT
            while not started.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            set_value(fact, "82")
        finally:
            hold.unlink()

    saver = threading.Thread(target=save_while_held, daemon=True)
    saver.start()
    with preview(project, tmp_path / "serve.log", env={**os.environ, "PAGEFIND_BINARY_PATH": str(held)}) as (_, base):
        saver.join()
        eventually(base + "facts/coverage-claim/", lambda status, text: "82%" in text)
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


@pytest.mark.browser
def test_the_open_tab_follows_each_save_without_a_click(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    fact = project / "data" / "facts" / "coverage-claim.yaml"
    with preview(project, tmp_path / "serve.log") as (_, base), launch() as chromium:
        tab: Any = chromium.new_page()  # type: ignore[attr-defined]
        leaving = guard_network(tab, base.rstrip("/"))
        tab.goto(base + "facts/coverage-claim/")
        assert "80%" in text_in(tab)
        for value, shown in (("82", "82%"), ("165", "The site will come back when the file is fixed"),
                             ("79", "79%")):
            set_value(fact, value)
            deadline = time.monotonic() + CHANGE_LIMIT
            while shown not in text_in(tab):
                assert time.monotonic() < deadline, f"the tab never showed {shown!r}: {text_in(tab)[:300]}"
                time.sleep(0.25)
        assert tab.url == base + "facts/coverage-claim/"
        assert not leaving


def text_in(tab: Any) -> str:
    """The visible text of the tab, or nothing while it is reloading."""
    from playwright.sync_api import Error
    try:
        return tab.inner_text("body", timeout=5000)
    except Error:
        return ""


def test_ctrl_c_stops_the_preview_even_when_it_was_started_with_sigint_ignored(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    def ignore_sigint() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell script starts a command in the background

    with preview(project, tmp_path / "serve.log", preexec_fn=ignore_sigint) as (process, _):
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0


def test_a_port_in_use_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()  # a project's folder, if an empty one
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "--root", str(tmp_path),
                                 "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"Cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_browser_that_stops_waiting_for_a_file_shows_the_editor_no_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    with preview(project, log) as (_, address):
        site = project / "site"
        largest = max((path for path in site.rglob("*") if path.is_file()), key=lambda path: path.stat().st_size)
        wanted = address + largest.relative_to(site).as_posix()
        host, port = re.match(r"http://([\d.]+):(\d+)", address).groups()  # type: ignore[union-attr]
        for _ in range(20):  # a reload or a click away while the file comes: the browser drops it
            with socket.create_connection((host, int(port)), timeout=30) as browser:
                browser.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
                browser.sendall(f"GET {urlsplit(wanted).path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                assert browser.recv(12).startswith(b"HTTP/1.")
                browser.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not close
        status, _ = fetch(address)
        assert status == 200  # and it goes on serving
    said = log.read_text()
    assert "Traceback" not in said and "Exception occurred" not in said, said


@pytest.mark.parametrize("port", ["99999", "-1", "eighty"])
def test_a_port_out_of_range_is_refused_in_one_line(tmp_path: Path, port: str) -> None:
    (tmp_path / "data").mkdir()
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "--root", str(tmp_path),
                             "--port", port], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"a port is a whole number from 1 to 65535 (or 0 for any free one), got '{port}'" in result.stderr
    assert "Internal error" not in result.stderr and "Traceback" not in result.stderr


def test_the_changed_line_leaves_out_a_file_made_and_gone_in_one_moment(tmp_path: Path) -> None:
    """`sed -i` writes a file of its own beside the one it edits and renames it over it: the preview's
    line read 'Changed: coverage-claim.yaml, sedG2tTAZ; rebuilding.'. A file deleted, or one there now,
    is still named."""
    import watchfiles

    from bakuclaims.serve import saved_names
    fact, temporary, deleted = (str(tmp_path / name) for name in ("coverage-claim.yaml", "sedG2tTAZ", "old.yaml"))
    Path(fact).write_text("kind: claim\n", encoding="utf-8")
    changes = {(watchfiles.Change.added, temporary), (watchfiles.Change.deleted, temporary),
               (watchfiles.Change.added, fact), (watchfiles.Change.deleted, deleted)}
    assert saved_names(changes) == ["coverage-claim.yaml", "old.yaml"]
