from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.media_list import MediaList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_sid: str,
    message_sid: str,
    *,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["PageSize"] = page_size

    params["Page"] = page

    params["PageToken"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/2010-04-01/Accounts/{account_sid}/Messages/{message_sid}/Media.json".format(
            account_sid=quote(str(account_sid), safe=""),
            message_sid=quote(str(message_sid), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MediaList | None:
    if response.status_code == 200:
        response_200 = MediaList.from_dict(response.json())

        return response_200

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
) -> Response[Error | MediaList]:
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
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | MediaList]:
    """List a message's media

    Args:
        account_sid (str):
        message_sid (str):
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MediaList]
    """

    kwargs = _get_kwargs(
        account_sid=account_sid,
        message_sid=message_sid,
        page_size=page_size,
        page=page,
        page_token=page_token,
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
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | MediaList | None:
    """List a message's media

    Args:
        account_sid (str):
        message_sid (str):
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MediaList
    """

    return sync_detailed(
        account_sid=account_sid,
        message_sid=message_sid,
        client=client,
        page_size=page_size,
        page=page,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    account_sid: str,
    message_sid: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | MediaList]:
    """List a message's media

    Args:
        account_sid (str):
        message_sid (str):
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MediaList]
    """

    kwargs = _get_kwargs(
        account_sid=account_sid,
        message_sid=message_sid,
        page_size=page_size,
        page=page,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_sid: str,
    message_sid: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | MediaList | None:
    """List a message's media

    Args:
        account_sid (str):
        message_sid (str):
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MediaList
    """

    return (
        await asyncio_detailed(
            account_sid=account_sid,
            message_sid=message_sid,
            client=client,
            page_size=page_size,
            page=page,
            page_token=page_token,
        )
    ).parsed
