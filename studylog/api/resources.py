"""Resources as both front ends show them."""

from __future__ import annotations

from collections.abc import Iterable


def topic_totals(counts: Iterable[tuple[str | None, int, int]]) -> dict[tuple[str, ...], list[int]]:
    """The topic tree: for each topic path and each of its parents ("gpus/kernels" counts under "gpus"
    too), [resources, done]; resources without a topic under "(no topic)". ``counts`` is
    (topic, resources, done) per topic, as services.resources.topic_counts gives it."""
    totals: dict[tuple[str, ...], list[int]] = {}
    for topic, total, done in counts:
        parts = tuple(topic.split("/")) if topic else ("(no topic)",)
        for depth in range(1, len(parts) + 1):
            entry = totals.setdefault(parts[:depth], [0, 0])
            entry[0] += total
            entry[1] += done
    return totals
