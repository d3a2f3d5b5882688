"""Batches spread over the CPUs come back in input order; the process collects as usual after."""

from __future__ import annotations

import gc
import os

import pytest

from certkit.parallel import ordered_map


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
