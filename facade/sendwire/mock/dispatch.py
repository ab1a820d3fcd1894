"""The innermost API layer: authenticate, validate against the spec, run the handler."""

from __future__ import annotations

from typing import Any

from . import errors
from .asgi import dumps, read_body
from .auth import Credentials
from .forms import parse_form, require_form_content_type
from .handlers import Call, Handler
from .pipeline import Answer, ApiRequest
from .validation import OperationValidator


class Endpoint:
    """One operation of the spec with its validator and handler."""

    __slots__ = ("handler", "operation_id", "validator")

    def __init__(self, validator: OperationValidator, handler: Handler) -> None:
        self.validator = validator
        self.handler = handler
        self.operation_id = validator.operation.operation_id


class Dispatch:
    def __init__(self, credentials: Credentials, max_body: int) -> None:
        self.credentials = credentials
        self.max_body = max_body

    async def __call__(self, request: ApiRequest) -> Answer:
        if request.route is None:
            raise errors.not_found()
        endpoint: Endpoint | None = request.endpoint
        if endpoint is None:
            raise errors.method_not_allowed(request.route.allow)
        scope, params = request.scope, request.params
        authorization = content_type = content_length = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value
            elif name == b"content-type":
                content_type = value
            elif name == b"content-length":
                content_length = value
        validator = endpoint.validator
        raw_body = b""
        if validator.body is not None:
            raw_body = await read_body(request.receive, content_length, self.max_body)
        account = self.credentials.authenticate(authorization)
        if account is None:
            raise errors.unauthorized()
        request.account = account
        # Another account's SID answers exactly like one that does not exist.
        if params.get("AccountSid") != account or not validator.path_ok(params):
            raise errors.not_found()
        query_string: bytes = scope["query_string"]
        query: dict[str, Any] = {}
        if query_string or not validator.empty_query_ok:
            query = validator.query(parse_form(query_string))
        body: dict[str, Any] = {}
        if validator.body is not None:
            if raw_body:
                require_form_content_type(content_type or b"")
            body = validator.body(parse_form(raw_body))
        reply = await endpoint.handler(Call(account, params, query, body))
        payload = b"" if reply.payload is None else dumps(reply.payload)
        return Answer(reply.status, payload, faults=reply.faults)
