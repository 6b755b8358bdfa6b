"""`vpcdocs paths --format json` on several cores: the same bytes as the serial way, sooner.

Analysing, pricing and writing 100,000 flows is a minute of CPU that parts into independent
pieces, except for one total: tiered prices depend on the design's regional volumes (through
interface endpoints, out to the internet), which every flow adds to (`pricing.volumes`). So:

1. the flows, sorted by name as the document lists them, are cut into contiguous ranges, one
   per process; this process takes the first, forked children (sharing the loaded topology,
   copy on write) the others;
2. each analyses its range and sends back what each flow adds to the volumes
   (`volume_events`, in flow order); this process joins them in range order and adds them up
   (`volumes_of`): the very floats the serial way adds, in the same order;
3. each prices its range with those volumes and checks its rates; only when every range is
   priced does anything get written: this process writes the head of the document and its own
   flows, then the text each child wrote to its own temporary file, in range order.

When it cannot go that way (no `fork`, one CPU, few flows, `VPCDOCS_SERIAL` set, a design that
cannot be priced, a child that failed) `start` gives None, before anything is written, and the
command takes the serial way, which also reports the problem as usual.

tests/test_paths_parallel.py checks that the output equals the serial output on every design
of the repository and on generated designs, split in two and in three.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from types import MappingProxyType
from typing import IO, Any

from vpcdocs.analysis.paths.analyse import analyse_spec
from vpcdocs.analysis.pricing.known import UnknownPriceError, table_for
from vpcdocs.analysis.pricing.priced import price_flows
from vpcdocs.analysis.pricing.table import PriceTable
from vpcdocs.analysis.pricing.volumes import VolumeEvent, Volumes, volume_events, volumes_of
from vpcdocs.analysis.result import FlowResult
from vpcdocs.commands.flow_json import flow_text
from vpcdocs.fs.cores import SERIAL_ENV, cores, serial
from vpcdocs.model import Topology

__all__ = ["MIN_FLOWS", "SERIAL_ENV", "ParallelPaths", "workers_for"]

#: Set (to anything but the empty string) to analyse in one process.
#: Below this many flows a second process costs more than it saves.
MIN_FLOWS = 2000
_MAX_WORKERS = 4
_HEAD = '{\n  "vpcdocs": 1,\n  "flows": [\n'
_TAIL = "\n  ]\n}\n"
_BLOCK = 1 << 20


def workers_for(flows: int) -> int:
    """How many processes to analyse `flows` flows with (1: the serial way)."""
    if serial() or not hasattr(os, "fork") or flows < MIN_FLOWS:
        return 1
    return max(1, min(cores(), _MAX_WORKERS))


def _ranges(names: list[str], parts: int) -> list[list[str]]:
    size, extra = divmod(len(names), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(names[start:end])
        start = end
    return out


def _text_file() -> IO[str]:
    # lone surrogates are valid in the document's text (json writes them as they are)
    raw = tempfile.TemporaryFile()  # noqa: SIM115  # closed by ParallelPaths
    return io.TextIOWrapper(raw, encoding="utf-8", errors="surrogatepass", newline="")


def _flow_text(result: FlowResult) -> str:
    return flow_text(result, "    ")


@dataclass
class _Child:
    pid: int
    conn: Connection
    out: IO[str]


def _child(conn: Connection, topology: Topology, names: list[str], table: PriceTable,
           out: IO[str]) -> None:
    """A forked child's whole life: analyse, report the volumes, price, write when told."""
    code = 0
    try:
        results = tuple(analyse_spec(topology, topology.flows[n]) for n in names)
        conn.send(volume_events(results))
        sent = conn.recv()
        if sent is not None:
            vols = Volumes(*(MappingProxyType(totals) for totals in sent))
            try:
                priced: tuple[FlowResult, ...] | None = price_flows(topology, results, table,
                                                                    vols)
            except (UnknownPriceError, ValueError):
                priced = None
            conn.send(priced is not None)
            if priced is not None and conn.recv():
                for result in priced:
                    out.write(",\n    " + _flow_text(result))
                out.flush()
                conn.send(True)
    except BaseException:  # reported to the parent, which goes the serial way
        code = 1
        with contextlib.suppress(Exception):  # else the parent sees the closed pipe
            conn.send(("failed", traceback.format_exc()))
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers


class ParallelPaths:
    """The document's text made by `workers` processes (see the module)."""

    def __init__(self, first: tuple[FlowResult, ...], children: list[_Child]) -> None:
        self._first = first
        self._children = children

    @classmethod
    def start(cls, topology: Topology, workers: int) -> ParallelPaths | None:
        """Analyse and price every flow in `workers` processes; None (with nothing written and
        every child gone) when that cannot be done and the serial way must be taken."""
        names = sorted(topology.flows)
        workers = min(workers, len(names))
        if workers < 2 or not hasattr(os, "fork"):
            return None
        try:
            table = table_for(topology)
        except (UnknownPriceError, ValueError):
            return None
        ranges = _ranges(names, workers)
        children: list[_Child] = []
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # children share the loaded objects without copying them for the collector
        try:
            for part in ranges[1:]:
                ours, theirs = Pipe()
                out = _text_file()
                try:
                    pid = os.fork()
                except OSError:  # no more processes: what was started stops
                    ours.close()
                    theirs.close()
                    out.close()
                    cls((), children).close()
                    return None
                if pid == 0:  # pragma: no cover  # the child (coverage does not follow it)
                    ours.close()
                    _child(theirs, topology, part, table, out)
                theirs.close()
                children.append(_Child(pid, ours, out))
        finally:
            gc.unfreeze()
        made = cls((), children)
        try:
            first = made._run(topology, ranges[0], table)
        except BaseException:
            made.close()
            raise
        if first is None:
            made.close()
            return None
        made._first = first
        return made

    def _run(self, topology: Topology, names: list[str],
             table: PriceTable) -> tuple[FlowResult, ...] | None:
        results = tuple(analyse_spec(topology, topology.flows[n]) for n in names)
        events: list[VolumeEvent] = volume_events(results)
        for child in self._children:
            got = _receive(child)
            if not isinstance(got, list):
                return None
            events += got
        vols = volumes_of(events)
        sent = (dict(vols.interface_gb), dict(vols.egress_gb))  # a mappingproxy does not pickle
        for child in self._children:
            child.conn.send(sent)
        try:
            priced = price_flows(topology, results, table, vols)
        except (UnknownPriceError, ValueError):
            return None
        oks = [_receive(child) for child in self._children]
        if not all(ok is True for ok in oks):
            return None
        return priced

    def chunks(self) -> Iterator[str]:
        """The document's text, in pieces (as `json_chunks` gives it)."""
        try:
            for child in self._children:
                child.conn.send(True)  # write now
            yield _HEAD
            for i, result in enumerate(self._first):
                yield ("    " if i == 0 else ",\n    ") + _flow_text(result)
            for child in self._children:
                if _receive(child) is not True:
                    raise RuntimeError("vpcdocs paths: a worker process failed")
                child.out.seek(0)
                while block := child.out.read(_BLOCK):
                    yield block
            yield _TAIL
        finally:
            self.close()

    def close(self) -> None:
        """Tell the children that are still waiting to stop, and wait for them."""
        for child in self._children:
            with contextlib.suppress(OSError):  # a child that has finished
                child.conn.send(None)
            child.conn.close()
            os.waitpid(child.pid, 0)
            child.out.close()
        self._children = []


def _receive(child: _Child) -> Any:
    try:
        return child.conn.recv()
    except (EOFError, OSError):
        return None
