"""The API's input rules, in the one place the client states them.

Every value here is a pattern or bound of ``spec/messages.yaml``; the generated client carries
types but not these, so they are restated once here and a test compares them with the spec.
"""

from __future__ import annotations

import re
from typing import Final

ACCOUNT_SID: Final = re.compile(r"^AC[0-9a-fA-F]{32}$")
MESSAGE_SID: Final = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
MEDIA_SID: Final = re.compile(r"^ME[0-9a-fA-F]{32}$")
MESSAGING_SERVICE_SID: Final = re.compile(r"^MG[0-9a-fA-F]{32}$")
CONTENT_SID: Final = re.compile(r"^HX[0-9a-fA-F]{32}$")
APPLICATION_SID: Final = re.compile(r"^AP[0-9a-fA-F]{32}$")

BODY_MAX_LENGTH: Final = 1600
MEDIA_URL_MAX_ITEMS: Final = 10
VALIDITY_PERIOD_MIN: Final = 1
VALIDITY_PERIOD_MAX: Final = 36000
PAGE_SIZE_MIN: Final = 1
PAGE_SIZE_MAX: Final = 1000

# The string forms the DateSent filters accept besides an ISO date or RFC 3339 date-time.
DATE_SENT_RFC2822: Final = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} "
    r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] [+-]([01][0-9]|2[0-3])[0-5][0-9]$"
)
DATE_SENT_GMT_DATETIME: Final = re.compile(
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) "
    r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?$"
)
DATE_SENT_US_ZONE: Final = re.compile(
    r"^(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[0-9]{4} "
    r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] "
    r"(GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST)$"
)
# JSON Schema's `date` and `date-time` formats (RFC 3339 full-date / date-time with an offset).
ISO_DATE: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
ISO_DATETIME: Final = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
