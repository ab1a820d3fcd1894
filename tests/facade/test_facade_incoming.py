"""sendwire.webhooks for the incoming-message loop: reading the form, answering in TwiML."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from sendwire.errors import ValidationError
from sendwire.webhooks import MessagingResponse, parse_incoming_message

FORM = [
    ("MessageSid", "SM" + "a" * 32),
    ("SmsMessageSid", "SM" + "a" * 32),
    ("AccountSid", "AC" + "b" * 32),
    ("From", "+15551230001"),
    ("To", "+15005550006"),
    ("Body", "Hi ∑"),
    ("NumMedia", "2"),
    ("MediaUrl0", "https://example.com/a.png"),
    ("MediaContentType0", "image/png"),
    ("MediaUrl1", "https://example.com/b.gif"),
    ("MediaContentType1", "image/gif"),
    ("NumSegments", "1"),
    ("FromCity", "SPRINGFIELD"),
]


def test_an_incoming_form_becomes_a_typed_message() -> None:
    message = parse_incoming_message(FORM)
    assert message.message_sid == "SM" + "a" * 32
    assert message.account_sid == "AC" + "b" * 32
    assert (message.from_, message.to, message.body) == ("+15551230001", "+15005550006", "Hi ∑")
    assert [(m.url, m.content_type) for m in message.media] == [
        ("https://example.com/a.png", "image/png"),
        ("https://example.com/b.gif", "image/gif"),
    ]
    assert message.num_segments == 1
    assert message.extra == {"FromCity": "SPRINGFIELD"}
    assert parse_incoming_message(dict(FORM)) == message


@pytest.mark.parametrize("dropped", ["MessageSid", "AccountSid", "From", "To"])
def test_a_form_missing_a_required_field_is_refused(dropped: str) -> None:
    form = [
        (k, v)
        for k, v in FORM
        if k != dropped and not (dropped == "MessageSid" and "Sid" in k and k != "AccountSid")
    ]
    with pytest.raises(ValidationError) as caught:
        parse_incoming_message(form)
    assert caught.value.field == dropped


def test_a_hostile_media_count_is_bounded() -> None:
    form = [(k, v) for k, v in FORM if k != "NumMedia"] + [("NumMedia", "99999999999")]
    assert len(parse_incoming_message(form).media) == 2
    form = [(k, v) for k, v in FORM if k != "NumMedia"] + [("NumMedia", "-1")]
    assert parse_incoming_message(form).media == ()


def test_a_messaging_response_escapes_everything() -> None:
    reply = MessagingResponse()
    reply.message('<b>"hi" & bye</b>', to="+15551230001")
    reply.message("", media=["https://example.com/a.png?x=1&y=2"])
    document = str(reply)
    root = ElementTree.fromstring(document)
    assert root.tag == "Response"
    first, second = list(root)
    assert first.text == '<b>"hi" & bye</b>' and first.get("to") == "+15551230001"
    assert [child.tag for child in second] == ["Media"]
    assert second[0].text == "https://example.com/a.png?x=1&y=2"
    assert "<b>" not in document


@pytest.mark.parametrize(
    ("body", "media"), [("", ()), ("bell \x07", ()), ("ok", ("https://example.com/\x00",))]
)
def test_a_reply_xml_cannot_carry_is_refused(body: str, media: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError):
        MessagingResponse().message(body, media=media)


def test_an_empty_response_is_a_valid_document() -> None:
    assert ElementTree.fromstring(str(MessagingResponse())).tag == "Response"
