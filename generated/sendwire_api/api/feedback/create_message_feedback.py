from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_message_feedback_request import CreateMessageFeedbackRequest
from ...models.error import Error
from ...models.message_feedback import MessageFeedback
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_sid: str,
    message_sid: str,
    *,
    body: CreateMessageFeedbackRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/2010-04-01/Accounts/{account_sid}/Messages/{message_sid}/Feedback.json".format(
            account_sid=quote(str(account_sid), safe=""),
            message_sid=quote(str(message_sid), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MessageFeedback | None:
    if response.status_code == 201:
        response_201 = MessageFeedback.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | MessageFeedback]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_sid: str,
    message_sid: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateMessageFeedbackRequest | Unset = UNSET,
) -> Response[Error | MessageFeedback]:
    """Report whether a message reached its recipient

    Args:
        account_sid (str):
        message_sid (str):
        body (CreateMessageFeedbackRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MessageFeedback]
    """

    kwargs = _get_kwargs(
        account_sid=account_sid,
        message_sid=message_sid,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_sid: str,
    message_sid: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateMessageFeedbackRequest | Unset = UNSET,
) -> Error | MessageFeedback | None:
    """Report whether a message reached its recipient

    Args:
        account_sid (str):
        message_sid (str):
        body (CreateMessageFeedbackRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MessageFeedback
    """

    return sync_detailed(
        account_sid=account_sid,
        message_sid=message_sid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_sid: str,
    message_sid: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateMessageFeedbackRequest | Unset = UNSET,
) -> Response[Error | MessageFeedback]:
    """Report whether a message reached its recipient

    Args:
        account_sid (str):
        message_sid (str):
        body (CreateMessageFeedbackRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MessageFeedback]
    """

    kwargs = _get_kwargs(
        account_sid=account_sid,
        message_sid=message_sid,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_sid: str,
    message_sid: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateMessageFeedbackRequest | Unset = UNSET,
) -> Error | MessageFeedback | None:
    """Report whether a message reached its recipient

    Args:
        account_sid (str):
        message_sid (str):
        body (CreateMessageFeedbackRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MessageFeedback
    """

    return (
        await asyncio_detailed(
            account_sid=account_sid,
            message_sid=message_sid,
            client=client,
            body=body,
        )
    ).parsed
