"""A non-editable install works: the wheel carries the migrations and the stylesheet."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # outside the fast lane: `make test-all` runs it

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_migrations_and_the_stylesheet(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("studylog-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "studylog/_migrations/env.py" in names
    assert "studylog/_migrations/script.py.mako" in names
    assert any(n.startswith("studylog/_migrations/versions/0001_") for n in names)
    assert "studylog/tui/studylog.tcss" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "studylog = studylog.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
