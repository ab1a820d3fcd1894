"""The API's error answers: one exception type, the codes the mock uses, and the layer that
renders an error raised anywhere inside it."""

from __future__ import annotations

import orjson

from .._schema.rules import INVALID_PARAMETER
from .pipeline import Answer, ApiRequest, Layer

MORE_INFO = "https://www.twilio.com/docs/errors/{code}"

# Codes that are not tied to a request parameter.
AUTHENTICATE = 20003
METHOD_NOT_ALLOWED = 20004
NOT_FOUND = 20404
TOO_MANY_REQUESTS = 20429
SERVICE_UNAVAILABLE = 20503
INTERNAL_ERROR = 20500
CANNOT_CANCEL = 30409

__all__ = ["INVALID_PARAMETER", "ApiError", "ErrorRendering"]


class ApiError(Exception):
    """An error answer in the API's format. Raised anywhere in request handling."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        headers: tuple[tuple[bytes, bytes], ...] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers

    def body(self) -> bytes:
        return error_body(self.status, self.code, self.message)


def error_body(status: int, code: int, message: str) -> bytes:
    return orjson.dumps(
        {
            "code": code,
            "message": message,
            "more_info": MORE_INFO.format(code=code),
            "status": status,
        }
    )


def invalid_parameter(message: str) -> ApiError:
    return ApiError(400, INVALID_PARAMETER, message)


def not_found() -> ApiError:
    return ApiError(404, NOT_FOUND, "The requested resource was not found")


def unauthorized() -> ApiError:
    return ApiError(
        401,
        AUTHENTICATE,
        "Authenticate",
        ((b"www-authenticate", b'Basic realm="Sendwire API"'),),
    )


def method_not_allowed(allow: str) -> ApiError:
    return ApiError(
        405,
        METHOD_NOT_ALLOWED,
        "Method not allowed",
        ((b"allow", allow.encode("ascii")),),
    )


def too_large(limit: int) -> ApiError:
    return ApiError(413, INVALID_PARAMETER, f"The request body is larger than {limit} bytes")


class ErrorRendering:
    """Turns an `ApiError` raised by any inner layer into the API's error answer."""

    def __init__(self, next_layer: Layer) -> None:
        self.next = next_layer

    async def __call__(self, request: ApiRequest) -> Answer:
        try:
            return await self.next(request)
        except ApiError as error:
            return Answer(error.status, error.body(), error.headers)
