"""The one asyncio event loop of this process, in a background thread, where all Telegram work runs.

python-telegram-bot is asyncio, Flask and gunicorn's sync workers are not. So the webhook view only
parses the update and hands a coroutine to this loop with `submit`, then answers Telegram at once.

How it lives under gunicorn: each worker process gets its own loop and thread. Nothing is started
at import or in the app factory (gunicorn may build the app in the master before forking, and a
thread does not survive a fork): the loop starts lazily on the first `submit` in a process. The
owning process id is remembered, so a forked child that inherits a started loop object starts a
fresh one of its own. The thread is a daemon: it ends with the worker; `stop()` is for tests.
"""
from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import Future

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None
_pid: int | None = None


def get_loop() -> asyncio.AbstractEventLoop:
    """This process's running background loop (started on first use, again after a fork)."""
    global _loop, _thread, _pid
    with _lock:
        if _loop is None or _pid != os.getpid() or not _thread.is_alive():
            ready = threading.Event()
            loop = asyncio.new_event_loop()

            def run():
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                loop.run_forever()

            _thread = threading.Thread(target=run, name="pcn-telegram-loop", daemon=True)
            _loop, _pid = loop, os.getpid()
            _thread.start()
            ready.wait()
        return _loop


def submit(coro) -> Future:
    """Run a coroutine on the background loop; returns a concurrent Future (nobody has to wait on it)."""
    return asyncio.run_coroutine_threadsafe(coro, get_loop())


def call(coro, timeout: float = 30.0):
    """Run a coroutine on the background loop and wait for its result (for sync callers)."""
    return submit(coro).result(timeout)


def stop() -> None:
    """Stop this process's loop and its thread (tests; a worker's loop otherwise ends with it)."""
    global _loop, _thread
    with _lock:
        loop, thread = _loop, _thread
        _loop = _thread = None
    if loop is not None and thread is not None and thread.is_alive():
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
