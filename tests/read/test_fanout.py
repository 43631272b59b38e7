"""Jobs shared between this process and forked children come back complete and in order."""

from __future__ import annotations

import os
import sys
import time

import pytest

from monitor.read.fanout import MIN_JOBS_PER_PROCESS, fork_map, processes_for

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
can_fork = hasattr(os, "fork") and sys.platform != "darwin"


def square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


@needs_fork
@pytest.mark.parametrize("processes", [2, 3])
def test_results_come_back_in_the_order_of_the_items(processes: int) -> None:
    results = fork_map(square_and_pid, list(range(50)), processes)
    assert [square for square, _pid in results] == [n * n for n in range(50)]


def slow_square_and_pid(number: int) -> tuple[int, int]:
    time.sleep(0.2 if number == 0 else 0.005)
    return number * number, os.getpid()


@needs_fork
def test_children_do_part_of_the_work() -> None:
    pids = {pid for _square, pid in fork_map(slow_square_and_pid, list(range(20)), 2)}
    assert len(pids) == 2 and os.getpid() in pids


@needs_fork
def test_a_process_held_up_by_a_slow_job_does_fewer_of_the_rest() -> None:
    results = fork_map(slow_square_and_pid, list(range(20)), 2)
    held_up = results[0][1]
    done_by = [pid for _square, pid in results]
    assert done_by.count(held_up) < len(done_by) - done_by.count(held_up)


@needs_fork
def test_more_jobs_than_the_queue_has_tokens_all_come_back() -> None:
    jobs = list(range(20_000))
    assert [square for square, _pid in fork_map(square_and_pid, jobs, 2)] == [n * n for n in jobs]


@needs_fork
def test_one_process_does_everything_here() -> None:
    pids = {pid for _square, pid in fork_map(square_and_pid, list(range(20)), 1)}
    assert pids == {os.getpid()}


def fails_in_children(parent: int, number: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("a bug that only a child meets")
    return number + 1


@needs_fork
def test_jobs_a_child_failed_are_done_here() -> None:
    import functools

    job = functools.partial(fails_in_children, os.getpid())
    assert fork_map(job, list(range(30)), 2) == list(range(1, 31))


def fails_on_seven(number: int) -> int:
    if number == 7:
        raise ValueError("seven")
    return number


@needs_fork
def test_an_error_in_a_job_surfaces_here() -> None:
    with pytest.raises(ValueError, match="seven"):
        fork_map(fails_on_seven, list(range(30)), 2)


@pytest.mark.parametrize(("jobs", "cores", "expected"), [
    (1, 2, 1),
    (MIN_JOBS_PER_PROCESS * 2 - 1, 2, 1),
    (MIN_JOBS_PER_PROCESS * 2, 2, 2),
    (1000, 2, 2),
    (1000, 1, 1),
    (MIN_JOBS_PER_PROCESS * 3, 8, 3),
])
def test_processes_only_when_each_has_enough_jobs(jobs: int, cores: int, expected: int) -> None:
    assert processes_for(jobs, cores) == (expected if can_fork else 1)
