"""Reads an account's rewards through the RewardsApi runtime API (`rewards_of`: what is
claimable, and what is still in its challenge period) with async-substrate-interface, a client
nobody here wrote: it decodes our types from the runtime metadata alone.

    python pending_rewards.py ws://127.0.0.1:9944 <ss58-address>

Prints the claimable rewards as JSON (balances as decimal strings), with the credits in their
challenge period under "in_challenge", and exits 0; or prints the error and exits 1.
"""

import asyncio
import json
import sys

from async_substrate_interface import AsyncSubstrateInterface

SS58_PREFIX = 2729
FIELDS = ("data", "model", "provider", "emission", "total", "current_epoch_score")
IN_CHALLENGE = ("data", "model", "provider", "score")


async def pending_rewards(url: str, address: str) -> dict:
    async with AsyncSubstrateInterface(url, ss58_format=SS58_PREFIX) as substrate:
        result = await substrate.runtime_call("RewardsApi", "rewards_of", [address])
        value = getattr(result, "value", result)
        rewards = {field: str(value["claimable"][field]) for field in FIELDS}
        rewards["in_challenge"] = {f: str(value["in_challenge"][f]) for f in IN_CHALLENGE}
        return rewards


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
