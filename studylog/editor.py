"""Writing text in the person's own editor ($VISUAL or $EDITOR): a reflection, a writing entry's note.

Standard library only. Every way it can fail is one sentence (EditorError): no editor set where none
can be asked for, a command that does not read or cannot start, an editor that exits with an error or
leaves no file, text that is not UTF-8.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path


class EditorError(ValueError):
    """Why the editor could not give text back (one sentence; nothing was saved)."""


def editor_command(*, interactive: bool | None = None) -> list[str]:
    """The editor to run: $VISUAL, else $EDITOR, else vi on a terminal. EditorError when none is set and
    there is no terminal to run vi on, or the command does not read."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        if not (sys.stdin.isatty() if interactive is None else interactive):
            raise EditorError("no editor is set: set EDITOR (for example to nano)")
        editor = "vi"
    try:
        command = shlex.split(editor)
    except ValueError:
        command = []
    if not command:
        raise EditorError(f"cannot read the editor command {editor!r} (from VISUAL or EDITOR): set it to a "
                          f"program such as nano")
    return command


def edit_text(text: str, *, prefix: str = "studylog-", interactive: bool | None = None) -> str:
    """``text`` opened in the editor; what it holds when the editor exits."""
    command = editor_command(interactive=interactive)
    with tempfile.NamedTemporaryFile("w+", suffix=".md", prefix=prefix, delete=False, encoding="utf-8") as fh:
        fh.write(text)
        path = Path(fh.name)
    try:
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise EditorError(f"cannot start the editor {command[0]!r} (from VISUAL or EDITOR): "
                              f"{exc.strerror or exc}; set it to a program such as nano") from None
        if result.returncode != 0:
            raise EditorError(f"the editor ({shlex.join(command)}) exited with status {result.returncode}; "
                              f"nothing was saved")
        if not path.is_file():  # (removed, or replaced by something that is no file: never waited on)
            raise EditorError(f"the editor ({shlex.join(command)}) left no file to read; nothing was saved")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise EditorError("the text was not saved as UTF-8; nothing was saved") from None
        except OSError as exc:
            raise EditorError(f"cannot read what the editor saved: {exc.strerror or exc}; nothing was saved") from None
    finally:
        path.unlink(missing_ok=True)
