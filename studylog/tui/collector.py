"""When Python's cyclic garbage collector runs in the app: not in the middle of a key.

The app's modules, screens, widgets, loaded records and table rows (with Textual's caches for each cell)
live until the next reload. On a decade's history a full pass of the collector walked 140,000-290,000 such
objects and paused the app for 200-450 ms in the middle of a switch or a keystroke. So once a screen has
painted what it loaded, filtered, or was switched back to, every object alive is frozen (``gc.freeze``:
moved out of the collector's reach, still freed as usual when its last reference goes), and the
collector's passes walk only what was made since (under 10 ms over 200 switches on the decade).

Objects frozen while alive that later become an unreachable reference cycle are never reclaimed while
frozen, and Textual makes such cycles at every switch (the throwaway nodes that work out a widget's styles,
its caches' linked lists): some 3,300 objects a switch on the decade. So the app unfreezes everything,
collects once, and freezes again at moments nobody is waiting on: after 10 s without a key or click; at the
first second without one once the frozen objects have grown by half and by 100,000 (some 30 quick
switches; such a sweep takes about half a second on the decade); and at once, in the middle of the keys,
only once they have grown fourfold and by a million (some 300 switches without a second's pause): memory
that stays put.
A screen's first paint is not such growth: what it loaded is alive and wanted (opening every screen of the
decade once brings some 600,000 objects alive, and a sweep over them took a second, in the middle of the
first round of visits), so the base line then moves up to what is frozen, and only what grows beyond the
screens already shown counts."""

from __future__ import annotations

import gc
import time

IDLE_SECONDS = 10.0  # no key or click for this long: a full collection may run
SWEEP_EVERY = 1.0  # how often the app looks for such a moment (a look is a comparison of two times)
GROWTH = 1.5  # frozen objects this many times those after the last sweep: sweep at a short pause
MIN_GROWTH = 100_000  # (and at least this many more)
DUE_IDLE = 1.0  # (that pause: no key or click for this long)
RUNAWAY = 4.0  # this many times, with no such pause meanwhile: sweep at once
RUNAWAY_GROWTH = 1_000_000  # (and at least this many more)
MAX_SCREENS = 64  # first paints that move the base line up (beyond: screens made again and again are growth)


class Collector:
    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self.frozen_since_sweep = 0
        self.closed = False
        self.after_sweep = 0  # objects frozen after the last sweep (or the first freeze, or a screen's first)
        self.due = False  # grown past GROWTH: sweep at the first DUE_IDLE seconds without a key
        self.screens_shown: set[int] = set()  # (ids of the screens held by the app: they live as long as it)

    def settled(self, screen: object = None) -> None:
        """A screen has painted new data: freeze what is alive now. The first paint of each ``screen`` moves
        the base line up instead (what it loaded is wanted, not growth)."""
        if self.closed:
            return
        gc.freeze()
        self.frozen_since_sweep += 1
        frozen = gc.get_freeze_count()
        first_paint = screen is not None and id(screen) not in self.screens_shown
        if first_paint and len(self.screens_shown) < MAX_SCREENS:
            self.screens_shown.add(id(screen))
        if not self.after_sweep or (first_paint and len(self.screens_shown) < MAX_SCREENS):
            # the first freeze (the app's modules and first screen), or a screen's first: the base line
            self.after_sweep = max(self.after_sweep, frozen)
        elif frozen > max(RUNAWAY * self.after_sweep, self.after_sweep + RUNAWAY_GROWTH):
            self.sweep()  # (no second without a key for that long: now, right after a paint)
        elif frozen > max(GROWTH * self.after_sweep, self.after_sweep + MIN_GROWTH):
            self.due = True  # at the first second without a key

    def sweep(self) -> None:
        """Everything back in the collector's reach, one full collection, and frozen again."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.frozen_since_sweep = 0
        self.due = False
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
        idle = DUE_IDLE if self.due else IDLE_SECONDS
        if self.closed or not self.frozen_since_sweep or time.monotonic() - self.last_input < idle:
            return False
        self.sweep()
        return True
