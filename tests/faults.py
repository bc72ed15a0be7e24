"""Run ``baimo`` with a fault injected, for the fault tests: ``python tests/faults.py [baimo args]``.

``BAIMO_FAULT`` holds one rule (``WHAT|PATH|EFFECT``):

* ``replace|PATH|EFFECT`` — a rename (``os.replace``/``os.rename``) from or to ``PATH`` fails;
* ``write|PATH|EFFECT`` — opening a file at ``PATH`` for writing fails;

``PATH`` is absolute and may hold shell wildcards (``*/.build/staging-*/_site/*``);

``EFFECT`` is an errno name (``ENOSPC``: the disk is full; ``EACCES``: not writable; ``EROFS``) or
``KILL`` (the process is killed with SIGKILL at that moment, as a power cut or ``kill -9`` would).
Forked workers inherit the fault; kernels (separate programs) do not.
"""

import builtins
import errno
import io
import os
import signal
import sys
from fnmatch import fnmatchcase

WHAT, PATH, EFFECT = os.environ["BAIMO_FAULT"].split("|")


def _hit(*candidates) -> bool:
    return any(isinstance(c, (str, bytes, os.PathLike)) and fnmatchcase(os.path.abspath(os.fsdecode(c)), PATH)
               for c in candidates)


def _fail(path) -> None:
    if EFFECT == "KILL":
        os.kill(os.getpid(), signal.SIGKILL)
    code = getattr(errno, EFFECT)
    raise OSError(code, os.strerror(code), os.fsdecode(path))


def _renames(real):
    def fake(src, dst, *a, **k):
        if WHAT == "replace" and _hit(src, dst):
            _fail(dst if _hit(dst) else src)
        return real(src, dst, *a, **k)
    return fake


def _opens(real):
    def fake(file, mode="r", *a, **k):
        if WHAT == "write" and any(m in mode for m in "wax+") and isinstance(file, (str, bytes, os.PathLike)) \
                and _hit(file):
            _fail(file)
        return real(file, mode, *a, **k)
    return fake


os.replace, os.rename = _renames(os.replace), _renames(os.rename)
builtins.open = io.open = _opens(io.open)

if __name__ == "__main__":
    from baimo.cli import main

    sys.exit(main(sys.argv[1:]))
