"""Run a reader in a child process under a memory and time limit, for the formats whose extent cannot be bounded
before the reader lays them out.

calamine opens an .xls by reading every sheet into memory (it reserves the cells its DIMENSIONS record claims), an
.ods by expanding its repeated rows and columns, an .xlsb from binary records: a file of a few kilobytes can ask for
gigabytes, and a failed allocation in Rust aborts the whole process. So the reader runs in a forked child with an
address-space limit: a file that asks too much ends the child, never the app server, and is refused.
"""

import faulthandler
import os
import signal
import tempfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .packing import json_pack, json_unpack

MEMORY = 1 << 30  # above what the process maps already: calamine and the cells read need far less
SECONDS = 60


def _too_large() -> ValidationError:
    return ValidationError(
        _(
            "The workbook is too large or too damaged to read: keep only the table, save it as .xlsx in Excel or "
            "WPS and upload it again."
        ),
        code="cells",
    )


def run_apart(function, data: bytes, *, suffix: str):
    """``function(path)`` (JSON-ready data) computed in a child process, ``path`` naming a file of ``data`` that ends
    in ``suffix``; a ValidationError it raises is raised here. The file is removed here, whatever became of the
    child."""
    if not hasattr(os, "fork"):
        raise _too_large()
    with tempfile.NamedTemporaryFile(suffix=suffix) as file:
        file.write(data)
        file.flush()
        payload = _in_child(function, file.name)
    if not payload:
        raise _too_large()  # the child was ended: out of memory, or out of time
    result = json_unpack(payload)
    if "ok" not in result:
        raise ValidationError(" ".join(result["messages"]), code=result["code"])
    return result["ok"]


def _in_child(function, path: str) -> bytes:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child, which coverage does not follow
        try:
            os.close(read_end)
            # A Rust abort prints its backtrace, and Python's fault handler its stack: not into the server's log.
            faulthandler.disable()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            import resource  # Unix only, as fork is

            try:
                mapped = int(open("/proc/self/statm").read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
                resource.setrlimit(resource.RLIMIT_AS, (mapped + MEMORY, mapped + MEMORY))
            except (OSError, ValueError):
                pass  # no /proc (macOS, which does not enforce the limit either): the child may still end alone
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(SECONDS)
            try:
                result = {"ok": function(path)}
            except ValidationError as error:
                result = {"messages": error.messages, "code": error.code}
            payload = json_pack(result)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    return payload
