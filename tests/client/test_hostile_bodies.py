"""Hostile bodies -- too deep, too large, a decompression bomb -- are one InvalidResponse with a bounded excerpt."""

from __future__ import annotations

import zlib

import pytest
from hamr_client import InvalidResponse, UnexpectedStatus
from hamr_client.errors import BODY_EXCERPT_LIMIT

from tests.client.calls import GETS, Call, loopback_client
from tests.client.loopback import RawServer, always, response

MiB = 1024 * 1024


def gzip_bomb(inflated: int) -> bytes:
    """``inflated`` zero bytes, gzip-compressed (about a thousandfold), built without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * MiB
    return b"".join(packer.compress(block) for _ in range(inflated // MiB)) + packer.flush()


@pytest.mark.parametrize("depth", [10_000, 200_000])
@pytest.mark.parametrize("call", GETS)
def test_deep_nesting_is_an_invalid_response_not_a_recursion_error(call: Call, depth: int) -> None:
    body = b"[" * depth + b"]" * depth
    server = RawServer(always(response(200, body, {"Content-Type": "application/json"})))
    with server, pytest.raises(InvalidResponse) as raised:
        call(loopback_client(server.url))
    assert "nested too deeply" in raised.value.reason
    assert len(raised.value.content) <= BODY_EXCERPT_LIMIT


@pytest.mark.parametrize("call", GETS)
def test_a_decompression_bomb_is_cut_at_max_body_size(call: Call) -> None:
    bomb = gzip_bomb(200 * MiB)
    assert len(bomb) < 300 * 1024
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    with RawServer(always(response(200, bomb, headers))) as server, pytest.raises(InvalidResponse) as raised:
        call(loopback_client(server.url))
    assert "max_body_size" in raised.value.reason
    assert len(raised.value.content) <= BODY_EXCERPT_LIMIT


@pytest.mark.parametrize("call", GETS)
def test_the_cap_is_configurable(call: Call) -> None:
    body = b'{"pad": "' + b"x" * 5000 + b'"}'
    with RawServer(always(response(200, body, {"Content-Type": "application/json"}))) as server:
        with pytest.raises(InvalidResponse, match="max_body_size"):
            call(loopback_client(server.url, max_body_size=4096))
        with pytest.raises(InvalidResponse) as raised:  # under the cap: read, then refused by the schema
            call(loopback_client(server.url, max_body_size=8192))
    assert "max_body_size" not in raised.value.reason


@pytest.mark.parametrize("call", GETS)
def test_an_undocumented_status_keeps_a_bounded_excerpt(call: Call) -> None:
    with RawServer(always(response(502, b"x" * (2 * MiB)))) as server, pytest.raises(UnexpectedStatus) as raised:
        call(loopback_client(server.url))
    assert raised.value.status_code == 502
    assert raised.value.content == b"x" * BODY_EXCERPT_LIMIT
    assert len(str(raised.value)) < 1000
