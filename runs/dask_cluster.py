"""The connection to a Dask cluster: a ``dask.distributed`` scheduler's address checked, probed
and connected to within a time limit (the optional ``distributed`` extra). Used by
:func:`runs.executors.open_executor`; every failure is a :class:`SchedulerError`.
"""

from __future__ import annotations

import re
import time

SCHEDULER_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://[^\s/]+:\d+$")
INSTALL_HINT = "pip install 'nnclaims[distributed]'"


class SchedulerError(RuntimeError):
    """The Dask scheduler is unusable: bad address, unreachable, or the extra is not installed."""


def check_scheduler_address(address: str) -> str:
    """``address`` if it looks like ``PROTOCOL://HOST:PORT``; else :class:`SchedulerError`."""
    if not isinstance(address, str) or not SCHEDULER_ADDRESS.match(address):
        raise SchedulerError(
            f"--scheduler: expected an address of the form tcp://HOST:PORT, found {address!r}"
        )
    return address


def connect(address: str, timeout: float = 10.0):
    """A ``distributed.Client`` connected to the scheduler at ``address``, within ``timeout``
    seconds of wall-clock time for reaching it and its handshake.

    The address is first probed (:func:`probe_scheduler`): a port that accepts connections but
    is not a Dask scheduler (a dashboard's HTTP port, a silent listener) is an error after at
    most ``timeout`` seconds, never a hang. Every failure is a :class:`SchedulerError`.
    """
    check_scheduler_address(address)
    try:
        from distributed import Client
        from distributed.security import Security
    except ImportError:
        raise SchedulerError(
            f"--scheduler {address}: needs dask.distributed, which is not installed; "
            f"install it with: {INSTALL_HINT}"
        ) from None
    try:
        security = Security()
        connection_args = security.get_connection_args("client")
    except Exception as error:
        raise SchedulerError(
            f"--scheduler {address}: Dask's security configuration is unusable "
            f"({type(error).__name__}: {error})"
        ) from None
    protocol = address.split("://", 1)[0]
    if protocol == "tls" and connection_args.get("ssl_context") is None:
        raise SchedulerError(
            f"--scheduler {address}: expected TLS certificates in Dask's configuration "
            "(distributed.comm.tls.ca-file, .client.cert, .client.key) for a tls:// address, "
            "found none; configure them or use a tcp:// address"
        )
    started = time.monotonic()
    probe_scheduler(address, timeout, connection_args)
    remaining = max(timeout - (time.monotonic() - started), 1.0)
    try:
        return Client(address, timeout=remaining, security=security)
    except Exception as error:
        raise SchedulerError(
            f"--scheduler {address}: expected a Dask scheduler there, found none reachable "
            f"within {timeout:g} s ({type(error).__name__}: {error})"
        ) from None


def probe_scheduler(address: str, timeout: float, connection_args: dict | None = None) -> None:
    """Connect to ``address``, complete Dask's handshake and ask for the peer's identity, all
    within ``timeout`` seconds of wall-clock time; :class:`SchedulerError` unless the peer
    answers as a Dask scheduler."""
    import asyncio

    from distributed.comm import connect as comm_connect

    async def identify():
        comm = await comm_connect(address, timeout=timeout, **(connection_args or {}))
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    try:
        reply = asyncio.run(asyncio.wait_for(identify(), timeout))
    except TimeoutError:
        raise SchedulerError(
            f"--scheduler {address}: expected a Dask scheduler there, found none reachable "
            f"within {timeout:g} s (nothing listening, or a service that is not Dask)"
        ) from None
    except Exception as error:
        raise SchedulerError(
            f"--scheduler {address}: expected a Dask scheduler there, found none reachable "
            f"within {timeout:g} s ({type(error).__name__}: {error})"
        ) from None
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        found = reply.get("type") if isinstance(reply, dict) else type(reply).__name__
        raise SchedulerError(
            f"--scheduler {address}: expected a Dask scheduler there, found a peer that "
            f"identifies as {found!r}"
        )
