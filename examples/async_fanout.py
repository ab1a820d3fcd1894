"""Send the same text to many numbers at once with AsyncClient, at most 20 in flight.

    python examples/async_fanout.py +15550100000 +15550100001 +15550100002

(With the environment of examples/send_and_track.py.) For large batches that must survive
a crash, use `send_many` (examples/csv_campaign.py), which also paces and resumes.
"""

from __future__ import annotations

import asyncio
import sys

from sendwire import AsyncClient, Message, SendwireError

SENDER = "+15017122661"
IN_FLIGHT = 20


async def send_one(
    client: AsyncClient, gate: asyncio.Semaphore, to: str, body: str
) -> Message | SendwireError:
    async with gate:
        try:
            return await client.messages.create(to=to, from_=SENDER, body=body)
        except SendwireError as error:  # one bad number does not stop the others
            return error


async def main(numbers: list[str]) -> int:
    gate = asyncio.Semaphore(IN_FLIGHT)
    async with AsyncClient.from_env() as client:
        results = await asyncio.gather(
            *(send_one(client, gate, to, "The doors open at 7") for to in numbers)
        )
    failed = 0
    for to, result in zip(numbers, results):
        if isinstance(result, Message):
            print(f"{to}: {result.sid}")
        else:
            failed += 1
            print(f"{to}: failed: {result}")
    print(f"{len(numbers) - failed} sent, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
