"""Write user-named output files so that nothing already on disk is ever destroyed by mistake.

Every output goes to a temporary file in the target's folder and replaces the target by one
atomic rename, so a full disk or a kill leaves the old file (or none) and never half a file.
A target that is the database (or its -wal/-shm/-journal files, also through a symlink) is
refused, and so is an existing file that the caller does not recognise as its own earlier
output, unless `force` is given.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.errors import OutputError

SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")
FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_target(target: Path, protect: Iterable[Path] = ()) -> Path:
    """The real path to write for `target`; raises OutputError for a folder or a protected file."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(f"{target} is a folder: give a file name, e.g. {target / 'export.jsonl'}")
    for db in protect:
        for suffix in SQLITE_SIDE_FILES:
            guarded = Path(f"{db}{suffix}")
            if _same(target, guarded):
                raise OutputError(
                    f"refusing to write to {target}: it is the database {db}"
                    + (f" (its {suffix} file)" if suffix else "")
                    + "; give another --out path"
                )
    return Path(os.path.realpath(target))


def _mode(real: Path) -> int:
    try:
        return stat.S_IMODE(real.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(
    target: Path,
    text: str,
    *,
    protect: Iterable[Path] = (),
    force: bool = False,
    replaceable: Callable[[Path], bool] | None = None,
) -> Path:
    """Write `text` (UTF-8) to `target` through a temporary file and an atomic rename.

    An existing target is replaced only when `force` is set or `replaceable(path)` says it is
    an earlier output of ours. Returns the path written. Raises OutputError (exit code 13).
    """
    real = check_target(target, protect)
    if real.exists() and not force and not (real.is_file() and replaceable and replaceable(real)):
        raise OutputError(
            f"{target} exists and is not an earlier export: give --force to overwrite it, "
            "or another --out path"
        )
    if real.exists() and not real.is_file():
        raise OutputError(f"{target} is not a regular file: give another --out path")
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as err:
        raise _os_error(target, err) from err
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(scratch, _mode(real))
        os.replace(scratch, real)
    except OSError as err:
        _discard(scratch)
        raise _os_error(target, err) from err
    except BaseException:
        _discard(scratch)
        raise
    return real


def _discard(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _os_error(target: Path, err: OSError) -> OutputError:
    if err.errno in FULL:
        return OutputError(
            f"cannot write {target}: the disk is full or the file is over a size limit "
            f"({err.strerror}); free some space and run again (the old file, if any, is kept)"
        )
    return OutputError(f"cannot write {target}: {err.strerror or err}; give another path")
