"""The clients being compared, each reduced to one no-argument call per operation, built against one server.

Every contender sends the same placeholder DD keys and the docs' request body, and returns a
parsed response; POST floors serialise the body on every call, as every real client must.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import urllib3

from tooling.bench_kit import payloads

HEADERS = {"DD-API-KEY": payloads.API_KEY, "DD-APPLICATION-KEY": payloads.APP_KEY, "Accept": "application/json"}
POST_HEADERS = {**HEADERS, "Content-Type": "application/json"}

AIOHTTP_RAW = "httpx-aiohttp + json"
AIOHTTP_HAMR = "hamr_client async aiohttp"

SyncCall = Callable[[], object]
AsyncCall = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class Contender:
    """One client doing one operation; ``check`` says whether a result is the docs' 200 example, parsed.

    ``prepare(n)`` runs before each batch of ``n`` calls, untimed (what each call needs fresh);
    ``after_call()`` after each call, untimed; ``settle()`` after the batch, timed on its own
    (waiting for work the calls left running, such as a drift capture's writes): the batch's
    total counts it, its calls do not.
    """

    client: str
    operation: str
    call: SyncCall | None = None
    acall: AsyncCall | None = None
    prepare: Callable[[int], None] | None = None
    after_call: Callable[[], None] | None = None
    settle: Callable[[], None] | None = None

    @property
    def key(self) -> str:
        return f"{self.client} {self.operation}"


def _dict_ok(result: object) -> bool:
    return isinstance(result, dict) and result["data"]["id"] == payloads.response_example()["data"]["id"]


def check(contender: Contender, result: object) -> None:
    """Fail loudly before measuring when a contender does not get the 200 example back."""
    if isinstance(result, dict):
        ok = _dict_ok(result)
    else:  # a model: both clients expose data.id
        ok = getattr(getattr(result, "data", None), "id", None) == payloads.response_example()["data"]["id"]
    if not ok:
        raise RuntimeError(f"{contender.key}: unexpected result {result!r:.300}")


def _urllib3(base_url: str, stack: ExitStack) -> list[Contender]:
    parts = urlsplit(base_url)
    pool = stack.enter_context(urllib3.HTTPConnectionPool(parts.hostname or "127.0.0.1", parts.port, maxsize=1))
    url = payloads.PATH
    body = payloads.request_example()

    def get() -> object:
        return json.loads(pool.request("GET", url, headers=HEADERS).data)

    def post() -> object:
        return json.loads(pool.request("POST", url, body=json.dumps(body).encode(), headers=POST_HEADERS).data)

    return [Contender("urllib3 + json", "GET", get), Contender("urllib3 + json", "POST", post)]


def _httpx(base_url: str, stack: ExitStack) -> list[Contender]:
    client = stack.enter_context(httpx.Client(base_url=base_url))
    body = payloads.request_example()

    def get() -> object:
        return json.loads(client.get(payloads.PATH, headers=HEADERS).content)

    def post() -> object:
        content = json.dumps(body).encode()
        return json.loads(client.post(payloads.PATH, content=content, headers=POST_HEADERS).content)

    return [Contender("httpx + json", "GET", get), Contender("httpx + json", "POST", post)]


def _httpx_async(base_url: str, stack: ExitStack, loop: asyncio.AbstractEventLoop) -> list[Contender]:
    return _raw_async("httpx async + json", httpx.AsyncClient(base_url=base_url), stack, loop)


def _httpx_aiohttp(base_url: str, stack: ExitStack, loop: asyncio.AbstractEventLoop) -> list[Contender]:
    """httpx's API on aiohttp (httpx-aiohttp's client, as openai-python's DefaultAioHttpClient uses it)."""
    from httpx_aiohttp import HttpxAiohttpClient  # noqa: PLC0415 -- the hamr-client[aiohttp] extra

    return _raw_async(AIOHTTP_RAW, HttpxAiohttpClient(base_url=base_url), stack, loop)


def _raw_async(
    name: str, client: httpx.AsyncClient, stack: ExitStack, loop: asyncio.AbstractEventLoop
) -> list[Contender]:
    """GET and POST through ``client`` with json by hand: the raw async baseline on its transport."""
    stack.callback(lambda: loop.run_until_complete(client.aclose()))
    body = payloads.request_example()

    async def get() -> object:
        return json.loads((await client.get(payloads.PATH, headers=HEADERS)).content)

    async def post() -> object:
        content = json.dumps(body).encode()
        return json.loads((await client.post(payloads.PATH, content=content, headers=POST_HEADERS)).content)

    return [Contender(name, "GET", acall=get), Contender(name, "POST", acall=post)]


def hamr_client_for(base_url: str, **options: Any) -> Any:
    """The generated client as its docs say to build it, with ``options`` (``datadog_client``'s keywords)."""
    from hamr_client import datadog_client  # noqa: PLC0415 -- measured imports happen in their own section

    return datadog_client(api_key=payloads.API_KEY, app_key=payloads.APP_KEY, base_url=base_url, **options)


def _hamr(base_url: str, stack: ExitStack, loop: asyncio.AbstractEventLoop) -> list[Contender]:
    from hamr_client.api.high_availability_multi_region import (  # noqa: PLC0415
        create_hamr_org_connection,
        get_hamr_org_connection,
    )
    from hamr_client.models import HamrOrgConnectionRequest  # noqa: PLC0415

    client = hamr_client_for(base_url)
    stack.callback(lambda: client.get_httpx_client().close())
    stack.callback(lambda: loop.run_until_complete(client.get_async_httpx_client().aclose()))
    body = HamrOrgConnectionRequest.from_dict(payloads.request_example())

    def get() -> object:
        return get_hamr_org_connection.sync(client=client)

    def post() -> object:
        return create_hamr_org_connection.sync(client=client, body=body)

    async def aget() -> object:
        return await get_hamr_org_connection.asyncio(client=client)

    async def apost() -> object:
        return await create_hamr_org_connection.asyncio(client=client, body=body)

    # The same calls on the aiohttp transport (async_transport="aiohttp"): a client of its own.
    on_aiohttp = hamr_client_for(base_url, async_transport="aiohttp")
    stack.callback(lambda: loop.run_until_complete(on_aiohttp.aclose()))

    async def aget_aiohttp() -> object:
        return await get_hamr_org_connection.asyncio(client=on_aiohttp)

    async def apost_aiohttp() -> object:
        return await create_hamr_org_connection.asyncio(client=on_aiohttp, body=body)

    return [
        Contender("hamr_client", "GET", get),
        Contender("hamr_client", "POST", post),
        Contender("hamr_client async", "GET", acall=aget),
        Contender("hamr_client async", "POST", acall=apost),
        Contender(AIOHTTP_HAMR, "GET", acall=aget_aiohttp),
        Contender(AIOHTTP_HAMR, "POST", acall=apost_aiohttp),
    ]


def _official(base_url: str, stack: ExitStack) -> list[Contender]:
    from tooling.bench_kit import official  # noqa: PLC0415

    api = official.hamr_api(base_url, stack)
    body = official.request_model(api)
    return [
        Contender("datadog-api-client", "GET", api.get_hamr_org_connection),
        Contender("datadog-api-client", "POST", lambda: api.create_hamr_org_connection(body=body)),
    ]


@contextmanager
def all_contenders(base_url: str, loop: asyncio.AbstractEventLoop) -> Iterator[list[Contender]]:
    """Every contender, built against ``base_url``; async ones run on ``loop``; all closed on exit."""
    with ExitStack() as stack:
        yield [
            *_urllib3(base_url, stack),
            *_httpx(base_url, stack),
            *_httpx_async(base_url, stack, loop),
            *_httpx_aiohttp(base_url, stack, loop),
            *_hamr(base_url, stack, loop),
            *_official(base_url, stack),
        ]
