"""Work spread over worker processes, results taken back in order (import and reindex)."""

from __future__ import annotations

import gc
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def _start_worker(prepare: Callable[[], object] | None) -> None:
    # Ctrl-C is the main process's to handle: it rolls back and shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if prepare is not None:
        prepare()
    # A worker lives to run one function: what it has loaded by now (modules, word
    # lists) lives as long as it does, and the garbage collector's passes over those
    # objects are wasted (1.6 % of an import's parsing, in instructions). Frozen, they
    # are passed over. Never in the main process, whose objects come and go.
    gc.freeze()


def in_order(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    ahead: int,
    prepare: Callable[[], object] | None = None,
) -> Iterator[tuple[Item, Future[Result]]]:
    """``function`` over ``items`` in worker processes: (item, future) pairs in order.

    At most ``ahead`` items are in flight, and the next item is only drawn from
    ``items`` once the caller has taken an earlier pair, so a lazy ``items`` is
    read at the pace results are used. If the caller stops early (an error,
    Ctrl-C), work not yet started is cancelled. If a worker dies, the futures in
    flight raise BrokenProcessPool and later items go to a fresh pool. ``prepare``
    runs first in each worker (to load what ``function`` reads).
    """
    pool = _new_pool(workers, prepare)
    pending: deque[tuple[Item, Future[Result]]] = deque()
    finished = False
    try:
        for item in items:
            try:
                future = pool.submit(function, item)
            except BrokenProcessPool:
                # A worker died: the futures it broke raise BrokenProcessPool for
                # the caller to redo; the items still to come go to a new pool.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(workers, prepare)
                future = pool.submit(function, item)
            pending.append((item, future))
            if len(pending) >= ahead:
                yield pending.popleft()
        while pending:
            yield pending.popleft()
        finished = True
    finally:
        if not finished:
            # Stopped early (Ctrl-C, an error): a worker busy with a slow file must
            # not hold the user up, so the workers are ended, not waited for.
            _terminate(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(workers: int, prepare: Callable[[], object] | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(prepare,))


def _terminate(pool: ProcessPoolExecutor) -> None:
    # concurrent.futures has no public way to end its workers before Python 3.14
    # (terminate_workers); their processes are at hand all the same.
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()
