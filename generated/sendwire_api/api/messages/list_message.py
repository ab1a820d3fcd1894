import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.message_list import MessageList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_sid: str,
    *,
    to: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    date_sent: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_before: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_after: datetime.date | datetime.datetime | str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["To"] = to

    params["From"] = from_

    json_date_sent: str | Unset
    if isinstance(date_sent, Unset):
        json_date_sent = UNSET
    elif isinstance(date_sent, datetime.date):
        json_date_sent = date_sent.isoformat()
    elif isinstance(date_sent, datetime.datetime):
        json_date_sent = date_sent.isoformat()
    else:
        json_date_sent = date_sent
    params["DateSent"] = json_date_sent

    json_date_sent_before: str | Unset
    if isinstance(date_sent_before, Unset):
        json_date_sent_before = UNSET
    elif isinstance(date_sent_before, datetime.date):
        json_date_sent_before = date_sent_before.isoformat()
    elif isinstance(date_sent_before, datetime.datetime):
        json_date_sent_before = date_sent_before.isoformat()
    else:
        json_date_sent_before = date_sent_before
    params["DateSent<"] = json_date_sent_before

    json_date_sent_after: str | Unset
    if isinstance(date_sent_after, Unset):
        json_date_sent_after = UNSET
    elif isinstance(date_sent_after, datetime.date):
        json_date_sent_after = date_sent_after.isoformat()
    elif isinstance(date_sent_after, datetime.datetime):
        json_date_sent_after = date_sent_after.isoformat()
    else:
        json_date_sent_after = date_sent_after
    params["DateSent>"] = json_date_sent_after

    params["PageSize"] = page_size

    params["Page"] = page

    params["PageToken"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/2010-04-01/Accounts/{account_sid}/Messages.json".format(
            account_sid=quote(str(account_sid), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MessageList | None:
    if response.status_code == 200:
        response_200 = MessageList.from_dict(response.json())

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
) -> Response[Error | MessageList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_sid: str,
    *,
    client: AuthenticatedClient | Client,
    to: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    date_sent: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_before: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_after: datetime.date | datetime.datetime | str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | MessageList]:
    """List messages

     Lists the account's messages, most recent `date_sent` first. Follow `next_page_uri`
    to read further pages: it continues where the previous page ended, so a walk over the
    list sees no duplicates while messages are being sent or received.

    Args:
        account_sid (str):
        to (str | Unset):
        from_ (str | Unset):
        date_sent (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-DD`, or a
            date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        date_sent_before (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-
            DD`, or a date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        date_sent_after (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-
            DD`, or a date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MessageList]
    """

    kwargs = _get_kwargs(
        account_sid=account_sid,
        to=to,
        from_=from_,
        date_sent=date_sent,
        date_sent_before=date_sent_before,
        date_sent_after=date_sent_after,
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
    *,
    client: AuthenticatedClient | Client,
    to: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    date_sent: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_before: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_after: datetime.date | datetime.datetime | str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | MessageList | None:
    """List messages

     Lists the account's messages, most recent `date_sent` first. Follow `next_page_uri`
    to read further pages: it continues where the previous page ended, so a walk over the
    list sees no duplicates while messages are being sent or received.

    Args:
        account_sid (str):
        to (str | Unset):
        from_ (str | Unset):
        date_sent (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-DD`, or a
            date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        date_sent_before (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-
            DD`, or a date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        date_sent_after (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-
            DD`, or a date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MessageList
    """

    return sync_detailed(
        account_sid=account_sid,
        client=client,
        to=to,
        from_=from_,
        date_sent=date_sent,
        date_sent_before=date_sent_before,
        date_sent_after=date_sent_after,
        page_size=page_size,
        page=page,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    account_sid: str,
    *,
    client: AuthenticatedClient | Client,
    to: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    date_sent: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_before: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_after: datetime.date | datetime.datetime | str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | MessageList]:
    """List messages

     Lists the account's messages, most recent `date_sent` first. Follow `next_page_uri`
    to read further pages: it continues where the previous page ended, so a walk over the
    list sees no duplicates while messages are being sent or received.

    Args:
        account_sid (str):
        to (str | Unset):
        from_ (str | Unset):
        date_sent (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-DD`, or a
            date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        date_sent_before (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-
            DD`, or a date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        date_sent_after (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-
            DD`, or a date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MessageList]
    """

    kwargs = _get_kwargs(
        account_sid=account_sid,
        to=to,
        from_=from_,
        date_sent=date_sent,
        date_sent_before=date_sent_before,
        date_sent_after=date_sent_after,
        page_size=page_size,
        page=page,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_sid: str,
    *,
    client: AuthenticatedClient | Client,
    to: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    date_sent: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_before: datetime.date | datetime.datetime | str | Unset = UNSET,
    date_sent_after: datetime.date | datetime.datetime | str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | MessageList | None:
    """List messages

     Lists the account's messages, most recent `date_sent` first. Follow `next_page_uri`
    to read further pages: it continues where the previous page ended, so a walk over the
    list sees no duplicates while messages are being sent or received.

    Args:
        account_sid (str):
        to (str | Unset):
        from_ (str | Unset):
        date_sent (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-DD`, or a
            date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        date_sent_before (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-
            DD`, or a date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        date_sent_after (datetime.date | datetime.datetime | str | Unset): A GMT date `YYYY-MM-
            DD`, or a date-time in one of the forms the reference's examples
            use: ISO 8601, RFC 2822 (`Wed, 19 Jun 2019 22:04:00 -0000`),
            `YYYY-MM-DD hh:mm:ss.sss` (GMT) or `MM/DD/YYYY hh:mm:ss ZONE` with a North American
            zone abbreviation or GMT/UTC.
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MessageList
    """

    return (
        await asyncio_detailed(
            account_sid=account_sid,
            client=client,
            to=to,
            from_=from_,
            date_sent=date_sent,
            date_sent_before=date_sent_before,
            date_sent_after=date_sent_after,
            page_size=page_size,
            page=page,
            page_token=page_token,
        )
    ).parsed
