"""When Python's cyclic garbage collector runs in the app: not in the middle of a key.

The app's modules, screens, widgets, loaded records and table rows (with Textual's caches for each cell)
live until the next reload. On a decade's history a full pass of the collector walked 140,000-290,000 such
objects and paused the app for 200-450 ms in the middle of a switch or a keystroke. So once a screen has
painted what it loaded, switched to or filtered, every object alive is frozen (``gc.freeze``: moved out of
the collector's reach, still freed as usual when its last reference goes), and the collector's passes walk
only what was made since. Objects frozen while alive that later become an unreachable reference cycle (a
finished worker, an event) would never be reclaimed, so when nobody has pressed a key for a while the app
unfreezes everything, collects once, and freezes again: a pause nobody is waiting on. Someone who keeps
pressing keys for minutes (a hostile tester's loop of switches, deletes and undos grew by 20 MiB a round)
gets the same sweep once the frozen objects have doubled since the last one, right after a screen has
painted: one pause of a few hundred milliseconds every few minutes of such use, and memory that stays put.
"""

from __future__ import annotations

import gc
import time

IDLE_SECONDS = 10.0  # no key or click for this long: a full collection may run
SWEEP_EVERY = 15.0  # how often the app looks for such a moment
GROWTH = 2.0  # frozen objects this many times those after the last sweep: sweep anyway
MIN_GROWTH = 500_000  # (and at least this many more: opening every screen once is not a reason)


class Collector:
    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self.frozen_since_sweep = 0
        self.closed = False
        self.after_sweep = 0  # objects frozen after the last sweep (or the first freeze)

    def settled(self) -> None:
        """A screen has painted new data: freeze what is alive now."""
        if self.closed:
            return
        gc.freeze()
        self.frozen_since_sweep += 1
        frozen = gc.get_freeze_count()
        if not self.after_sweep:  # the first freeze: the app's modules and first screen, the base line
            self.after_sweep = frozen
        elif frozen > max(GROWTH * self.after_sweep, self.after_sweep + MIN_GROWTH):
            self.sweep()

    def sweep(self) -> None:
        """Everything back in the collector's reach, one full collection, and frozen again."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.frozen_since_sweep = 0
        self.after_sweep = gc.get_freeze_count()

    def release(self) -> None:
        """The app is closing: whatever was frozen may be collected again."""
        gc.unfreeze()
        self.frozen_since_sweep = 0
        self.closed = True

    def input_seen(self) -> None:
        self.last_input = time.monotonic()

    def sweep_if_idle(self) -> bool:
        """Collect everything once, if there was a freeze since the last sweep and no input for a while."""
        if self.closed or not self.frozen_since_sweep or time.monotonic() - self.last_input < IDLE_SECONDS:
            return False
        self.sweep()
        return True
