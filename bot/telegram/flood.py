"""Telegram's flood control, waited out: a Bot API call refused with 429 is sent again after the wait.

When a bot sends too fast (about one message a second to a chat, twenty a minute to a group, thirty a
second in all), Telegram answers 429 "Too Many Requests" with `parameters.retry_after`, the seconds
to wait before the same call is accepted. `PatientRequest` is the HTTP transport of every `Bot` this
front end makes (`settings.make_bot`): on a 429 it waits that long and sends the call again, at most
`RETRIES` times, so a reply held up by flood control arrives late instead of not at all. A wait
longer than `MAX_WAIT_S`, or a 429 after the last retry, is handed up as python-telegram-bot always
does, as `telegram.error.RetryAfter`. The wait is an `asyncio` sleep: other people's turns go on
meanwhile; only the waiting person's next turn queues behind it, keeping their replies in order.
"""
from __future__ import annotations

import asyncio
import json
import logging

from telegram.request import HTTPXRequest

RETRIES = 2
MAX_WAIT_S = 60
TOO_MANY_REQUESTS = 429
log = logging.getLogger(__name__)
_sleep = asyncio.sleep      # tests replace it, to see the waits without taking them


def retry_after(code: int, payload: bytes) -> float | None:
    """The seconds a 429 answer asks to wait (None for any other answer)."""
    if code != TOO_MANY_REQUESTS:
        return None
    try:
        wait = json.loads(payload)["parameters"]["retry_after"]
    except (ValueError, TypeError, KeyError):
        return None
    return float(wait) if isinstance(wait, (int, float)) and wait >= 0 else None


class PatientRequest(HTTPXRequest):
    """python-telegram-bot's HTTPX transport, sending a call again when Telegram says to wait."""

    async def do_request(self, url: str, method: str, request_data=None, *args, **kwargs) -> tuple[int, bytes]:
        """One Bot API call: the answer, after up to `RETRIES` waits asked for by 429 answers."""
        code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
        for _ in range(RETRIES):
            wait = retry_after(code, payload)
            if wait is None or wait > MAX_WAIT_S:
                break
            # the bot token is part of the URL: log only the method
            log.warning("Telegram flood control: %s again in %s s", url.rsplit("/", 1)[-1], wait)
            await _sleep(wait)
            code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
        return code, payload
