"""Share a batch of independent jobs (one file each) between this process and forked copies of
it, one per spare core, and get the results back in order.

`monitor parse` over many files is bound by one core. A forked child starts with everything the
parent has loaded (settings, site profiles, the compiled district gazetteer), so a second core
costs a few milliseconds instead of a second start-up of a quarter of a second. Jobs are taken
from a shared queue in small batches by whichever process is free, each child sends its results
back pickled through a pipe once the queue is empty, and the parent reads them after doing its
own part. Where there is no fork (Windows; macOS is left out too), or a child fails part-way, the
parent does the jobs that are missing itself, so an error in a job surfaces in the parent as it
would without forks.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
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
    queue = _JobQueue(len(items))
    gc.freeze()  # the children's collector then leaves the inherited objects (and pages) alone
    try:
        children = [_fork(job, items, queue) for _ in range(1, processes)]
    finally:
        gc.unfreeze()
    results: dict[int, R] = {}
    try:
        for index in queue.take():
            results[index] = job(items[index])
    finally:
        queue.close()
        for child in children:
            results.update(_collect(child))
    for index in range(len(items)):
        if index not in results:  # a child that failed: its jobs are done here
            results[index] = job(items[index])
    return [results[index] for index in range(len(items))]


class _JobQueue:
    """Jobs handed out one batch at a time to whichever process asks first, so a process that
    meets a few large pages does fewer of the rest (a fixed share left one core idle for a
    tenth of the run). The batches are numbered tokens written into a pipe before any fork and
    its write end closed: a read of one token's bytes is atomic, each token is read by exactly
    one process, and the pipe's end tells every process that nothing is left."""

    TOKEN = 4  # bytes per batch number
    # 4 KiB of tokens: what any pipe holds (a Linux pipe shrinks to one page when its user has
    # many pipes open), so writing them all before anyone reads can never block.
    MOST_TOKENS = 1024

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.batch = -(-jobs // self.MOST_TOKENS)
        self.reader, writer = os.pipe()
        tokens = b"".join(k.to_bytes(self.TOKEN, "big") for k in range(-(-jobs // self.batch)))
        try:
            os.write(writer, tokens)
        finally:
            os.close(writer)

    def take(self) -> Iterator[int]:
        """The indices of the jobs this process is to do, one batch after another."""
        while token := os.read(self.reader, self.TOKEN):
            start = int.from_bytes(token, "big") * self.batch
            yield from range(start, min(self.jobs, start + self.batch))

    def close(self) -> None:
        os.close(self.reader)


def _fork(job: Callable[[T], R], items: Sequence[T], queue: _JobQueue) -> _Child:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return _Child(pid, reader)
    import pickle  # here and in _collect: a single file never pays for it

    os.close(reader)  # the child: do its jobs, send them, and leave without running any exit hook
    done: list[tuple[int, R]] = []
    try:
        for index in queue.take():
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
