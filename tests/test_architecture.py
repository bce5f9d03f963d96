"""The layers and the section packages, read from the source.

- imports go one way: ``bot`` → ``handlers`` / ``scheduler`` → ``texts`` → ``models``;
  ``models`` imports none of aiogram, ``texts``, ``handlers``, ``scheduler`` or ``bot``;
- the sections of ``models/`` import each other without a cycle (graph printed with ``-s``);
- no import of the project's own modules inside a function (that is how cycles used to be
  hidden). Heavy third-party libraries (openpyxl, python-docx) may load lazily to keep the
  start-up short, and the CLI in ``bot/`` loads a subcommand's modules when it runs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = ("bot", "handlers", "models", "scheduler", "texts")
FORBIDDEN = {
    "models": ("aiogram", "texts", "handlers", "scheduler", "bot"),
    "texts": ("aiogram", "handlers", "scheduler", "bot"),
    "handlers": ("scheduler", "bot"),
    "scheduler": ("handlers", "bot"),
    # the Telegram stand-in knows only the Bot API: the bot's code may drive it, never the
    # other way round
    "sandbox": ("bot", "handlers", "models", "scheduler", "texts", "tests"),
}


def _files(package: str) -> Iterator[Path]:
    yield from sorted((ROOT / package).rglob("*.py"))


def _imports(tree: ast.AST) -> Iterator[tuple[ast.stmt, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node, node.module
            for alias in node.names:
                yield node, f"{node.module}.{alias.name}"


def test_imports_go_one_way() -> None:
    bad = []
    for package, forbidden in FORBIDDEN.items():
        for path in _files(package):
            for node, name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
                top = name.split(".")[0]
                if top in forbidden:
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not bad, "\n".join(sorted(set(bad)))


def _section(path: Path) -> str:
    parts = path.relative_to(ROOT / "models").with_suffix("").parts
    return parts[0]


def models_graph() -> dict[str, set[str]]:
    """Section of models/ → the sections it imports (a module file or a package is one)."""
    graph: dict[str, set[str]] = {}
    for path in _files("models"):
        source = _section(path)
        if source == "__init__":
            continue  # the package's table of contents imports everything on purpose
        targets = graph.setdefault(source, set())
        for _, name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = name.split(".")
            if parts[0] != "models" or len(parts) < 2 or parts[1] == source:
                continue
            if (ROOT / "models" / parts[1]).is_dir() or (
                ROOT / "models" / f"{parts[1]}.py"
            ).exists():
                targets.add(parts[1])
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if state.get(nxt) is None and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if state.get(node) is None and (found := visit(node)):
            return found
    return None


def test_models_sections_have_no_import_cycle() -> None:
    graph = models_graph()
    for section in sorted(graph):
        print(f"models.{section} -> {', '.join(sorted(graph[section])) or '-'}")
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


OWN = {"bot", "handlers", "models", "scheduler", "texts"}


def test_no_import_of_own_modules_inside_a_function() -> None:
    bad = []
    for package in ("handlers", "models", "scheduler", "texts"):
        for path in _files(package):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for func in ast.walk(tree):
                if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node, name in _imports(func):
                    if name.split(".")[0] in OWN:
                        bad.append(f"{path.relative_to(ROOT)}:{node.lineno} in {func.name}")
    assert not bad, "\n".join(sorted(set(bad)))
