from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    account_sid: str,
    message_sid: str,
    sid: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/2010-04-01/Accounts/{account_sid}/Messages/{message_sid}/Media/{sid}.json".format(
            account_sid=quote(str(account_sid), safe=""),
            message_sid=quote(str(message_sid), safe=""),
            sid=quote(str(sid), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_sid: str,
    message_sid: str,
    sid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Error]:
    """Delete one media item

    Args:
        account_sid (str):
        message_sid (str):
        sid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        account_sid=account_sid,
        message_sid=message_sid,
        sid=sid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_sid: str,
    message_sid: str,
    sid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Error | None:
    """Delete one media item

    Args:
        account_sid (str):
        message_sid (str):
        sid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        account_sid=account_sid,
        message_sid=message_sid,
        sid=sid,
        client=client,
    ).parsed


async def asyncio_detailed(
    account_sid: str,
    message_sid: str,
    sid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Error]:
    """Delete one media item

    Args:
        account_sid (str):
        message_sid (str):
        sid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        account_sid=account_sid,
        message_sid=message_sid,
        sid=sid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_sid: str,
    message_sid: str,
    sid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Error | None:
    """Delete one media item

    Args:
        account_sid (str):
        message_sid (str):
        sid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            account_sid=account_sid,
            message_sid=message_sid,
            sid=sid,
            client=client,
        )
    ).parsed
