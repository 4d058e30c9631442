"""Reads an account's pending rewards through the RewardsApi runtime API with
async-substrate-interface, a client nobody here wrote: it decodes our types from the
runtime metadata alone.

    python pending_rewards.py ws://127.0.0.1:9944 <ss58-address>

Prints the rewards as JSON (balances as decimal strings) and exits 0, or prints the error and
exits 1.
"""

import asyncio
import json
import sys

from async_substrate_interface import AsyncSubstrateInterface

SS58_PREFIX = 2729
FIELDS = ("data", "model", "provider", "emission", "total", "current_epoch_score")


async def pending_rewards(url: str, address: str) -> dict:
    async with AsyncSubstrateInterface(url, ss58_format=SS58_PREFIX) as substrate:
        result = await substrate.runtime_call("RewardsApi", "pending_rewards", [address])
        value = getattr(result, "value", result)
        return {field: str(value[field]) for field in FIELDS}


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        print(json.dumps(asyncio.run(pending_rewards(sys.argv[1], sys.argv[2]))))
    except Exception as error:  # the point is a clear message, whatever failed
        print(f"error: {error!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
