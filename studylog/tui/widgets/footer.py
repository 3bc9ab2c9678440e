"""The screens' footer: Textual's, rebuilt only when what it shows changes, and without the keys it kept.

Textual's ``Footer`` rebuilds its keys whenever the screen's bindings change (every switch to the screen,
every focus change), and binds each new ``FooterKey`` to its own ``compact`` with ``data_bind``. The
binding is a watcher stored on the footer, which Textual removes only when ``compact`` changes, and ours
never does: so each footer kept every key it had ever made, with their styles and caches (some 2,000
objects a switch, textual#6666, open at Textual 8.2). Over a few hundred switches they made the garbage
collector's full passes walk hundreds of thousands of objects (pauses of 300-700 ms) and memory grow.

A rebuild also made some 8,000 objects of garbage a switch (each key's styles are worked out three times,
each time with a throwaway node per part of the key, in reference cycles only the collector frees): most of
what its full passes walked, and half a switch's work. The keys a screen shows change only with its focus,
so ``AppFooter`` rebuilds only when what it would show differs from what it shows (each binding's key as
displayed, description, action, tooltip, group and whether it is enabled, and the palette's key), and
then forgets the watchers of the keys the rebuild removed. If Textual changes how it keeps them, it
forgets nothing (the leak, not an error); if working out what it would show fails, it rebuilds as ever."""

from __future__ import annotations

from textual.widgets import Footer


class AppFooter(Footer):
    _shown: tuple | None = None  # what the keys were last built from

    async def recompose(self) -> None:
        wanted = self.what_it_would_show()
        if wanted is not None and wanted == self._shown and self.children:
            return
        await super().recompose()
        self._shown = wanted if self.children else None
        self.forget_removed_keys()

    def what_it_would_show(self) -> tuple | None:
        """Everything ``Footer.compose`` reads, or None if it cannot be read (then the footer is rebuilt)."""
        try:
            app = self.app
            return (self._bindings_ready, self.show_command_palette, self.combine_groups,
                    app.ENABLE_COMMAND_PALETTE, app.COMMAND_PALETTE_BINDING,
                    tuple((binding.key, app.get_key_display(binding), binding.description, binding.action,
                           bool(binding.show), enabled, tooltip, binding.tooltip,
                           None if binding.group is None else (binding.group.description, binding.group.compact))
                          for _node, binding, enabled, tooltip in self.screen.active_bindings.values()))
        except Exception:  # noqa: BLE001 (a Textual that reads other things: rebuild every time, as it does)
            return None

    def forget_removed_keys(self) -> None:
        watchers = getattr(self, "__watchers", None)  # (Textual's name for them: not mangled)
        bound = watchers.get("compact") if isinstance(watchers, dict) else None
        if isinstance(bound, list):
            bound[:] = [entry for entry in bound if _still_shown(entry)]


def _still_shown(entry: object) -> bool:
    node = entry[0] if isinstance(entry, tuple) and entry else None
    return node is None or bool(getattr(node, "is_attached", True))
