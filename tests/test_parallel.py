"""Batches spread over the CPUs come back in input order; the process collects as usual after."""

from __future__ import annotations

import gc
import os
import signal

import pytest

from certkit.parallel import WorkerDied, ordered_map


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_input_order(workers: int) -> None:
    items = list(range(300))
    results = list(ordered_map(_square_and_pid, items, workers=workers, threshold=10, chunksize=7))
    assert [value for value, _ in results] == [n * n for n in items]
    pids = {pid for _, pid in results}
    if workers == 1:
        assert pids == {os.getpid()}
    else:
        assert os.getpid() not in pids and len(pids) >= 1  # done in forked workers


def test_start_up_objects_are_frozen_only_during_the_batch() -> None:
    before = gc.get_freeze_count()
    batch = ordered_map(_square_and_pid, [1, 2, 3], workers=1, threshold=10)
    next(batch)
    assert gc.get_freeze_count() > before  # frozen while the batch runs
    list(batch)
    assert gc.get_freeze_count() == before  # a long-lived caller collects as usual afterwards


TEST_PROCESS = os.getpid()


def _poisoned(n: int) -> int:
    if n == 13:  # kills the process it runs in — never the test's own
        assert os.getpid() != TEST_PROCESS
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def _refuses(n: int) -> int:
    if n == 5:
        raise ValueError("five")
    return n


def test_an_item_that_kills_its_process_costs_only_its_answer() -> None:
    items = list(range(60))
    results = list(
        ordered_map(_poisoned, items, workers=2, threshold=10, chunksize=4, on_crash=lambda n: -n)
    )
    assert results == [-13 if n == 13 else n * n for n in items]
    with pytest.raises(WorkerDied):  # no answer given for it: the batch says so, never hangs
        list(ordered_map(_poisoned, items, workers=2, threshold=10, chunksize=4))


def test_an_exception_in_a_worker_is_raised_as_in_a_serial_run() -> None:
    with pytest.raises(ValueError, match="five"):
        list(ordered_map(_refuses, list(range(40)), workers=2, threshold=10, chunksize=3))


def test_stopping_early_ends_the_workers() -> None:
    batch = ordered_map(_square_and_pid, list(range(5000)), workers=2, threshold=10, chunksize=5)
    _, worker = next(batch)
    batch.close()
    assert not os.path.exists(f"/proc/{worker}")  # stopped and reaped, not left running
