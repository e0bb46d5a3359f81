"""Reading a file in a child process with a memory limit and a time limit, so that no file can take down the
process serving people (the app's server, with every session in it) or hang a command.

A file can be small and well-formed and still make the native reader allocate gigabytes (a cell far away in the
sheet, a bomb the archive checks do not see), or abort. The child reads; the parent waits for its answer, and a
child that runs out of memory, dies or overruns its time becomes one plain sentence (`FatalInputError`). What the
child found (a `Submission`, or the sentence of a file that cannot be read) comes back through a pipe.

The app's server has threads, so its children start from a fork server that imported the reader once; a command
line is one thread and forks directly. Both start in milliseconds rather than re-importing pandas.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import resource
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessor.framework import Framework
from assessor.messages import FatalInputError
from assessor.read.limits import READ_ADDRESS_SPACE_BYTES, READ_MEMORY_BYTES, READ_SECONDS, READS_AT_ONCE

if TYPE_CHECKING:  # a command line forks its reader before it loads pandas
    from assessor.submission import Submission

LOG = logging.getLogger("assessor.read")
_lock = threading.RLock()
_turns = threading.BoundedSemaphore(READS_AT_ONCE)
_POLL_SECONDS = 0.05
_PAGE = resource.getpagesize()


def read_isolated(data: bytes | Path, framework: Framework, name: str, **bounds: Any) -> Submission:
    """`read_submission` in a child process, waited for: a `Reading` (its `memory`, `seconds` and `target`) at once."""
    return Reading(data, framework, name, **bounds).submission()


class Reading:
    """A file being read in a child process, started at once; `submission()` waits for what the child found.

    `data` is the file's bytes (an upload) or its path (the command line: the child reads it, the parent never holds
    it); the child may hold `memory` bytes resident and run `seconds`. `target` replaces the child's work (tests pass
    one that crashes); it must be importable by name. Between the start and `submission()` the parent may do other
    work: a command line loads pandas and the scoring while its child reads, so two cores share what one did in turn.
    """

    def __init__(
        self,
        data: bytes | Path,
        framework: Framework,
        name: str,
        *,
        memory: int = READ_MEMORY_BYTES,
        seconds: float = READ_SECONDS,
        target: Callable[[Connection, bytes | Path, Framework, str], None] | None = None,
    ) -> None:
        self.name, self.memory, self.seconds = name, memory, seconds
        self._answered = False
        _turns.acquire()  # its turn: at most READS_AT_ONCE children at a time; the time limit starts with the child
        try:
            context = _context()
            self._answer, send = context.Pipe(duplex=False)
            work = (send, data, framework, name)
            self._child = context.Process(target=_child, args=(target or _read_in_child, *work), daemon=True)
            with _no_main_script():
                self._child.start()
            send.close()
        except BaseException:
            _turns.release()
            raise

    def submission(self) -> Submission:
        """The `Submission` read, or `FatalInputError`: one sentence for a file that cannot be read, or that would
        take more memory or time than the child may have."""
        name, memory, child = self.name, self.memory, self._child
        try:
            _watch(child, self._answer, name, memory, self.seconds)
            try:
                kind, payload = pickle.loads(self._answer.recv_bytes())
            except (EOFError, OSError, pickle.UnpicklingError):
                # The child died before it could answer: the native reader aborted or ran out of memory.
                raise FatalInputError("read_too_large", name=name, limit=memory // 1024**2) from None
        finally:
            self._answer.close()
            if child.is_alive():
                child.kill()
            child.join(5)
            if not self._answered:
                self._answered = True
                _turns.release()
        if kind == "fatal":
            code, params = payload
            raise FatalInputError(code, **params)
        if kind == "failed":  # a fault of the reader, not of the file: logged for whoever runs it, and said so
            LOG.error("reading %s failed:\n%s", name, payload)
            raise FatalInputError("reader_failed", name=name)
        if kind == "memory":
            raise FatalInputError("read_too_large", name=name, limit=memory // 1024**2)
        return payload


def _watch(
    child: multiprocessing.process.BaseProcess, answer: Connection, name: str, memory: int, seconds: float
) -> None:
    """Until the child answers or dies: stopped when its resident memory passes `memory` or its time `seconds`."""
    deadline = time.monotonic() + seconds
    while not answer.poll(_POLL_SECONDS):
        if not child.is_alive():
            return
        if _resident(child.pid) > memory:
            child.kill()
            raise FatalInputError("read_too_large", name=name, limit=memory // 1024**2)
        if time.monotonic() > deadline:
            child.kill()
            raise FatalInputError("read_too_long", name=name, seconds=round(seconds))


def _resident(pid: int | None) -> int:
    """The process's resident memory in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _child(
    work: Callable[[Connection, bytes | Path, Framework, str], None],
    send: Connection,
    data: bytes | Path,
    framework: Framework,
    name: str,
) -> None:
    """The child's bounds, then its work. What a native reader prints as it dies (Rust's allocation failure, a
    backtrace) is not for the person: the parent says what happened in one sentence, and the child's own faults come
    back through the pipe and are logged."""
    os.environ["RUST_BACKTRACE"] = "0"
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    # Should the machine run out of memory, the kernel stops this reader rather than the server it serves.
    with contextlib.suppress(OSError), open("/proc/self/oom_score_adj", "w") as adj:
        adj.write("1000")
    # A hard stop for an allocation too fast for the watch: address space, which counts reservations, set well above.
    # Only ever lowered: a process already held to less (a container, `ulimit -v`) keeps its own bound.
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = min(x for x in (READ_ADDRESS_SPACE_BYTES, soft, hard) if x != resource.RLIM_INFINITY)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    work(send, data, framework, name)


def _read_in_child(send: Connection, data: bytes | Path, framework: Framework, name: str) -> None:
    from assessor.read.sheets import read_submission

    try:
        answer: tuple[str, object] = ("ok", read_submission(data, framework, name))
    except FatalInputError as err:
        answer = ("fatal", (err.code, err.params))
    except MemoryError:
        answer = ("memory", None)
    except Exception:
        answer = ("failed", traceback.format_exc())
    try:
        send.send_bytes(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    except MemoryError:
        send.send_bytes(pickle.dumps(("memory", None)))
    send.close()


@contextmanager
def _no_main_script() -> Iterator[None]:
    """multiprocessing asks a new child to import the parent's `__main__` first. Under Streamlit that is the app's
    script (each run installs it as `__main__`), so every read would first run the whole app in the child; the child
    is started while `__main__` is a module of no file, and the app's module is put back unless a run replaced it."""
    with _lock:
        previous = sys.modules.get("__main__")
        stand_in = types.ModuleType("__main__")
        sys.modules["__main__"] = stand_in
        try:
            yield
        finally:
            if sys.modules.get("__main__") is stand_in and previous is not None:
                sys.modules["__main__"] = previous


def _context() -> multiprocessing.context.BaseContext:
    """Fork where this is the only thread (a command line); else a fork server that imported the reader once."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    with _lock:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["assessor.read.sheets", "assessor.read.guard"])
        return context
