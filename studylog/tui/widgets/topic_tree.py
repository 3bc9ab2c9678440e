"""The Resources screen's topic tree: a topic's name too long for the tree's width is cut with "…", so
that its counts ("3/12 · 2h") after it stay in view (Textual cuts the line at the edge, counts first)."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode


class TopicTree(Tree[Any]):
    def __init__(self, label: Text, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(label, **kwargs)
        self.auto_expand = False  # (enter picks a topic; space folds it: enter did both, newcomer)
        self._names: dict[int, tuple[int, int]] = {}  # node id -> (characters of its name, of what follows)

    def add_topic(self, parent: TreeNode[Any], name: str, after: Text, *, data: Any, expand: bool,  # noqa: ANN401
                  leaf: bool) -> TreeNode[Any]:
        """A node labelled ``name`` and then ``after`` (its counts), of which only the name is ever cut."""
        label = Text(name) + after
        node = parent.add_leaf(label, data=data) if leaf else parent.add(label, data=data, expand=expand)
        self._names[node.id] = (len(name), len(after))
        return node

    def clear(self) -> TopicTree:
        self._names.clear()
        super().clear()
        return self

    def render_label(self, node: TreeNode[Any], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        sizes = self._names.get(node.id)
        if sizes is None:
            return text
        depth, parent = 0, node.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        guides = (depth if self.show_root else max(0, depth - 1)) * self.guide_depth
        over = guides + text.cell_len - self.scrollable_content_region.width
        name_chars, after_chars = sizes
        start = len(text) - after_chars - name_chars  # (after the expand icon)
        if over <= 0 or name_chars == 0 or start < 0:
            return text
        name = text[start:start + name_chars]
        name.truncate(max(1, name.cell_len - over), overflow="ellipsis")
        return text[:start] + name + text[start + name_chars:]
