"""The text layer and the code's shape: checks that read the source, not the bot.

- no production module holds a Cyrillic string literal (docstrings aside; the input grammar of
  parsers — arguments of ``re.compile`` and ``str.maketrans`` — is not text a person sees);
- every message key the code names exists in ``texts/ru/*.ftl``, and every key there is used;
- every enum named through ``t.label`` has a text for each member;
- Russian plural forms come from Fluent's CLDR rules, with all three forms written out;
- no production file over 500 lines, no function over 60 lines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import Locale
from fluent.syntax import ast as fl

import texts
from texts import label_key, t
from texts.labels import LABELLED

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = ("bot", "handlers", "models", "scheduler", "texts")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
KEY_SHAPE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9_]+)+$")
GRAMMAR_CALLS = {"compile", "maketrans"}
RENDER_NAMES = {"t", "render"}
NUMBERS = (0, 1, 2, 5, 11, 21, 22, 25, 111)


def py_files(*packages: str) -> Iterator[Path]:
    for package in packages:
        yield from sorted((ROOT / package).rglob("*.py"))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _grammar_nodes(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            if name in GRAMMAR_CALLS:
                for arg in node.args:
                    ids.update(id(sub) for sub in ast.walk(arg))
    return ids


def test_code_holds_no_russian_text() -> None:
    """models/ by the issue's rule; handlers/, scheduler/, bot/ and texts/*.py because every
    text a person sees is in the .ftl files, where staff can correct it."""
    found = []
    for path in py_files(*PRODUCTION):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = _docstring_nodes(tree) | _grammar_nodes(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in allowed
                and CYRILLIC.search(node.value)
            ):
                found.append(f"{rel(path)}:{node.lineno}: {node.value[:50]!r}")
    assert not found, "Russian text in code (move it to texts/ru/*.ftl):\n" + "\n".join(found)


def _called_keys() -> dict[str, list[str]]:
    """Keys passed as a literal to t(...), t.plain(...), render(...), render.plain(...) and
    DomainError(...), with where they are."""
    keys: dict[str, list[str]] = {}
    for path in py_files(*PRODUCTION):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            named = (isinstance(func, ast.Name) and func.id in RENDER_NAMES | {"DomainError"}) or (
                isinstance(func, ast.Attribute)
                and func.attr == "plain"
                and isinstance(func.value, ast.Name)
                and func.value.id in RENDER_NAMES
            )
            first = node.args[0]
            if named and isinstance(first, ast.Constant) and isinstance(first.value, str):
                keys.setdefault(first.value, []).append(f"{rel(path)}:{node.lineno}")
    return keys


def _mentioned_strings() -> set[str]:
    """Every string literal in production code shaped like a key (keys kept in tables count
    as used)."""
    found: set[str] = set()
    for path in py_files(*PRODUCTION):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and KEY_SHAPE.match(value):
                found.add(value)
    return found


def test_every_key_the_code_names_exists() -> None:
    missing = {k: v for k, v in _called_keys().items() if not t.has(k)}
    assert not missing, "\n".join(f"{k}: {', '.join(v)}" for k, v in sorted(missing.items()))


def test_every_labelled_enum_has_a_text_for_each_member() -> None:
    keys = [label_key(m) for enum_type in LABELLED for m in enum_type]
    missing = [key for key in keys if not t.has(key)]
    assert not missing


def test_every_key_in_the_files_is_used() -> None:
    used = set(_called_keys()) | _mentioned_strings()
    used |= {label_key(m) for enum_type in LABELLED for m in enum_type}
    unused = sorted(t.keys() - used)
    assert not unused, "keys no code uses (remove them or use them):\n" + "\n".join(unused)


def _plural_selects(message: fl.Message) -> Iterator[tuple[str, fl.SelectExpression]]:
    """Select expressions on a variable whose variants are CLDR plural categories."""
    categories = {"zero", "one", "two", "few", "many", "other"}
    for node in _walk(message):
        if isinstance(node, fl.SelectExpression) and isinstance(
            node.selector, fl.VariableReference
        ):
            names = {v.key.name for v in node.variants if isinstance(v.key, fl.Identifier)}
            if names & categories:
                yield node.selector.id.name, node


def _walk(node: fl.BaseNode) -> Iterator[fl.BaseNode]:
    yield node
    for value in vars(node).values():
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, fl.BaseNode):
                yield from _walk(child)


def _variables(message: fl.Message) -> set[str]:
    return {n.id.name for n in _walk(message) if isinstance(n, fl.VariableReference)}


PLURAL_MESSAGES = [
    (key, variable, select)
    for key, message in texts.iter_messages()
    for variable, select in _plural_selects(message)
]


def test_there_are_plural_messages() -> None:
    assert len(PLURAL_MESSAGES) >= 10


@pytest.mark.parametrize(
    ("key", "variable", "select"), PLURAL_MESSAGES, ids=[f"{k}:{v}" for k, v, _ in PLURAL_MESSAGES]
)
def test_plural_forms_follow_cldr(key: str, variable: str, select: fl.SelectExpression) -> None:
    """Each plural select writes out one, few and many; rendering 0, 1, 2, 5, 11, 21, 22, 25
    and 111 picks the variant that CLDR's Russian rule names for that number."""
    variants = {v.key.name: v for v in select.variants if isinstance(v.key, fl.Identifier)}
    assert {"one", "few", "many"} <= set(variants), f"{key}: needs [one], [few] and [many]"
    rule = Locale.parse("ru").plural_form
    message = next(m for k, m in texts.iter_messages() if k == key)
    others = {name: "x" for name in _variables(message) if name != variable}
    for n in NUMBERS:
        expected_words = _variant_words(variants[rule(n)])
        rendered = t.plain(key, **{**others, variable: n})
        for word in expected_words:
            assert word in rendered, f"{key}, {variable}={n}: no {word!r} in {rendered!r}"


