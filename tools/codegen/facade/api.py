"""Write ``sendwire._generated.api``: one typed method per operation, for both clients.

``client.api.<operation>`` reaches every operation of the spec, named by its operationId in
snake_case (``ListMedia`` -> ``list_media``). Path parameters are positional (the account is
the client's own), query parameters and body fields are keywords typed by their schemas, a
list operation's method walks every page, and the answer is the generated model. The methods
only lay out the call; the client builds, checks, sends and retries it (by the method's
safety) as it does for its hand-written calls. The synchronous class is the asynchronous
one with the ``async``/``await`` words taken out, as ``tools/unasync.py`` derives the clients.
"""

from __future__ import annotations

import re

from codegen.facade.describe import Description, Input, Operation, python_name
from codegen.facade.render import HEADER, input_type, operation_constant

_PROTOCOLS = '''

class AsyncCalls(Protocol):
    """What ``AsyncApi`` needs of a client (``AsyncClient`` has it)."""

    async def send_operation(
        self,
        operation: OperationInputs,
        path: Sequence[str],
        query: Mapping[str, Any],
        body: Mapping[str, Any],
        parse: Callable[[Any], T],
        max_retries: int | None = None,
    ) -> T: ...

    def walk_operation(
        self,
        operation: OperationInputs,
        path: Sequence[str],
        query: Mapping[str, Any],
        parse: Callable[[Any], PageData[T]],
        *,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[T]: ...
'''

_SYNC_WORDS = [
    (r"\basync def\b", "def"),
    (r"\bawait ", ""),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncCalls\b", "Calls"),
    (r"\bAsyncApi\b", "Api"),
    (r"\basynchronous\b", "synchronous"),
]


def _sync(text: str) -> str:
    for pattern, replacement in _SYNC_WORDS:
        text = re.sub(pattern, replacement, text)
    return text


def method_name(operation: Operation) -> str:
    return python_name(operation.operation_id)


def _keyword(item: Input) -> str:
    annotation = input_type(item)
    if item.required:
        return f"{item.name}: {annotation}"
    return f"{item.name}: {annotation} | None = None"


def _call_args(items: list[Input]) -> str:
    return "{" + ", ".join(f"{item.name!r}: {item.name}" for item in items) + "}"


def _method(op: Operation, account: str, paging: set[str]) -> str:
    const = f"ops.{operation_constant(op.operation_id)}"
    path_args = [item for item in op.path if item.wire != account]
    path_tuple = f"({', '.join(item.name for item in path_args)},)" if path_args else "()"
    query = [item for item in op.query if item.wire not in paging]
    params = ["self", *(f"{item.name}: str" for item in path_args), "*"]
    params += [_keyword(item) for item in [*query, *op.body] if item.required]
    params += [_keyword(item) for item in [*query, *op.body] if not item.required]
    summary = op.summary or op.operation_id
    doc = f"{op.method} {op.template}: {summary}."
    parse = f"parse_{python_name(op.envelope or op.result)}" if op.result else "_nothing"
    if op.envelope:
        params += ["limit: int | None = None", "page_size: int | None = None"]
        params += ["max_retries: int | None = None"]
        signature = ", ".join(params)
        return (
            f"\n    def {method_name(op)}({signature}) -> AsyncIterator[{op.result}]:\n"
            f'        """{doc} Every item, a page at a time as you iterate."""\n'
            f"        return self._client.walk_operation(\n"
            f"            {const}, {path_tuple}, {_call_args(query)}, {parse},\n"
            f"            limit=limit, page_size=page_size, max_retries=max_retries,\n"
            f"        )\n"
        )
    params.append("max_retries: int | None = None")
    signature = ", ".join(params)
    result = op.result or "None"
    return (
        f"\n    async def {method_name(op)}({signature}) -> {result}:\n"
        f'        """{doc}"""\n'
        f"        return await self._client.send_operation(\n"
        f"            {const}, {path_tuple}, {_call_args(query)}, {_call_args(op.body)}, {parse},\n"
        f"            max_retries,\n"
        f"        )\n"
    )


def api_module(description: Description) -> str:
    account = description.account
    paging = set(description.paging.values())
    models = sorted({op.result for op in description.operations if op.result})
    parsers = sorted(
        {
            f"parse_{python_name(op.envelope or op.result)}"
            for op in description.operations
            if op.result
        }
    )
    out = [HEADER.format(doc="Every operation of the spec as a typed method of ``client.api``.")]
    out.append(
        "\nimport datetime as dt\n"
        "from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence\n"
        "from typing import Any, Literal, Protocol, TypeVar\n\n"
        "from sendwire._generated import operations as ops\n"
        f"from sendwire._generated.models import {', '.join([*models, 'PageData', *parsers])}\n"
        "from sendwire._schema.operation import OperationInputs\n\n"
        '__all__ = ["Api", "AsyncApi", "AsyncCalls", "Calls"]\n\n'
        'T = TypeVar("T")\n\n\n'
        "def _nothing(data: Any) -> None:\n"
        '    """For answers without a body."""\n'
    )
    methods = "".join(_method(op, account, paging) for op in description.operations)
    asynchronous = (
        _PROTOCOLS
        + "\n\nclass AsyncApi:\n"
        + '    """Every operation of the spec, by its operationId in snake_case (asynchronous)."""\n\n'
        + "    def __init__(self, client: AsyncCalls) -> None:\n"
        + "        self._client = client\n"
        + methods
    )
    out.append(asynchronous)
    out.append(_sync(asynchronous))
    return "".join(out)
