"""Each operation's inputs: names, wire names, kinds and JSON Schemas.

Generated from spec/messages.yaml by `make generate` (tools/codegen/facade); do not edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from sendwire._schema.operation import Input, OperationInputs

if TYPE_CHECKING:
    from typing_extensions import Required


LIST_MESSAGE = OperationInputs(
    operation_id="ListMessage",
    path=(
        Input(
            "account_sid",
            "AccountSid",
            "str",
            required=True,
            doc="The SID of the Account that owns the messages.",
        ),
    ),
    query=(
        Input("to", "To", "str", required=False, doc="Only messages sent to this recipient."),
        Input("from_", "From", "str", required=False, doc="Only messages sent by this sender."),
        Input(
            "date_sent",
            "DateSent",
            "date_filter",
            required=False,
            doc="Only messages sent on this GMT date (`YYYY-MM-DD`) or at this date-time.",
        ),
        Input(
            "date_sent_before",
            "DateSent<",
            "date_filter",
            required=False,
            doc="Only messages sent on or before this GMT date (`YYYY-MM-DD`) or date-time. On the wire this reads `DateSent<=2009-07-06`.",
        ),
        Input(
            "date_sent_after",
            "DateSent>",
            "date_filter",
            required=False,
            doc="Only messages sent on or after this GMT date (`YYYY-MM-DD`) or date-time. On the wire this reads `DateSent>=2009-07-06`.",
        ),
        Input(
            "page_size",
            "PageSize",
            "int",
            required=False,
            doc="How many resources each page holds; 50 when omitted, at most 1000.",
        ),
        Input(
            "page",
            "Page",
            "int",
            required=False,
            doc="The page index. It only carries client state.",
        ),
        Input(
            "page_token",
            "PageToken",
            "str",
            required=False,
            doc="The position to continue from, as given in `next_page_uri`.",
        ),
    ),
    body=(),
    filters=("to", "from_", "date_sent", "date_sent_before", "date_sent_after"),
    path_schema={
        "type": "object",
        "properties": {
            "AccountSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AC[0-9a-fA-F]{32}$",
            }
        },
        "required": ["AccountSid"],
    },
    query_schema={
        "type": "object",
        "properties": {
            "To": {"type": "string", "format": "phone-number"},
            "From": {"type": "string", "format": "phone-number"},
            "DateSent": {
                "type": "string",
                "anyOf": [
                    {"type": "string", "format": "date"},
                    {"type": "string", "format": "date-time"},
                    {
                        "type": "string",
                        "pattern": "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] [+-]([01][0-9]|2[0-3])[0-5][0-9]$",
                    },
                    {
                        "type": "string",
                        "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?$",
                    },
                    {
                        "type": "string",
                        "pattern": "^(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] (GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST)$",
                    },
                ],
            },
            "DateSent<": {
                "type": "string",
                "anyOf": [
                    {"type": "string", "format": "date"},
                    {"type": "string", "format": "date-time"},
                    {
                        "type": "string",
                        "pattern": "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] [+-]([01][0-9]|2[0-3])[0-5][0-9]$",
                    },
                    {
                        "type": "string",
                        "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?$",
                    },
                    {
                        "type": "string",
                        "pattern": "^(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] (GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST)$",
                    },
                ],
            },
            "DateSent>": {
                "type": "string",
                "anyOf": [
                    {"type": "string", "format": "date"},
                    {"type": "string", "format": "date-time"},
                    {
                        "type": "string",
                        "pattern": "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] [+-]([01][0-9]|2[0-3])[0-5][0-9]$",
                    },
                    {
                        "type": "string",
                        "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?$",
                    },
                    {
                        "type": "string",
                        "pattern": "^(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] (GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST)$",
                    },
                ],
            },
            "PageSize": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 1000},
            "Page": {"type": "integer", "minimum": 0},
            "PageToken": {"type": "string"},
        },
    },
    body_schema=None,
    method="GET",
    template="/2010-04-01/Accounts/{AccountSid}/Messages.json",
    method_name="list_message",
    result="Message",
    envelope="MessageList",
    items_key="messages",
    max_page_size=1000,
)


CREATE_MESSAGE = OperationInputs(
    operation_id="CreateMessage",
    path=(
        Input(
            "account_sid",
            "AccountSid",
            "str",
            required=True,
            doc="The SID of the Account that owns the messages.",
        ),
    ),
    query=(),
    body=(
        Input(
            "to",
            "To",
            "str",
            required=True,
            doc="The recipient's E.164 phone number or channel address, e.g. `whatsapp:+15552229999`.",
        ),
        Input(
            "status_callback",
            "StatusCallback",
            "str",
            required=False,
            doc="Where the service sends status-change requests for this message. The host name must be valid and may not contain underscores. Takes precedence over the Messaging Service's callback URL and over `ApplicationSid`.",
        ),
        Input(
            "application_sid",
            "ApplicationSid",
            "str",
            required=False,
            doc="A TwiML Application whose message status callback URL receives status changes.",
        ),
        Input(
            "max_price",
            "MaxPrice",
            "float",
            required=False,
            doc="Obsolete; has no effect since 2024-06-03.",
        ),
        Input(
            "provide_feedback",
            "ProvideFeedback",
            "bool",
            required=False,
            doc="Whether delivery feedback will be sent through the MessageFeedback subresource (default false).",
        ),
        Input(
            "attempt",
            "Attempt",
            "int",
            required=False,
            doc="Total number of attempts made to send this message, this one included.",
        ),
        Input(
            "validity_period",
            "ValidityPeriod",
            "int",
            required=False,
            doc="Seconds the message may wait in the outgoing queue before it is dropped (default 36000).",
        ),
        Input("force_delivery", "ForceDelivery", "bool", required=False, doc="Reserved."),
        Input(
            "content_retention",
            "ContentRetention",
            "enum",
            required=False,
            choices=("retain", "discard"),
            doc="Whether the message content may be stored or must be discarded.",
        ),
        Input(
            "address_retention",
            "AddressRetention",
            "enum",
            required=False,
            choices=("retain", "obfuscate"),
            doc="Whether the addresses may be stored or must be obfuscated.",
        ),
        Input(
            "smart_encoded",
            "SmartEncoded",
            "bool",
            required=False,
            doc="Replace Unicode characters that have a GSM-7 look-alike.",
        ),
        Input(
            "persistent_action",
            "PersistentAction",
            "list",
            required=False,
            doc="Rich actions for non-SMS channels, e.g. a location in WhatsApp.",
        ),
        Input("traffic_type", "TrafficType", "enum", required=False, choices=("free",)),
        Input(
            "shorten_urls",
            "ShortenUrls",
            "bool",
            required=False,
            doc="Shorten links in the body (Messaging Services with link shortening; default false).",
        ),
        Input(
            "schedule_type",
            "ScheduleType",
            "enum",
            required=False,
            choices=("fixed",),
            doc="`fixed` schedules the message for `SendAt` (Messaging Service only).",
        ),
        Input(
            "send_at",
            "SendAt",
            "datetime",
            required=False,
            doc="When to send a scheduled message (ISO 8601).",
        ),
        Input(
            "send_as_mms",
            "SendAsMms",
            "bool",
            required=False,
            doc="Deliver as a single MMS even without media.",
        ),
        Input(
            "content_variables",
            "ContentVariables",
            "json_text",
            required=False,
            doc="JSON object of template variables for `ContentSid`.",
        ),
        Input(
            "risk_check",
            "RiskCheck",
            "enum",
            required=False,
            choices=("enable", "disable"),
            doc="`disable` skips risk checks on this message.",
        ),
        Input(
            "from_",
            "From",
            "str",
            required=False,
            doc="The sender: one of the account's phone numbers (E.164), a short code, an alphanumeric sender ID, a channel address (e.g. `whatsapp:+15554449999`) or a Messaging Service SID (`MG...`). May be omitted with `MessagingServiceSid`.",
        ),
        Input(
            "messaging_service_sid",
            "MessagingServiceSid",
            "str",
            required=False,
            doc="The Messaging Service to send with; it picks a sender when `From` is omitted.",
        ),
        Input(
            "body", "Body", "str", required=False, doc="The message text, up to 1,600 characters."
        ),
        Input(
            "media_url",
            "MediaUrl",
            "list",
            required=False,
            doc="URLs of up to ten media files to attach (repeat the parameter for each).",
        ),
        Input(
            "content_sid", "ContentSid", "str", required=False, doc="A Content Template to send."
        ),
    ),
    filters=(),
    path_schema={
        "type": "object",
        "properties": {
            "AccountSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AC[0-9a-fA-F]{32}$",
            }
        },
        "required": ["AccountSid"],
    },
    query_schema={"type": "object", "properties": {}},
    body_schema={
        "type": "object",
        "required": ["To"],
        "allOf": [
            {"anyOf": [{"required": ["From"]}, {"required": ["MessagingServiceSid"]}]},
            {
                "anyOf": [
                    {"required": ["Body"]},
                    {"required": ["MediaUrl"]},
                    {"required": ["ContentSid"]},
                ]
            },
        ],
        "properties": {
            "To": {"type": "string", "pattern": "^(?:(?:whatsapp|rcs):)?\\+[1-9][0-9]{6,14}$"},
            "StatusCallback": {"type": "string", "format": "uri"},
            "ApplicationSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AP[0-9a-fA-F]{32}$",
            },
            "MaxPrice": {"type": "number"},
            "ProvideFeedback": {"type": "boolean"},
            "Attempt": {"type": "integer"},
            "ValidityPeriod": {"type": "integer", "minimum": 1, "maximum": 36000},
            "ForceDelivery": {"type": "boolean"},
            "ContentRetention": {"type": "string", "enum": ["retain", "discard"]},
            "AddressRetention": {"type": "string", "enum": ["retain", "obfuscate"]},
            "SmartEncoded": {"type": "boolean"},
            "PersistentAction": {"type": "array", "items": {"type": "string"}},
            "TrafficType": {"type": "string", "enum": ["free"]},
            "ShortenUrls": {"type": "boolean"},
            "ScheduleType": {"type": "string", "enum": ["fixed"]},
            "SendAt": {"type": "string", "format": "date-time"},
            "SendAsMms": {"type": "boolean"},
            "ContentVariables": {"type": "string"},
            "RiskCheck": {"type": "string", "enum": ["enable", "disable"]},
            "From": {
                "type": "string",
                "pattern": "^(?:(?:(?:whatsapp|rcs):)?\\+[1-9][0-9]{6,14}|[0-9]{3,8}|(?=[0-9 ]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9 ]{0,10}|MG[0-9a-fA-F]{32})$",
            },
            "MessagingServiceSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^MG[0-9a-fA-F]{32}$",
            },
            "Body": {"type": "string", "maxLength": 1600},
            "MediaUrl": {
                "type": "array",
                "maxItems": 10,
                "items": {"type": "string", "format": "uri"},
            },
            "ContentSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^HX[0-9a-fA-F]{32}$",
            },
        },
    },
    method="POST",
    template="/2010-04-01/Accounts/{AccountSid}/Messages.json",
    method_name="create_message",
    result="Message",
)


FETCH_MESSAGE = OperationInputs(
    operation_id="FetchMessage",
    path=(
        Input(
            "account_sid",
            "AccountSid",
            "str",
            required=True,
            doc="The SID of the Account that owns the messages.",
        ),
        Input("sid", "Sid", "str", required=True, doc="The SID of the Message resource."),
    ),
    query=(),
    body=(),
    filters=(),
    path_schema={
        "type": "object",
        "properties": {
            "AccountSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AC[0-9a-fA-F]{32}$",
            },
            "Sid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^(SM|MM)[0-9a-fA-F]{32}$",
            },
        },
        "required": ["AccountSid", "Sid"],
    },
    query_schema={"type": "object", "properties": {}},
    body_schema=None,
    method="GET",
    template="/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
    method_name="fetch_message",
    result="Message",
)


UPDATE_MESSAGE = OperationInputs(
    operation_id="UpdateMessage",
    path=(
        Input(
            "account_sid",
            "AccountSid",
            "str",
            required=True,
            doc="The SID of the Account that owns the messages.",
        ),
        Input("sid", "Sid", "str", required=True, doc="The SID of the Message resource."),
    ),
    query=(),
    body=(
        Input(
            "body",
            "Body",
            "str",
            required=False,
            doc="The new body; the empty string redacts the message.",
        ),
        Input(
            "status",
            "Status",
            "enum",
            required=False,
            choices=("canceled",),
            doc="`canceled` cancels a scheduled message.",
        ),
    ),
    filters=(),
    path_schema={
        "type": "object",
        "properties": {
            "AccountSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AC[0-9a-fA-F]{32}$",
            },
            "Sid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^(SM|MM)[0-9a-fA-F]{32}$",
            },
        },
        "required": ["AccountSid", "Sid"],
    },
    query_schema={"type": "object", "properties": {}},
    body_schema={
        "type": "object",
        "properties": {
            "Body": {"type": "string"},
            "Status": {"type": "string", "enum": ["canceled"]},
        },
    },
    method="POST",
    template="/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
    method_name="update_message",
    result="Message",
)


DELETE_MESSAGE = OperationInputs(
    operation_id="DeleteMessage",
    path=(
        Input(
            "account_sid",
            "AccountSid",
            "str",
            required=True,
            doc="The SID of the Account that owns the messages.",
        ),
        Input("sid", "Sid", "str", required=True, doc="The SID of the Message resource."),
    ),
    query=(),
    body=(),
    filters=(),
    path_schema={
        "type": "object",
        "properties": {
            "AccountSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AC[0-9a-fA-F]{32}$",
            },
            "Sid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^(SM|MM)[0-9a-fA-F]{32}$",
            },
        },
        "required": ["AccountSid", "Sid"],
    },
    query_schema={"type": "object", "properties": {}},
    body_schema=None,
    method="DELETE",
    template="/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
    method_name="delete_message",
)


LIST_MEDIA = OperationInputs(
    operation_id="ListMedia",
    path=(
        Input(
            "account_sid",
            "AccountSid",
            "str",
            required=True,
            doc="The SID of the Account that owns the messages.",
        ),
        Input(
            "message_sid",
            "MessageSid",
            "str",
            required=True,
            doc="The SID of the Message resource the subresource belongs to.",
        ),
    ),
    query=(
        Input(
            "page_size",
            "PageSize",
            "int",
            required=False,
            doc="How many resources each page holds; 50 when omitted, at most 1000.",
        ),
        Input(
            "page",
            "Page",
            "int",
            required=False,
            doc="The page index. It only carries client state.",
        ),
        Input(
            "page_token",
            "PageToken",
            "str",
            required=False,
            doc="The position to continue from, as given in `next_page_uri`.",
        ),
    ),
    body=(),
    filters=(),
    path_schema={
        "type": "object",
        "properties": {
            "AccountSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AC[0-9a-fA-F]{32}$",
            },
            "MessageSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^(SM|MM)[0-9a-fA-F]{32}$",
            },
        },
        "required": ["AccountSid", "MessageSid"],
    },
    query_schema={
        "type": "object",
        "properties": {
            "PageSize": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 1000},
            "Page": {"type": "integer", "minimum": 0},
            "PageToken": {"type": "string"},
        },
    },
    body_schema=None,
    method="GET",
    template="/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json",
    method_name="list_media",
    result="Media",
    envelope="MediaList",
    items_key="media_list",
    max_page_size=1000,
)


FETCH_MEDIA = OperationInputs(
    operation_id="FetchMedia",
    path=(
        Input(
            "account_sid",
            "AccountSid",
            "str",
            required=True,
            doc="The SID of the Account that owns the messages.",
        ),
        Input(
            "message_sid",
            "MessageSid",
            "str",
            required=True,
            doc="The SID of the Message resource the subresource belongs to.",
        ),
        Input("sid", "Sid", "str", required=True, doc="The SID of the Media resource."),
    ),
    query=(),
    body=(),
    filters=(),
    path_schema={
        "type": "object",
        "properties": {
            "AccountSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AC[0-9a-fA-F]{32}$",
            },
            "MessageSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^(SM|MM)[0-9a-fA-F]{32}$",
            },
            "Sid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^ME[0-9a-fA-F]{32}$",
            },
        },
        "required": ["AccountSid", "MessageSid", "Sid"],
    },
    query_schema={"type": "object", "properties": {}},
    body_schema=None,
    method="GET",
    template="/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json",
    method_name="fetch_media",
    result="Media",
)


DELETE_MEDIA = OperationInputs(
    operation_id="DeleteMedia",
    path=(
        Input(
            "account_sid",
            "AccountSid",
            "str",
            required=True,
            doc="The SID of the Account that owns the messages.",
        ),
        Input(
            "message_sid",
            "MessageSid",
            "str",
            required=True,
            doc="The SID of the Message resource the subresource belongs to.",
        ),
        Input("sid", "Sid", "str", required=True, doc="The SID of the Media resource."),
    ),
    query=(),
    body=(),
    filters=(),
    path_schema={
        "type": "object",
        "properties": {
            "AccountSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AC[0-9a-fA-F]{32}$",
            },
            "MessageSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^(SM|MM)[0-9a-fA-F]{32}$",
            },
            "Sid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^ME[0-9a-fA-F]{32}$",
            },
        },
        "required": ["AccountSid", "MessageSid", "Sid"],
    },
    query_schema={"type": "object", "properties": {}},
    body_schema=None,
    method="DELETE",
    template="/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json",
    method_name="delete_media",
)


CREATE_MESSAGE_FEEDBACK = OperationInputs(
    operation_id="CreateMessageFeedback",
    path=(
        Input(
            "account_sid",
            "AccountSid",
            "str",
            required=True,
            doc="The SID of the Account that owns the messages.",
        ),
        Input(
            "message_sid",
            "MessageSid",
            "str",
            required=True,
            doc="The SID of the Message resource the subresource belongs to.",
        ),
    ),
    query=(),
    body=(
        Input(
            "outcome",
            "Outcome",
            "enum",
            required=False,
            choices=("confirmed", "unconfirmed"),
            doc="`confirmed` when the recipient got the message, otherwise `unconfirmed`.",
        ),
    ),
    filters=(),
    path_schema={
        "type": "object",
        "properties": {
            "AccountSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^AC[0-9a-fA-F]{32}$",
            },
            "MessageSid": {
                "type": "string",
                "minLength": 34,
                "maxLength": 34,
                "pattern": "^(SM|MM)[0-9a-fA-F]{32}$",
            },
        },
        "required": ["AccountSid", "MessageSid"],
    },
    query_schema={"type": "object", "properties": {}},
    body_schema={
        "type": "object",
        "properties": {"Outcome": {"type": "string", "enum": ["confirmed", "unconfirmed"]}},
    },
    method="POST",
    template="/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Feedback.json",
    method_name="create_message_feedback",
    result="Feedback",
)


#: Every operation, in the spec's order.
OPERATIONS: tuple[OperationInputs, ...] = (
    LIST_MESSAGE,
    CREATE_MESSAGE,
    FETCH_MESSAGE,
    UPDATE_MESSAGE,
    DELETE_MESSAGE,
    LIST_MEDIA,
    FETCH_MEDIA,
    DELETE_MEDIA,
    CREATE_MESSAGE_FEEDBACK,
)


#: The path parameter every client fills in with its own account.
ACCOUNT_PARAMETER = "AccountSid"


#: The query parameters that drive paging, by the part each plays.
PAGING_PARAMETERS: dict[str, str] = {
    "page_size": "PageSize",
    "page": "Page",
    "page_token": "PageToken",
}


class ListMessageFilters(TypedDict, total=False):
    """The filters of ListMessage."""

    #: Only messages sent to this recipient.
    to: str | None
    #: Only messages sent by this sender.
    from_: str | None
    #: Only messages sent on this GMT date (`YYYY-MM-DD`) or at this date-time.
    date_sent: dt.date | str | None
    #: Only messages sent on or before this GMT date (`YYYY-MM-DD`) or date-time. On the wire this
    #: reads `DateSent<=2009-07-06`.
    date_sent_before: dt.date | str | None
    #: Only messages sent on or after this GMT date (`YYYY-MM-DD`) or date-time. On the wire this
    #: reads `DateSent>=2009-07-06`.
    date_sent_after: dt.date | str | None


class CreateMessageParams(TypedDict, total=False):
    """The fields of CreateMessage."""

    #: The recipient's E.164 phone number or channel address, e.g. `whatsapp:+15552229999`.
    to: Required[str]
    #: Where the service sends status-change requests for this message. The host name must be valid
    #: and may not contain underscores. Takes precedence over the Messaging Service's callback URL
    #: and over `ApplicationSid`.
    status_callback: str | None
    #: A TwiML Application whose message status callback URL receives status changes.
    application_sid: str | None
    #: Obsolete; has no effect since 2024-06-03.
    max_price: float | None
    #: Whether delivery feedback will be sent through the MessageFeedback subresource (default
    #: false).
    provide_feedback: bool | None
    #: Total number of attempts made to send this message, this one included.
    attempt: int | None
    #: Seconds the message may wait in the outgoing queue before it is dropped (default 36000).
    validity_period: int | None
    #: Reserved.
    force_delivery: bool | None
    #: Whether the message content may be stored or must be discarded.
    content_retention: Literal["retain", "discard"] | None
    #: Whether the addresses may be stored or must be obfuscated.
    address_retention: Literal["retain", "obfuscate"] | None
    #: Replace Unicode characters that have a GSM-7 look-alike.
    smart_encoded: bool | None
    #: Rich actions for non-SMS channels, e.g. a location in WhatsApp.
    persistent_action: str | Sequence[str] | None
    traffic_type: Literal["free"] | None
    #: Shorten links in the body (Messaging Services with link shortening; default false).
    shorten_urls: bool | None
    #: `fixed` schedules the message for `SendAt` (Messaging Service only).
    schedule_type: Literal["fixed"] | None
    #: When to send a scheduled message (ISO 8601).
    send_at: dt.datetime | str | None
    #: Deliver as a single MMS even without media.
    send_as_mms: bool | None
    #: JSON object of template variables for `ContentSid`.
    content_variables: str | Mapping[str, Any] | None
    #: `disable` skips risk checks on this message.
    risk_check: Literal["enable", "disable"] | None
    #: The sender: one of the account's phone numbers (E.164), a short code, an alphanumeric sender
    #: ID, a channel address (e.g. `whatsapp:+15554449999`) or a Messaging Service SID (`MG...`).
    #: May be omitted with `MessagingServiceSid`.
    from_: str | None
    #: The Messaging Service to send with; it picks a sender when `From` is omitted.
    messaging_service_sid: str | None
    #: The message text, up to 1,600 characters.
    body: str | None
    #: URLs of up to ten media files to attach (repeat the parameter for each).
    media_url: str | Sequence[str] | None
    #: A Content Template to send.
    content_sid: str | None


class UpdateMessageParams(TypedDict, total=False):
    """The fields of UpdateMessage."""

    #: The new body; the empty string redacts the message.
    body: str | None
    #: `canceled` cancels a scheduled message.
    status: Literal["canceled"] | None


class CreateMessageFeedbackParams(TypedDict, total=False):
    """The fields of CreateMessageFeedback."""

    #: `confirmed` when the recipient got the message, otherwise `unconfirmed`.
    outcome: Literal["confirmed", "unconfirmed"] | None


__all__ = [
    "LIST_MESSAGE",
    "CREATE_MESSAGE",
    "FETCH_MESSAGE",
    "UPDATE_MESSAGE",
    "DELETE_MESSAGE",
    "LIST_MEDIA",
    "FETCH_MEDIA",
    "DELETE_MEDIA",
    "CREATE_MESSAGE_FEEDBACK",
    "OPERATIONS",
    "ACCOUNT_PARAMETER",
    "PAGING_PARAMETERS",
    "ListMessageFilters",
    "CreateMessageParams",
    "UpdateMessageParams",
    "CreateMessageFeedbackParams",
]
