"""The layering rules of DESIGN.md, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "grensdesk"
QT_MODULES = ("PySide6", "shiboken6")
# The composition root may start the GUI, and only lazily (see grensdesk/launcher.py).
ALLOWED_OUTSIDE_UI = {PACKAGE / "launcher.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def non_ui_modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and path not in ALLOWED_OUTSIDE_UI
    ]


def test_nothing_outside_ui_imports_qt() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in QT_MODULES
        )
        for path in non_ui_modules()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_services_never_import_the_ui() -> None:
    for path in (PACKAGE / "services").rglob("*.py"):
        assert not any(name.startswith("grensdesk.ui") for name in imported_modules(path)), path


def test_the_check_sees_the_services() -> None:
    # Guards the two tests above against silently scanning nothing.
    scanned = {path.name for path in non_ui_modules()}
    assert {"accounts.py", "core.py", "cli.py", "db.py"} <= scanned
    assert "app.py" not in scanned
