"""Share a batch of independent jobs (one file each) between this process and forked copies of
it, one per spare core, and get the results back in order.

`monitor parse` over many files is bound by one core. A forked child starts with everything the
parent has loaded (settings, site profiles, the compiled district gazetteer), so a second core
costs a few milliseconds instead of a second start-up of a quarter of a second. Jobs are dealt
out by index in turn (neighbouring files are often alike in size), each child sends its results
back pickled through a pipe once it is done, and the parent reads them after doing its own
share. Where there is no fork (Windows; macOS is left out too), or a child fails part-way, the
parent does the jobs that are missing itself, so an error in a job surfaces in the parent as it
would without forks.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["MIN_JOBS_PER_PROCESS", "fork_map", "processes_for"]

T = TypeVar("T")
R = TypeVar("R")

# Below this many jobs for each process, forking and pickling the results back cost more than
# the second core gives (a page takes 2-4 ms to read; a fork and its page faults about 10 ms).
MIN_JOBS_PER_PROCESS = 8


def processes_for(jobs: int, cores: int | None = None) -> int:
    """How many processes (this one included) share ``jobs``: one per core the process may run
    on, as long as each gets ``MIN_JOBS_PER_PROCESS``; 1 means do them all here."""
    if not _can_fork():
        return 1
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, jobs // MIN_JOBS_PER_PROCESS))


def _can_fork() -> bool:
    """Fork where it is the system's way of starting processes: not on Windows (there is none)
    nor on macOS, whose system libraries are not safe in a forked child."""
    return hasattr(os, "fork") and sys.platform != "darwin"


@dataclass(frozen=True)
class _Child:
    pid: int
    reader: int  # the read end of the pipe the child writes its results into


def fork_map(job: Callable[[T], R], items: Sequence[T], processes: int) -> list[R]:
    """``[job(item) for item in items]``, shared between ``processes`` processes.

    ``job`` should not raise for the input it is given (return the error as a value instead);
    if it does in a child, the parent runs that item and the child's later ones itself."""
    if processes < 2 or len(items) < 2:
        return [job(item) for item in items]
    gc.freeze()  # the children's collector then leaves the inherited objects (and pages) alone
    try:
        children = [_fork(job, items, range(k, len(items), processes)) for k in range(1, processes)]
    finally:
        gc.unfreeze()
    results: dict[int, R] = {}
    try:
        for index in range(0, len(items), processes):
            results[index] = job(items[index])
    finally:
        for child in children:
            results.update(_collect(child))
    for index in range(len(items)):
        if index not in results:  # a child that failed: its jobs are done here
            results[index] = job(items[index])
    return [results[index] for index in range(len(items))]


def _fork(job: Callable[[T], R], items: Sequence[T], share: range) -> _Child:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return _Child(pid, reader)
    import pickle  # here and in _collect: a single file never pays for it

    os.close(reader)  # the child: do the share, send it, and leave without running any exit hook
    done: list[tuple[int, R]] = []
    try:
        for index in share:
            done.append((index, job(items[index])))
    except BaseException:  # the parent redoes the rest, and meets the error itself
        pass
    try:
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)


def _collect(child: _Child) -> dict[int, R]:
    """What one child sent; nothing when it died before sending."""
    import pickle

    try:
        with os.fdopen(child.reader, "rb") as pipe:
            payload = pipe.read()
    finally:
        os.waitpid(child.pid, 0)
    try:
        return dict(pickle.loads(payload)) if payload else {}
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return {}
