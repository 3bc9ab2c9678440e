"""Layer rules from DESIGN.md, checked on the source and on what quick commands really import."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "studylog"
HEAVY = ("textual", "sqlmodel", "sqlalchemy", "pydantic", "alembic")


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:`` (type hints cost nothing at run time)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            continue
        yield node
        yield from _runtime_nodes(node)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(folder: str = "") -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _top(name: str) -> str:
    return name.split(".")[0]


def test_only_the_tui_imports_textual():
    offenders = [str(p.relative_to(PACKAGE)) for p in _modules()
                 if "tui" not in p.relative_to(PACKAGE).parts and "textual" in {_top(m) for m in _imports(p)}]
    assert offenders == []


@pytest.mark.parametrize("layer", ["reports", "io"])
def test_reports_and_io_are_pure(layer):
    banned = {"textual", "sqlite3", "sqlmodel", "sqlalchemy", "alembic"}
    for path in _modules(layer):
        for module in _imports(path):
            assert _top(module) not in banned, f"{path.name} imports {module}"
            assert not module.startswith(("studylog.db", "studylog.services", "studylog.tui")), (
                f"{path.name} imports {module}")


def test_only_services_and_db_touch_the_database():
    allowed = {"services", "db"}
    for path in _modules():
        parts = path.relative_to(PACKAGE).parts
        if parts[0] in allowed:
            continue
        imported = {_top(m) for m in _imports(path)}
        assert "sqlite3" not in imported, f"{path.relative_to(PACKAGE)} imports sqlite3"
        if parts[0] != "domain":
            assert not imported & {"sqlmodel", "sqlalchemy"}, f"{path.relative_to(PACKAGE)} imports the ORM"
        assert ".execute(" not in path.read_text(encoding="utf-8"), f"{path.relative_to(PACKAGE)} runs SQL"


def test_the_application_layer_sits_above_the_services_and_below_the_front_ends():
    """studylog/api: cli and tui call it; it calls services, io and reports; nothing below it imports it,
    and it imports neither front end."""
    for path in _modules():
        layer = path.relative_to(PACKAGE).parts[0]
        imported = _imports(path)
        if layer in ("services", "db", "io", "reports", "domain"):
            assert not [m for m in imported if m.startswith("studylog.api")], path.relative_to(PACKAGE)
        if layer == "api":
            assert not [m for m in imported if m.startswith(("studylog.cli", "studylog.tui"))], path


def test_the_tui_talks_to_the_application_layer_not_to_the_database_layer():
    for path in _modules("tui"):
        for module in _imports(path):
            assert not module.startswith("studylog.db."), f"{path.name} imports {module}"


def test_both_front_ends_reach_the_data_only_through_the_application_layer():
    """Issue 13: every workflow of the shell and the app is a function of studylog.api, which both call;
    neither front end calls a service (nor, for the app, the database layer) itself."""
    found = []
    for layer in ("cli", "tui"):
        for path in _modules(layer):
            found += [f"{path.relative_to(PACKAGE)} imports {m}" for m in _imports(path)
                      if m.startswith("studylog.services")]
    assert found == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Module -> the studylog modules it imports at run time, anywhere in it (a function's import too):
    ``from studylog.cli import render`` is an arrow to studylog.cli.render, ``from studylog.cli import
    Context`` one to studylog.cli."""
    modules = {_module_name(path): path for path in _modules()}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        arrows = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    arrows.add(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                arrows.update(alias.name for alias in node.names)
        graph[name] = {m for m in arrows if m in modules and m != name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that reach each other (Tarjan's strongly connected components, size > 1)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles_anywhere():
    """Issue 13: no two modules import each other, directly or round a loop, even inside a function
    (db/ and cli/ had such loops: opening and migrating, db check and the value rules, import and
    import json)."""
    assert _circles(_import_graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_db_arrows_point_down_its_list():
    """db/__init__ lists its modules from the bottom up; none imports one listed after it."""
    order = ["sqlite", "files", "errors", "leftovers", "backups", "schema", "migrate", "opening"]
    graph = _import_graph()
    for position, name in enumerate(order):
        later = {f"studylog.db.{m}" for m in order[position + 1:]}
        assert not graph[f"studylog.db.{name}"] & later, name
    assert {m.rsplit(".", 1)[1] for m in graph if m.startswith("studylog.db.")} == set(order)
    assert not any(m.startswith(("studylog.services", "studylog.cli", "studylog.tui"))
                   for name in order for m in graph[f"studylog.db.{name}"])


def test_the_start_of_a_week_is_worked_out_in_one_place():
    """Issue 13: "start of the week" was computed inline in six places; studylog.weeks.week_containing is
    the one helper (a line subtracting days by weekday() anywhere else is a second copy)."""
    copies = [f"{path.relative_to(PACKAGE)}:{n}" for path in _modules() if path.name != "weeks.py"
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if "weekday()" in line and "timedelta(" in line]
    assert copies == []


SCREEN_BASES = {"base", "records"}  # tui/screens/ modules that hold base classes, not screens


def test_the_app_uses_no_report_code_and_its_screens_do_not_import_each_other():
    """Issue 13: the app's screens took formatting from reports/ and the dashboard borrowed the goal bar
    from the goals screen. Shared drawing lives in tui/widgets/, dialogs in tui/dialogs/, words and
    numbers in studylog/formatting.py; a screen imports only the base classes beside it."""
    for path in _modules("tui"):
        reports = [m for m in _imports(path) if m.startswith("studylog.reports")]
        assert reports == [], f"{path.relative_to(PACKAGE)} imports {reports}"
    screens = {p.stem for p in _modules("tui/screens")} - SCREEN_BASES - {"__init__"}
    assert {"dashboard", "goals", "review", "writing"} <= screens
    for name in screens:
        others = {m.rsplit(".", 1)[1] for m in _imports(PACKAGE / "tui" / "screens" / f"{name}.py")
                  if m.startswith("studylog.tui.screens.")} - SCREEN_BASES
        assert others == set(), f"the {name} screen imports the {others} screen"


def test_nothing_calls_date_today_directly():
    for path in _modules():
        if path.name == "clock.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert "date.today()" not in source and "datetime.now(" not in source, path.name


# ------------------------------------------------------------------ what quick commands import, for real

PROBE = """
import json, sys
from studylog.cli import main
try:
    status = main(sys.argv[2:])
except SystemExit as exc:
    status = exc.code
with open(sys.argv[1], "w") as fh:
    json.dump({"status": status, "modules": sorted(sys.modules)}, fh)
"""


def _run_probe(tmp_path: Path, env: dict[str, str], *args: str) -> dict:
    out = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", PROBE, str(out), *args], env=env, check=True,
                   capture_output=True, text=True)
    return json.loads(out.read_text())


@pytest.fixture
def probe_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, STUDYLOG_HOME=str(tmp_path / "home"), STUDYLOG_TODAY="2026-11-24")
    # Create the database at the current schema first (the one slow start that may migrate).
    subprocess.run([sys.executable, "-m", "studylog", "db", "upgrade"], env=env, check=True, capture_output=True)
    return env


QUICK_COMMANDS = [
    ("log", "run", "5k", "28:30"),
    ("log", "write", "some notes", "--words", "300", "--date", "nov 20"),
    ("log", "swim", "1500m", "40min", "--date", "3 months ago"),
    ("streak",),
    ("streak", "--json"),
    ("list", "writing", "--limit", "5"),
    ("list", "workouts", "--json"),
    ("edit", "writing", "1", "--words", "10"),
    ("delete", "workout", "1", "--yes"),
    ("feeds", "--json"),
    ("today", "--short"),  # (for a shell prompt: issue 14)
    ("log", "study", "45min", "--topic", "transformers"),
    ("search", "run"),
]


# the fast lane probes the quick add; `make test-all` every quick command (a few subprocesses each)
@pytest.mark.parametrize("args", [QUICK_COMMANDS[0]]
                         + [pytest.param(args, marks=pytest.mark.slow) for args in QUICK_COMMANDS[1:]])
def test_quick_commands_do_not_import_heavy_libraries(tmp_path, probe_env, args):
    subprocess.run([sys.executable, "-m", "studylog", "log", "write", "x"], env=probe_env, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "studylog", "log", "run", "5k"], env=probe_env, check=True,
                   capture_output=True)
    result = _run_probe(tmp_path, probe_env, *args)
    assert result["status"] == 0
    heavy = sorted({m for m in result["modules"] if _top(m) in HEAVY})
    assert heavy == []


@pytest.mark.slow  # subprocess probes
@pytest.mark.parametrize("args", [("log", "run", "5k", "28:30"), ("list", "writing", "--limit", "5"),
                                  ("list", "workouts"), ("streak",), ("feeds",),
                                  ("search", "run")])
def test_quick_commands_do_not_even_import_rich(tmp_path, probe_env, args):
    result = _run_probe(tmp_path, probe_env, *args)
    assert result["status"] == 0
    assert not [m for m in result["modules"] if _top(m) == "rich"]


MAKE_OLDER = """
import sys
from pathlib import Path
from studylog.clock import Clock
from studylog.db import migrate
from studylog.db.files import HEAD_REVISION
migrate.upgrade(Path(sys.argv[1]), Clock(), target=f"{int(HEAD_REVISION) - 1:04d}")
"""


@pytest.mark.slow  # subprocess probes
def test_an_older_database_takes_the_slow_path_once_and_a_new_one_never(tmp_path):
    """Issue 15: a new database is made from the schema snapshot (studylog.db.schema), without alembic;
    only an older database is upgraded through alembic, once."""
    env = dict(os.environ, STUDYLOG_HOME=str(tmp_path / "fresh"), STUDYLOG_TODAY="2026-11-24")
    first = _run_probe(tmp_path, env, "log", "run", "5k")
    assert first["status"] == 0 and not {_top(m) for m in first["modules"]} & set(HEAVY)
    older = tmp_path / "older"
    env = dict(env, STUDYLOG_HOME=str(older))
    subprocess.run([sys.executable, "-c", MAKE_OLDER, str(older / "studylog.db")], env=env, check=True,
                   capture_output=True)
    upgrading = _run_probe(tmp_path, env, "log", "run", "5k")
    second = _run_probe(tmp_path, env, "log", "run", "5k")
    assert upgrading["status"] == second["status"] == 0
    assert "alembic" in {_top(m) for m in upgrading["modules"]}
    assert not {_top(m) for m in second["modules"]} & set(HEAVY)


def test_the_app_module_paints_before_the_data_layer_is_imported():
    """Importing the app (all it needs for the first frame) pulls in no database code: the data layer
    is imported by the first worker, after the screen is up."""
    code = "import sys, json; import studylog.tui.app; print(json.dumps(sorted(sys.modules)))"
    modules = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                        text=True).stdout)
    data_layer = [m for m in modules if m.startswith(("studylog.services", "studylog.db"))
                  or _top(m) in {"sqlite3", "sqlmodel", "sqlalchemy", "alembic", "pydantic"}]
    assert data_layer == []


def test_version_builds_no_parser_and_imports_no_command(tmp_path):
    """Issue 15: `--version` built every command's parser (each command module imported) and so took longer
    than a quick add; it now answers first. The proxy: which of studylog's modules it imports."""
    env = dict(os.environ, STUDYLOG_HOME=str(tmp_path / "home"))
    result = _run_probe(tmp_path, env, "--version")
    assert result["status"] == 0
    assert [m for m in result["modules"] if m.startswith("studylog.cli.")] == []
    said = subprocess.run([sys.executable, "-m", "studylog", "--version"], capture_output=True, text=True, env=env)
    assert said.stdout.strip().startswith("studylog ") and said.returncode == 0
