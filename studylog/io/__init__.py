"""Importers (file -> plain values) and exporters (values -> text). Pure: no database, no clock, no UI.

Conventions every importer follows:
- it takes the file's bytes (``data``) and a display name (``name``, used in messages), never a path;
- a file that is not what it claims (binary data, invalid UTF-8, empty, missing header...) raises
  ``FileRejected`` with one clear sentence, before anything is returned;
- rows it cannot use are returned as ``Skipped(name, line, reason)`` next to the rows it can;
- all text is passed through ``studylog.text.clean`` (no control characters, no escape sequences).
"""
