"""One way for every benchmark to report a measurement next to its goal: the median, the spread (the
lowest and highest of the runs) and whether the goal is met. A miss is printed as MISS, never hidden.

    from goals import Timing, report
    t = Timing.of(fn, runs=15)          # medians of repeated in-process calls, in milliseconds
    print(report("search 'the', 30 years", t.values, goal=10, unit="ms"))
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    values: list[float]

    @classmethod
    def of(cls, fn: Callable[[], object], runs: int = 15, warmup: int = 1) -> Timing:
        """Milliseconds of ``runs`` calls of ``fn`` after ``warmup`` calls."""
        for _ in range(warmup):
            fn()
        values = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            values.append((time.perf_counter() - t0) * 1000)
        return cls(values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)


def _number(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def report(label: str, values: Sequence[float] | float, *, goal: float, unit: str = "ms",
           at_least: bool = False) -> str:
    """``label: median (goal <= goal) met|MISS, spread low-high over n runs``. ``at_least`` for goals that
    are floors rather than ceilings."""
    runs = [values] if isinstance(values, (int, float)) else list(values)
    median = statistics.median(runs)
    met = median >= goal if at_least else median <= goal
    sign = ">=" if at_least else "<="
    spread = (f", spread {_number(min(runs), unit)}-{_number(max(runs), unit)} over {len(runs)} runs"
              if len(runs) > 1 else "")
    return f"    {label}: {_number(median, unit)} (goal {sign} {_number(goal, unit)}) {'met' if met else 'MISS'}{spread}"
