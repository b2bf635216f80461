"""Requests per second under gunicorn on loopback, from a small bounded load loop of Python threads."""

import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

HOST = "127.0.0.1"


@contextmanager
def gunicorn(*, port: int, workers: int = 2, env: dict | None = None):
    """A gunicorn serving the project under ``benchmarks.settings`` on 127.0.0.1:``port``, stopped on exit."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "DEBUG": "False", **(env or {})}
    binary = Path(sys.executable).with_name("gunicorn")
    # The server's log goes to a file: a pipe nobody reads fills up (64 KB) and then blocks every worker that logs,
    # in the middle of its request and its transaction.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [
            str(binary),
            "weihai_newcitizen.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(port, "/healthz", {})[0] in (200, 503):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"gunicorn did not start: {log.read().decode()[-2000:]}") from None
                time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _get(port: int, path: str, headers: dict) -> tuple[int, int]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def requests_per_second(
    *, port: int, path: str, headers: dict, threads: int = 4, seconds: float = 5.0, max_requests: int = 5000
) -> tuple[float, int]:
    """(requests/s, requests made) over ``seconds`` at most and ``max_requests`` at most; every answer must be 200."""
    _get(port, path, headers)  # warm up: imports, templates, connections
    count, failures, lock = 0, [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        nonlocal count
        while time.monotonic() < stop_at:
            with lock:
                if count >= max_requests:
                    return
                count += 1
            status, _size = _get(port, path, headers)
            if status != 200:
                failures.append(status)

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    if failures:
        raise RuntimeError(f"{path} answered {failures[0]} ({len(failures)} failures)")
    return count / elapsed, count
