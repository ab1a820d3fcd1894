"""The API's error codes for refused requests (`x-error-codes`).

Generated from spec/messages.yaml by `make generate` (tools/codegen/facade); do not edit.
"""

from __future__ import annotations

#: The code for an invalid parameter no other entry covers.
INVALID_PARAMETER = 20001

#: (parameter, failed JSON Schema keyword) -> (code, message); `Name[]` is an item.
PARAMETER_ERRORS: dict[tuple[str, str], tuple[int, str]] = {
    ("To", "required"): (21604, "A 'To' phone number is required."),
    ("To", "format"): (21211, "The 'To' number is not a valid phone number."),
    ("From", "format"): (
        21212,
        "The 'From' number is not a valid phone number, shortcode, or alphanumeric sender ID.",
    ),
    ("To", "pattern"): (21211, "The 'To' number is not a valid phone number."),
    ("From", "pattern"): (
        21212,
        "The 'From' number is not a valid phone number, shortcode, or alphanumeric sender ID.",
    ),
    ("Body", "maxLength"): (
        21617,
        "The concatenated message body exceeds the {limit} character limit.",
    ),
    ("MediaUrl", "maxItems"): (21623, "Too many media URLs: at most {limit} are allowed."),
    ("MediaUrl[]", "format"): (21620, "Invalid media URL(s)."),
}

#: The alternatives of a failed one-of-these-is-required rule -> (code, message).
ALTERNATIVE_ERRORS: dict[frozenset[str], tuple[int, str]] = {
    frozenset(["From", "MessagingServiceSid"]): (21603, "A 'From' phone number is required."),
    frozenset(["Body", "ContentSid", "MediaUrl"]): (21602, "Message body is required."),
}

__all__ = ["ALTERNATIVE_ERRORS", "INVALID_PARAMETER", "PARAMETER_ERRORS"]
