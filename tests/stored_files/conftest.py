"""A real media folder on disk, and the two ways it fails: read-only, and full."""

import errno
import os
from pathlib import Path

import pytest


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _under(path, root: Path) -> bool:
    return os.path.abspath(os.fsdecode(path)).startswith(str(root))


@pytest.fixture
def read_only_media(media, monkeypatch):
    """The media folder mounted read-only.

    The folder loses its write permission; root writes through permission bits, so for root the same calls the
    kernel would refuse on a read-only mount (creating a folder or a file under it) raise EROFS.
    """
    media.chmod(0o555)
    if os.geteuid() == 0:
        real_open, real_makedirs = os.open, os.makedirs

        def refusing_open(path, flags, *args, **kwargs):
            if _under(path, media) and flags & os.O_CREAT:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fsdecode(path))
            return real_open(path, flags, *args, **kwargs)

        def refusing_makedirs(path, *args, **kwargs):
            if _under(path, media) and not os.path.isdir(path):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fsdecode(path))
            return real_makedirs(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
        monkeypatch.setattr(os, "makedirs", refusing_makedirs)
    yield media
    media.chmod(0o755)


@pytest.fixture
def full_media(media, monkeypatch):
    """The media folder's disk full: a file can be created, but writing into it fails with ENOSPC."""
    real_fdopen = os.fdopen

    class FullFile:
        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.handle, name)

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        return FullFile(handle) if _under(os.readlink(f"/proc/self/fd/{fd}"), media) else handle

    monkeypatch.setattr(os, "fdopen", fdopen)
    return media
