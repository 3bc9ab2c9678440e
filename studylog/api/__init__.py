"""The application layer: studylog's workflows written once, for the shell (studylog/cli) and the app
(studylog/tui). A front end parses what the person asked, calls a function here, and shows the result.

Today it holds the reading of imported files (``imports``); the other workflows still live in the
shell's commands and in ``studylog.api.store`` (the app's), and move here one feature at a time.
Standard library only at import time, like the services (the quick commands' start-up budget).
"""
