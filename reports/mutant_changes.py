"""What a mutant changes, read from the syntax trees of the function before and after it.

Two things are read from the pair (the function as written, the function as the mutant has it):

- **The ledger key** of ``claims/equivalent_mutants.toml``: the statement the mutation sits in,
  before and after, each printed by ``ast.unparse`` -- so line breaks, quotes, parentheses and
  comments, which a formatter changes, are not part of it. A compound statement (``if``, ``for``,
  ``with``, ...) whose header holds the change is printed by its header line alone. When the same
  statement occurs more than once in the function, the key says which occurrence
  (``[2 of 3]``, in the order ``ast.walk`` visits them).
- **The message rule**: a mutant is *message only* when every node it changes lies in the text
  of an error message. A node lies in a message when it is

  1. inside the arguments of the exception constructor of a ``raise`` statement
     (``raise ValueError(<here>)``);
  2. inside the value assigned to a local variable that is read nowhere but in such places
     (``which = <here>`` ... ``raise ValueError(f"...{which}")``);
  3. inside an argument bound to a *message parameter* of the function called, or such an
     argument removed, or the default value of a message parameter; a message parameter is
     one its function reads only in places 1 to 3 (``require_finite(z, <here>)``: ``name``
     only words ``require_finite``'s errors).

  Functions are resolved by their bare name among the modules given (methods included); when a
  name has several definitions, the parameter must be a message parameter in all of them.
  Such a mutant still refuses the same input at the same place: only the words change, or
  wording the message fails (``sorted(None)`` in an f-string), which raises there instead. An
  argument left out counts only when the call still binds every parameter without a default.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Iterator

# One changed node: the node in each tree and its ancestors in each tree, outermost first.
Change = tuple[ast.AST, ast.AST, list[ast.AST], list[ast.AST]]


def parse_function(source: str) -> ast.FunctionDef | ast.AsyncFunctionDef:
    """The one function defined in ``source`` (indented as a method or not)."""
    tree = ast.parse(textwrap.dedent(source))
    functions = [
        node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    if len(functions) != 1:
        raise ValueError(
            f"expected the source of one function, got {len(functions)}: {source[:80]!r}"
        )
    return functions[0]


def _same_value(a, b) -> bool:
    return type(a) is type(b) and (a == b or (a != a and b != b))


def changes(original: ast.AST, mutated: ast.AST, path_a=(), path_b=()) -> Iterator[Change]:
    """The smallest nodes in which the two trees differ: a node of another type, a field of
    another plain value, or a list of children of another length is one change."""
    if type(original) is not type(mutated):
        yield original, mutated, list(path_a), list(path_b)
        return
    if not isinstance(original, ast.AST):
        return
    inner_a, inner_b = (*path_a, original), (*path_b, mutated)
    for field in original._fields:
        a, b = getattr(original, field, None), getattr(mutated, field, None)
        if isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                yield original, mutated, list(path_a), list(path_b)
                return
            for x, y in zip(a, b):
                yield from _child_changes(x, y, inner_a, inner_b)
        elif isinstance(a, ast.AST) or isinstance(b, ast.AST):
            yield from _child_changes(a, b, inner_a, inner_b)
        elif not _same_value(a, b):
            yield original, mutated, list(path_a), list(path_b)
            return


def _child_changes(a, b, path_a, path_b) -> Iterator[Change]:
    if isinstance(a, ast.AST) and isinstance(b, ast.AST):
        yield from changes(a, b, path_a, path_b)
    elif not _same_value(a, b):  # a field set on one side only: the node holding it changed
        yield path_a[-1], path_b[-1], list(path_a[:-1]), list(path_b[:-1])


def _statement_text(statement: ast.AST, changed_itself: bool) -> str:
    text = ast.unparse(statement)
    if hasattr(statement, "body") and not changed_itself:
        return text.splitlines()[0]
    return " ".join(line.strip() for line in text.splitlines())


def _innermost_statement(node: ast.AST, path: list[ast.AST]) -> tuple[ast.AST, bool]:
    """The statement holding the change, and whether it is the changed node itself (the
    function's own header when no statement of its body holds it)."""
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    if isinstance(node, ast.stmt) and path:
        return node, True
    for ancestor in reversed(path):
        if isinstance(ancestor, ast.stmt) and ancestor is not path[0]:
            return ancestor, False
    return (path[0] if path and isinstance(path[0], functions) else node), False


def mutation_key(original_source: str, mutated_source: str) -> tuple[str, str]:
    """(statement as written, statement as mutated), normalised; see the module docstring."""
    original, mutated = parse_function(original_source), parse_function(mutated_source)
    found = list(changes(original, mutated))
    if not found:
        raise ValueError("the mutant changes nothing in the function's syntax tree")
    node_a, node_b, path_a, path_b = found[0]
    statement_a, itself = _innermost_statement(node_a, path_a or [original])
    statement_b, _ = _innermost_statement(node_b, path_b or [mutated])
    before = _statement_text(statement_a, itself)
    after = _statement_text(statement_b, itself)
    same = [
        node
        for node in ast.walk(original)
        if isinstance(node, ast.stmt)
        and node is not original
        and _statement_text(node, itself) == before
    ]
    if len(same) > 1:
        place = next(i for i, node in enumerate(same) if node is statement_a)
        before = f"{before} [{place + 1} of {len(same)}]"
    return before, after


# --- the message rule --------------------------------------------------------------------------


def _callee_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """Positional parameters a call binds in order (self and cls left out), then keyword-only."""
    positional = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
    if positional and positional[0] in ("self", "cls"):
        positional = positional[1:]
    return positional + [a.arg for a in function.args.kwonlyargs]


def _required_positional(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """How many positional arguments a call must pass (self and cls left out)."""
    positional = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
    skipped = 1 if positional and positional[0] in ("self", "cls") else 0
    return len(positional) - skipped - len(function.args.defaults)


def _bound_parameter(call: ast.Call, argument: ast.AST, parameters: list[str]) -> str | None:
    if isinstance(argument, ast.keyword):
        return argument.arg
    if isinstance(argument, ast.Starred) or argument not in call.args:
        return None
    index = call.args.index(argument)
    return parameters[index] if index < len(parameters) else None


class MessageRule:
    """The message rule over the functions of ``modules`` (sources): see the module docstring."""

    def __init__(self, modules: Iterable[str]):
        self.definitions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        self._variables_followed: set[str] = set()
        for source in modules:
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.definitions.setdefault(node.name, []).append(node)
        self.message_parameters: dict[str, set[str]] = {}
        while True:  # the least fixed point: a parameter qualifies once its readers do
            found = {
                name: {
                    p
                    for p in self._candidates(functions)
                    if all(self._read_only_in_messages(f, p) for f in functions)
                }
                for name, functions in self.definitions.items()
            }
            if found == self.message_parameters:
                break
            self.message_parameters = found

    @staticmethod
    def _candidates(functions) -> set[str]:
        names = [set(_parameters(f)) for f in functions]
        return set.intersection(*names) if names else set()

    def _read_only_in_messages(self, function, name: str) -> bool:
        parents = _parent_map(function)
        reads = [
            node
            for node in ast.walk(function)
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
        ]
        return bool(reads) and all(self._in_message(node, parents, function) for node in reads)

    def _in_message(self, node: ast.AST, parents: dict, function) -> bool:
        """Whether ``node`` lies in message text, by places 1 to 3 of the module docstring."""
        child, parent = node, parents.get(node)
        while parent is not None and parent is not function:
            if isinstance(parent, ast.Call) and child is not parent.func:
                raised = parents.get(parent)
                if isinstance(raised, ast.Raise) and raised.exc is parent:
                    return True
                if self._is_message_argument(parent, child):
                    return True
            if isinstance(parent, ast.arguments):
                return self._message_default(function, parent, child)
            if isinstance(parent, ast.Assign) and child is parent.value:
                return self._message_variable(parent, function, parents)
            if isinstance(parent, ast.stmt):
                return False
            child, parent = parent, parents.get(parent)
        return False

    def _is_message_argument(self, call: ast.Call, argument: ast.AST) -> bool:
        functions = self.definitions.get(_callee_name(call) or "", [])
        if not functions:
            return False
        bound = {_bound_parameter(call, argument, _parameters(f)) for f in functions}
        allowed = self.message_parameters.get(_callee_name(call), set())
        return None not in bound and bound <= allowed

    def _message_default(self, function, arguments: ast.arguments, default: ast.AST) -> bool:
        """Whether ``default`` is the default value of one of ``function``'s message
        parameters."""
        positional = [*arguments.posonlyargs, *arguments.args]
        pairs = list(
            zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults)
        )
        pairs += list(zip(arguments.kwonlyargs, arguments.kw_defaults))
        names = [parameter.arg for parameter, value in pairs if value is default]
        allowed = self.message_parameters.get(function.name, set())
        return bool(names) and all(name in allowed for name in names)

    def _message_variable(self, assign: ast.Assign, function, parents: dict) -> bool:
        if len(assign.targets) != 1 or not isinstance(assign.targets[0], ast.Name):
            return False
        name = assign.targets[0].id
        if name in self._variables_followed:  # x = f(x): x's own reads are being checked
            return True
        reads = [
            node
            for node in ast.walk(function)
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
        ]
        self._variables_followed.add(name)
        try:
            return bool(reads) and all(self._in_message(node, parents, function) for node in reads)
        finally:
            self._variables_followed.discard(name)

    def message_only(self, original_source: str, mutated_source: str) -> bool:
        """Whether every change the mutant makes lies in message text (rules 1 to 3)."""
        original, mutated = parse_function(original_source), parse_function(mutated_source)
        found = list(changes(original, mutated))
        if not found:
            return False
        parents = _parent_map(original)
        for node_a, node_b, _, _ in found:
            if isinstance(node_a, ast.Call) and self._removes_message_argument(node_a, node_b):
                continue
            if node_a is original or not self._in_message(node_a, parents, original):
                return False
        return True

    def _removes_message_argument(self, call: ast.Call, mutated: ast.AST) -> bool:
        """``f(x, name)`` -> ``f(x)``: the one argument left out is bound to a message
        parameter (which then takes its default)."""
        if not isinstance(mutated, ast.Call) or ast.dump(call.func) != ast.dump(mutated.func):
            return False
        arguments, kept = [*call.args, *call.keywords], [*mutated.args, *mutated.keywords]
        if len(arguments) != len(kept) + 1 or len(mutated.args) < min(
            (_required_positional(f) for f in self.definitions.get(_callee_name(call) or "", [])),
            default=0,
        ):
            return False
        kept_text = [ast.dump(a) for a in kept]
        for index, argument in enumerate(arguments):
            rest = [ast.dump(a) for a in arguments[:index] + arguments[index + 1 :]]
            if rest == kept_text:
                return self._is_message_argument(call, argument)
        return False


def _parent_map(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