def _variant_words(variant: fl.Variant) -> list[str]:
    words: list[str] = []
    for element in variant.value.elements:
        if isinstance(element, fl.TextElement):
            words += CYRILLIC_WORD.findall(element.value)
    return words


CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")
NUMERIC_NAME = re.compile(r"^(n|count|total|left|days|hours|minutes|seconds|[a-z_]+_count)$")


def test_no_noun_after_a_number_outside_a_plural_select() -> None:
    """«{ $n } получателей» is wrong for 1–4: a count followed by a noun must be a select."""
    bad = []
    for key, message in texts.iter_messages():
        if message.value is None:
            continue
        elements = message.value.elements
        for i, element in enumerate(elements[:-1]):
            if not (
                isinstance(element, fl.Placeable)
                and isinstance(element.expression, fl.VariableReference)
                and NUMERIC_NAME.match(element.expression.id.name)
            ):
                continue
            after = elements[i + 1]
            if isinstance(after, fl.TextElement) and re.match(r"^ ?[а-яё]", after.value):
                bad.append(f"{key}: {{ ${element.expression.id.name} }}{after.value[:20]}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("count", "word"),
    [(1, "1 получатель"), (3, "3 получателя"), (5, "5 получателей"), (21, "21 получатель")],
)
def test_a_known_plural_reads_right(count: int, word: str) -> None:
    assert word in t.plain("mailing-recipients", count=count)


def test_arguments_are_escaped_and_numbers_not_grouped() -> None:
    rendered = t("mailing-recipients", count=2026)
    assert "2026" in rendered
    nested = t("welcome-back", name=t("welcome-back", name="<b>"))
    assert "&lt;b&gt;" in nested
    assert "&amp;lt;" not in nested


def test_file_and_function_sizes() -> None:
    long_files, long_functions = [], []
    for path in py_files(*PRODUCTION):
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 500:
            long_files.append(f"{rel(path)}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    long_functions.append(f"{rel(path)}:{node.lineno} {node.name}: {length}")
    assert not long_files, long_files
    assert not long_functions, long_functions
