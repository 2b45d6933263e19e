"""A small process that runs the benchmarks' measured commands, so that each command's peak RSS
is its own.

A child forked from the benchmark itself (hundreds of MB once Django and the inputs are loaded)
starts with the benchmark's pages resident, and the kernel counts them in the child's peak RSS
even after it execs another program. Forked from this process instead (a bare Python, a few MB),
a command's peak is what it used. Start it before the benchmark grows:

    launcher = Launcher()          # first thing in the benchmark
    seconds, peak_mb, out = launcher.run(["qpdf", ...])
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

SERVE = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    command, environment = json.loads(line)
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, env=environment)
    output = child.stdout.read().decode()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    print(json.dumps([status, seconds, usage.ru_maxrss / 1024, output]), flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-S", "-c", SERVE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, command: list[str]) -> tuple[float, float, str]:
        """Wall seconds, peak RSS (MB) and standard output of ``command``, run with the
        benchmark's environment as it is now."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps([command, dict(os.environ)]) + "\n")
        self.process.stdin.flush()
        status, seconds, peak, output = json.loads(self.process.stdout.readline())
        if status != 0:
            raise SystemExit(f"{command[0]} failed (status {status})")
        return seconds, peak, output

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()
