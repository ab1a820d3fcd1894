"""Send one message and follow its status until it is final.

sendwire mock &
export TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000
export TWILIO_AUTH_TOKEN=sendwire-dev-token
export SENDWIRE_BASE_URL=http://127.0.0.1:4010
python examples/send_and_track.py +15558675310 "Your order has shipped"
"""

from __future__ import annotations

import sys
import time

from sendwire import Client, MessageStatus

FINAL = {
    MessageStatus.DELIVERED,
    MessageStatus.UNDELIVERED,
    MessageStatus.FAILED,
    MessageStatus.CANCELED,
}
SENDER = "+15017122661"


def main(to: str, body: str, timeout_seconds: float = 60.0) -> int:
    with Client.from_env() as client:
        message = client.messages.create(to=to, from_=SENDER, body=body)
        print(f"sent {message.sid}: {message.status}")
        seen = message.status
        deadline = time.monotonic() + timeout_seconds
        while message.status not in FINAL:
            if time.monotonic() > deadline:
                print(f"still {message.status} after {timeout_seconds:.0f} s")
                return 1
            time.sleep(0.5)
            message = client.messages.get(message.sid)
            if message.status != seen:
                print(f"  now {message.status}")
                seen = message.status
        if message.status != MessageStatus.DELIVERED:
            print(f"not delivered: error {message.error_code}: {message.error_message}")
            return 1
        print(
            f"delivered at {message.date_updated:%H:%M:%S}, price {message.price} "
            f"{message.price_unit}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
