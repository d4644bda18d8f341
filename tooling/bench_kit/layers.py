"""Where httpx's per-call time goes, and what other ways of using it cost: the options for the templates.

Each contender is one GET of the docs' example through a different layer or transport, all
against the same server and measured in the same interleaved rounds as the main comparison.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import urllib3

from tooling.bench_kit import official, payloads
from tooling.bench_kit.contenders import HEADERS, Contender


class Urllib3Transport(httpx.BaseTransport):
    """httpx's API on urllib3's wire: the option of swapping the transport and keeping the client."""

    def __init__(self) -> None:
        self.pool = urllib3.PoolManager(maxsize=1, retries=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.pool.urlopen(
            request.method,
            str(request.url),
            body=request.read() or None,
            headers=dict(request.headers),
            redirect=False,
            retries=False,
            decode_content=False,
        )
        return httpx.Response(response.status, headers=list(response.headers.items()), content=response.data)

    def close(self) -> None:
        self.pool.clear()


@contextmanager
def layer_contenders(base_url: str, loop: asyncio.AbstractEventLoop) -> Iterator[list[Contender]]:
    """One GET per layer; ``loop`` is unused (every layer here is sync) but keeps the builder's shape."""
    del loop
    url = httpx.URL(base_url + payloads.PATH)
    with ExitStack() as stack:
        client = stack.enter_context(httpx.Client(base_url=base_url, headers=HEADERS))
        on_urllib3 = stack.enter_context(httpx.Client(base_url=base_url, headers=HEADERS, transport=Urllib3Transport()))
        transport = stack.enter_context(httpx.HTTPTransport())
        headers = httpx.Headers(client.headers)  # merged once, as a client could cache them
        api: Any = official.hamr_api(base_url, stack)

        def via_client() -> object:
            return json.loads(client.get(payloads.PATH).content)

        def via_send() -> object:
            return json.loads(client.send(httpx.Request("GET", url, headers=headers)).content)

        def via_send_on_urllib3() -> object:
            return json.loads(on_urllib3.send(httpx.Request("GET", url, headers=headers)).content)

        def via_transport() -> object:
            return json.loads(transport.handle_request(httpx.Request("GET", url, headers=headers)).read())

        yield [
            Contender("httpx Client.get(path)", "GET", via_client),
            Contender("httpx Client.send(Request(cached URL))", "GET", via_send),
            Contender("  same, urllib3-backed transport", "GET", via_send_on_urllib3),
            Contender("httpx HTTPTransport.handle_request", "GET", via_transport),
            Contender("datadog-api-client", "GET", api.get_hamr_org_connection),
        ]
