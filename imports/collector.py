"""Python's cyclic garbage collector held off while a file is read, checked and written.

A province's month builds some 200,000 small objects (cells, located values, row results) that all live until the
check ends. Each time enough of them pile up, the collector walks every object the process holds, Django's included,
and finds nothing to free: measured, that tripled the time of a check. The work is bounded by the file limits
(``conf.py``), so memory cannot run away while the collector waits; it runs again as soon as the import step ends,
and reference counting frees everything else as usual in between.
"""

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def collector_paused(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():  # already held off (a nested step, or another thread's import): leave it to them
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper
