"""Python's cyclic garbage collector held off while a file is read, checked and written.

A province's month builds some 200,000 small objects (cells, located values, row results) that all live until the
check ends, and none is part of a cycle. Yet each time enough of them pile up, the collector walks them and, as they
grow, every object the process holds, Django's included, and finds nothing to free: measured, that tripled the time
of a check. The work is bounded by the file limits (``conf.py``), so memory cannot run away while the collector
waits; it runs again as soon as the step ends, and reference counting frees everything else as usual in between.

The pause is process-wide: under gunicorn's sync workers (the deployment in the README) that is the one request; in
a threaded server (runserver, gthread) other requests' cyclic garbage waits too, for as long as the import step
takes (about a second for a province's month, a few seconds for the largest file the limits accept).
"""

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """``with collector_paused():`` or ``@collector_paused()``."""
    if not gc.isenabled():  # already held off (a nested step, or another thread's import): leave it to them
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
