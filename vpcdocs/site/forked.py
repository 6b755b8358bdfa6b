"""Rendering many pages on every core: forked workers that inherit the analysed design.

Rendering a thousand pages from their templates is one of the largest parts of `generate` on an
estate-sized design, and it is one page after another in one process. Each page is independent
once the design is analysed, so `map_forked` renders contiguous slices of the list in workers
forked from this process (they inherit the design and the page contexts as they are: nothing is
pickled on the way in) while this process renders the first slice; the results come back in
order, so the output is byte for byte the serial one (`tests/test_site_forked.py`).

A worker never reports its own exception: it says where it stopped, and this process computes
that item again itself, so an error is raised here exactly as the serial path raises it (the
first failing item in order). `VPCDOCS_SERIAL=1` keeps it all here. Used only where fork exists (not on Windows or macOS's default
"spawn"), for at least `MIN_PER_WORKER` items a worker, and only when the caller asks for more
than one job: the library default (`vpcdocs.api.pages`, the MkDocs plugin) stays serial, since
forking a process that runs other threads (a server, a live reload) is not ours to do.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from vpcdocs.fs.cores import cores, serial

__all__ = ["MIN_PER_WORKER", "cores", "map_forked"]  # cores: re-exported for the callers

T = TypeVar("T")
R = TypeVar("R")

#: Fewer items than this a worker: forking costs more than it saves.
MIN_PER_WORKER = 150

# What the workers run, set just before they are forked (they inherit it) and cleared after.
_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _run_slice(start: int, stop: int) -> tuple[list[Any], int | None]:
    """In a worker: the results of items[start:stop], and the index of the item that failed
    (its results stop there), or None."""
    assert _work is not None
    function, items = _work
    done: list[Any] = []
    for index in range(start, stop):
        try:
            done.append(function(items[index]))
        except Exception:
            return done, index
    return done, None


def map_forked(function: Callable[[T], R], items: Sequence[T], *, jobs: int) -> list[R]:
    """`[function(x) for x in items]`, on up to `jobs` processes (this one included)."""
    workers = 1 if serial() else min(jobs, len(items) // MIN_PER_WORKER)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(x) for x in items]
    bounds = [len(items) * k // workers for k in range(workers + 1)]
    global _work
    _work = (function, items)
    try:
        pool = ProcessPoolExecutor(max_workers=workers - 1,
                                   mp_context=multiprocessing.get_context("fork"))
        try:
            futures = [pool.submit(_run_slice, bounds[k], bounds[k + 1])
                       for k in range(1, workers)]
            out = [function(x) for x in items[:bounds[1]]]
            for k, future in enumerate(futures, start=1):
                try:
                    done, failed = future.result()
                except Exception:  # the worker died or its results did not come back whole
                    done, failed = [], bounds[k]
                out.extend(done)
                if failed is not None:  # from there on here: an error is raised as serially
                    out.extend(function(x) for x in items[failed:bounds[k + 1]])
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        _work = None
    return out
