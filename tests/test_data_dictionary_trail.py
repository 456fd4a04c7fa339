"""数据说明 and the trail: every audit action code the program writes is listed with its
meaning (found by reading the code, so a new action cannot be left out silently), the
payment lines' keys are explained, a cancelled registration is told apart, and which union
payer='union' is."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

import boostdesk

ROOT = Path(boostdesk.__file__).parent


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)


class _Codes:
    """The action codes of every ``*.audit(code, …)`` and ``audit_register_line(conn,
    operator, code, …)`` call under boostdesk/: literals, module constants, names
    imported inside a function, and a function's parameter (by its callers' arguments)."""

    def __init__(self) -> None:
        self.found: dict[str, set[str]] = {}
        self.unresolved: list[str] = []

    def scan(self) -> _Codes:
        for path in sorted(ROOT.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
            for node in ast.walk(tree):
                arg = self._action_arg(node)
                if arg is None:
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                values = self._resolve(_module_name(path), tree, parents, node, arg)
                if not values:
                    self.unresolved.append(f"{where} {ast.unparse(arg)}")
                for v in values:
                    self.found.setdefault(v, set()).add(where)
        return self

    @staticmethod
    def _action_arg(node: ast.AST) -> ast.expr | None:
        if not isinstance(node, ast.Call):
            return None
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
        if name == "audit" and node.args:
            return node.args[0]
        if name == "audit_register_line" and len(node.args) > 2:
            return node.args[2]
        return None

    def _resolve(self, module: str, tree: ast.Module, parents: dict[Any, Any], at: ast.AST,
                 arg: ast.expr, depth: int = 0) -> list[str]:
        if depth > 3:
            return []
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return [arg.value]
        if isinstance(arg, ast.IfExp):
            return (self._resolve(module, tree, parents, at, arg.body, depth)
                    + self._resolve(module, tree, parents, at, arg.orelse, depth))
        if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
            owner = getattr(importlib.import_module(module), arg.value.id, None)
            if owner is None:  # a module imported inside the function
                owner = self._imported(tree, arg.value.id)
            value = getattr(owner, arg.attr, None)
            return [value] if isinstance(value, str) else []
        if isinstance(arg, ast.Name):
            value = getattr(importlib.import_module(module), arg.id, None)
            if isinstance(value, str):
                return [value]
            value = self._imported(tree, arg.id)
            if isinstance(value, str):
                return [value]
            return self._from_callers(module, tree, parents, at, arg.id, depth)
        return []

    @staticmethod
    def _imported(tree: ast.Module, name: str) -> Any:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if (alias.asname or alias.name) == name:
                        source = importlib.import_module(
                            node.module if node.level == 0 else f"boostdesk.{node.module}")
                        return getattr(source, alias.name, None) or importlib.import_module(
                            f"{source.__name__}.{alias.name}")
        return None

    def _from_callers(self, module: str, tree: ast.Module, parents: dict[Any, Any],
                      at: ast.AST, name: str, depth: int) -> list[str]:
        """``name`` a parameter of the function around ``at``: the arguments its callers
        in the same module pass for it."""
        func = at
        while func is not None and not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            func = parents.get(func)
        if func is None:
            return []
        params = [a.arg for a in func.args.args]
        if name not in params:
            return []
        index = params.index(name)
        values: list[str] = []
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == func.name):
                passed = next((k.value for k in node.keywords if k.arg == name), None)
                if passed is None and index < len(node.args):
                    passed = node.args[index]
                if passed is not None:
                    values += self._resolve(module, tree, parents, node, passed, depth + 1)
        return values


def test_every_audit_action_the_code_writes_is_in_the_data_dictionary(reg):
    """A new ``reg.audit("…")`` whose code 数据说明 does not list fails here."""
    from boostdesk.models.data_dictionary import ACTIONS_TITLE, action_codes, text

    codes = _Codes().scan()
    assert codes.unresolved == []  # a code written in a way this test cannot read: teach it
    # the scan is real: it finds the codes written as literals, constants and parameters
    assert {"create", "update", "revoke_award", "recovered", "declare_conflict", "correct_name",
            "withdraw_application", "fill_demo", "export_archive", "choose_seal", "clear_seal",
            "acknowledge_lost", "backup_out", "upgrade"} <= set(codes.found)
    listed = action_codes()
    missing = {c: sorted(w) for c, w in codes.found.items() if c not in listed}
    assert missing == {}
    said = text(reg.conn)
    section = said[said.index(ACTIONS_TITLE):]
    for code in codes.found:
        row = next(line for line in section.splitlines() if line.startswith(f"| {code} |"))
        meaning = row.split("|")[2].strip()
        assert meaning and meaning != code, row  # its Chinese meaning, not the code again


def test_the_data_dictionary_explains_the_payment_lines_and_the_union_payer(reg):
    from boostdesk.models.data_dictionary import text

    said = text(reg.conn)
    for key in ("paid_card", "paid_to", "payer_name", "payment_fen", "resent_after",
                "returned_from", "returned_date", "recovered_fen", "to_recover"):
        assert f"| {key}" in said, key
    # a cancelled registration told apart from a payment, a return and a re-send
    assert "撤销拨付登记：after.reason 以“撤销拨付登记：”开头，after.paid_date 为 null" in said
    assert "银行流水中不会有这一笔" in said
    # which union pays as payer='union': the paper's recommending union
    assert "patent_applications.unit_id 或 project_applications.unit_id 所指的 units 行" in said
    # and the trail's tamper check, its recipe for an auditor's own check
    assert "| chain |" in said and "BLAKE2b" in said and "以字节 0x1F 分隔" in said
