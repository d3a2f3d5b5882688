"""Spread a batch over the machine's cores, keeping the input order.

Batches (inspect on a big bundle, check on a directory, dn-match on a CSV) are CPU-bound Python:
one process per core is the only way past one core. Worker processes are forked, so they inherit
everything the parent already imported and read (catalogue, profile, passwords) at no cost.

Each worker has a pipe of its own and one piece of work at a time, so a worker that dies (the
out-of-memory killer, a signal, a crash inside a library) is seen at once — its pipe ends — and
costs nothing but the piece it held, which runs again alone. ``multiprocessing.Pool`` waits
forever for a task its dead worker took along, and ``ProcessPoolExecutor`` can hang when a
worker dies while it writes a result to the queue all workers share (its lock dies held).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers(limit: int = 4) -> int:
    """The CPUs this process may use, at most ``limit``."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    return max(1, min(limit, available))


class WorkerDied(Exception):
    """A worker process died while it ran an item alone: killed (the out-of-memory killer, a
    signal) or crashed inside a library."""


def ordered_map(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int,
    threshold: int,
    chunksize: int | None = None,
    on_crash: Callable[[T], R] | None = None,
) -> Generator[R, None, None]:
    """``func`` over ``items`` in order: in this process for small batches (fewer than
    ``threshold`` items, or one worker), else in ``workers`` forked processes.

    A worker that dies loses nothing: it is replaced, and the piece of work it held runs alone in
    a process of its own (its items one by one if it dies again). An item that kills even its own
    process gets ``on_crash(item)`` as its answer (:class:`WorkerDied` is raised without it), so
    one poisonous input costs one answer, never the batch.

    ``func`` must be a module-level function (it is pickled by reference).
    """
    import gc

    # What the batch was set up with (modules, catalogue, CA store) lives as long as it: frozen,
    # the collector stops re-scanning it every few hundred allocations, and forked workers stop
    # touching (and so copying) its pages: 1.6 % of a check batch's instructions. Unfrozen after
    # the batch, so a longer-lived caller collects as usual.
    gc.freeze()
    try:
        if workers <= 1 or len(items) < threshold or not hasattr(os, "fork"):
            for item in items:
                yield func(item)
            return
        size = chunksize or max(1, min(512, len(items) // (workers * 8) or 1))
        tasks = [items[i : i + size] for i in range(0, len(items), size)]
        yield from _pooled(func, tasks, min(workers, len(tasks)), on_crash)
    finally:
        gc.unfreeze()


def _follow_parent(parent: int) -> None:
    """In a worker, first: die with the process that started it (it holds what it inherited:
    a database connection, open files). Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``; elsewhere
    its pipe's end of file stops it when it next waits for work. Ctrl-C is the parent's to
    handle: the workers ignore SIGINT and follow."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _serve(conn: Any, func: Callable[[Any], Any], parent: int) -> None:
    """A worker's life: take a piece of work, send back its answers (or the exception ``func``
    let through), until the pipe ends or says ``None``."""
    _follow_parent(parent)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        try:
            reply: tuple[int, Any, BaseException | None] = (index, _apply(func, task), None)
        except Exception as exc:  # the parent raises it, as a serial run would
            reply = (index, None, exc)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        except Exception as exc:  # an answer or an exception that does not pickle
            conn.send((index, None, RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Worker:
    __slots__ = ("conn", "process", "task")

    def __init__(self, context: Any, func: Callable[[Any], Any]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, func, os.getpid()))
        self.process.daemon = True
        self.process.start()
        child.close()  # the worker's end lives in the worker alone: its death ends the pipe
        self.task: int | None = None

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.conn.close()


def _pooled(
    func: Callable[[T], R],
    tasks: list[Sequence[T]],
    workers: int,
    on_crash: Callable[[T], R] | None,
) -> Iterator[R]:
    import multiprocessing
    from collections import deque
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    pending = deque(range(len(tasks)))
    answered: dict[int, list[R]] = {}
    pool = [_Worker(context, func) for _ in range(workers)]
    following = 0  # the next task to yield, in order
    try:
        while following < len(tasks):
            for position, worker in enumerate(pool):
                if worker.task is None and pending:
                    task = pending.popleft()
                    try:  # an idle worker waits in recv: this send never blocks
                        worker.conn.send((task, tasks[task]))
                        worker.task = task
                    except OSError:  # it died idle: replaced, the task waits for the next turn
                        pending.appendleft(task)
                        worker.conn.close()
                        worker.process.join()
                        pool[position] = _Worker(context, func)
            while following in answered:
                yield from answered.pop(following)
                following += 1
            busy = {worker.conn: worker for worker in pool if worker.task is not None}
            if not busy:
                continue
            for conn in wait(list(busy)):
                worker = busy[conn]
                try:
                    reply: tuple[int, list[R], BaseException | None] = worker.conn.recv()
                except (EOFError, OSError):  # it died: replaced, and its piece runs alone
                    lost = worker.task
                    assert lost is not None
                    worker.conn.close()
                    worker.process.join()
                    pool[pool.index(worker)] = _Worker(context, func)
                    answered[lost] = _alone(func, tasks[lost], on_crash)
                    continue
                index, answers, error = reply
                if error is not None:
                    raise error
                worker.task = None
                answered[index] = answers
    finally:
        for worker in pool:
            worker.stop()
        for worker in pool:
            if worker.task is not None:  # the caller stopped early: no need to finish
                worker.process.terminate()
            worker.process.join()


def _alone(func: Callable[[T], R], task: Sequence[T], on_crash: Callable[[T], R] | None) -> list[R]:
    """``task`` in a process of its own; if that process dies too, :func:`each_alone`."""
    try:
        return run_alone(_apply, func, task)
    except WorkerDied:
        if len(task) == 1:  # that item, alone, kills its process
            if on_crash is None:
                raise
            return [on_crash(task[0])]
    return each_alone(func, task, on_crash)


def each_alone(
    func: Callable[[T], R], items: Sequence[T], on_crash: Callable[[T], R] | None
) -> list[R]:
    """Each of ``items`` in a process of its own (:func:`run_alone`), and ``on_crash(item)`` for
    an item that kills even that (:class:`WorkerDied` is raised without it)."""
    answers: list[R] = []
    for item in items:
        try:
            answers.append(run_alone(func, item))
        except WorkerDied:
            if on_crash is None:
                raise
            answers.append(on_crash(item))
    return answers


def _apply(func: Callable[[T], R], task: Sequence[T]) -> list[R]:
    return [func(item) for item in task]


def _answer_once(conn: Any, func: Callable[..., Any], args: tuple[Any, ...], parent: int) -> None:
    _follow_parent(parent)
    try:
        reply: tuple[Any, BaseException | None] = (func(*args), None)
    except Exception as exc:  # raised again in the parent
        reply = (None, exc)
    conn.send(reply)


def run_alone(func: Callable[..., R], *args: Any) -> R:
    """``func(*args)`` in a forked process of its own; :class:`WorkerDied` if that process dies
    before it answers."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    conn, child = context.Pipe(duplex=False)
    process = context.Process(target=_answer_once, args=(child, func, args, os.getpid()))
    process.daemon = True
    process.start()
    child.close()
    try:
        answer, error = conn.recv()
    except (EOFError, OSError):
        raise WorkerDied from None
    finally:
        conn.close()
        process.join()
    if error is not None:
        raise error
    result: R = answer
    return result
