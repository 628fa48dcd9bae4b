"""Progress of a long run on stderr: a live line with count and ETA on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time

WIDTH = 100
QUIET_SECONDS = 2.0  # a run shorter than this shows no progress at all
LOG_EVERY = 10.0  # seconds between plain lines when stderr is a file or a pipe


class Progress:
    """``step(path)`` after each file, ``done()`` at the end."""

    def __init__(self, total: int, lang: str, stream=None) -> None:
        self.total, self.zh, self.stream = total, lang == "zh", stream or sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.start = self.last = time.monotonic()
        self.count = 0
        self.shown = False

    def step(self, path: str) -> None:
        self.count += 1
        now = time.monotonic()
        if now - self.start < QUIET_SECONDS or self.count == self.total:
            return
        if self.live:
            self._write("\r" + self._line(now, path)[:WIDTH].ljust(WIDTH))
        elif now - self.last >= LOG_EVERY:
            self._write(self._line(now, "") + "\n")
            self.last = now

    def done(self) -> None:
        if self.live and self.shown:
            self._write("\r" + " " * WIDTH + "\r")

    def _line(self, now: float, path: str) -> str:
        rate = self.count / max(now - self.start, 1e-9)
        left = (self.total - self.count) / rate if rate else 0
        if self.zh:
            return f"检查中 {self.count}/{self.total}，每秒 {rate:.0f} 个，约 {left:.0f} 秒后完成 {path}"
        return f"checking {self.count}/{self.total}, {rate:.0f}/s, about {left:.0f} s left {path}"

    def _write(self, text: str) -> None:
        self.shown = True
        print(text, end="", file=self.stream, flush=True)
