"""The aiohttp transport goes through the environment's proxy, or around it, exactly where httpx's own does.

httpx builds its proxy transports itself (on httpcore), so the aiohttp pool mounts its own by
httpx's rules (``HTTP_PROXY``/``ALL_PROXY``, ``NO_PROXY``'s hosts, addresses, ``*``...): any
``NO_PROXY`` made of the spellings below must route a request to the same place on both.
"""

from __future__ import annotations

import asyncio
import os
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.client.calls import _get, loopback_client
from tests.client.conftest import response_example
from tests.client.loopback import RawServer, always, response

# NO_PROXY entries: the server's address, its name, a wildcard, others' names and addresses, a
# network (httpx matches it as a host: no match), a scheme-qualified origin, padding, an empty one.
SPELLINGS = ["127.0.0.1", "localhost", "*", "example.com", ".0.0.1", "127.0.0.0/8", "http://127.0.0.1", "::1", " "]
# Every variable that could route the request another way, cleared for each example.
PROXY_VARIABLES = [f"{name}{suffix}" for name in ("HTTP", "HTTPS", "ALL", "NO") for suffix in ("_PROXY", "_proxy")]


def _through_proxy(proxy: RawServer, url: str, async_transport: str | None) -> bool:
    before = len(proxy.exchanges)
    asyncio.run(_get(loopback_client(url, async_transport=async_transport)))
    return len(proxy.exchanges) > before


@settings(max_examples=16, deadline=None)
@example(entries=["*"], host="127.0.0.1", variable="HTTP_PROXY")  # every rule's exit: no proxy at all
@example(entries=["example.com", "localhost"], host="localhost", variable="ALL_PROXY")
@given(
    entries=st.lists(st.sampled_from(SPELLINGS), max_size=3),
    host=st.sampled_from(["127.0.0.1", "localhost"]),
    variable=st.sampled_from(["HTTP_PROXY", "ALL_PROXY", "http_proxy"]),
)
def test_no_proxy_routes_the_same_on_both_transports(entries: list[str], host: str, variable: str) -> None:
    with (
        RawServer(always(response(200, response_example()))) as proxy,
        RawServer(always(response(200, response_example()))) as server,
        mock.patch.dict(os.environ, clear=False),
    ):
        for name in PROXY_VARIABLES:
            os.environ.pop(name, None)
        os.environ[variable] = proxy.url
        os.environ["NO_PROXY"] = ",".join(entries)
        url = server.url.replace("127.0.0.1", host)
        on_httpx = _through_proxy(proxy, url, None)
        on_aiohttp = _through_proxy(proxy, url, "aiohttp")
    assert on_aiohttp == on_httpx, f"NO_PROXY={','.join(entries)!r}: httpx {on_httpx}, aiohttp {on_aiohttp}"
    assert len(proxy.exchanges) + len(server.exchanges) == 2  # each call answered once, by one of them
