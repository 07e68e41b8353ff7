"""`PeakRss`: the highest resident memory of a process (and its children) while a block runs,
sampled in a thread: how the tests check that something does not bloat a process."""

from __future__ import annotations

import threading

import psutil


class PeakRss:
    def __init__(self, pid: int | None = None, *, every_s: float = 0.002) -> None:
        root = psutil.Process(pid)
        self.processes = [root, *root.children(recursive=True)] if pid is not None else [root]
        self.every_s = every_s
        self.before = self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _rss(self) -> int:
        total = 0
        for process in self.processes:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            self._stop.wait(self.every_s)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def grew_mb(self) -> float:
        return (self.peak - self.before) / 2**20
