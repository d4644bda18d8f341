"""Hostile bodies -- too deep, too large, a decompression bomb -- are one InvalidResponse with a bounded excerpt."""

from __future__ import annotations

import gzip
import json
import tracemalloc
import zlib

import pytest
from hamr_client import InvalidResponse, UnexpectedStatus
from hamr_client.errors import BODY_EXCERPT_LIMIT

from tests.client.calls import GETS, Call, loopback_client
from tests.client.conftest import PATH, response_example
from tests.client.loopback import Exchange, RawServer, always, response

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


def stacked_bomb(inflated: int) -> bytes:
    """``gzip, gzip``: a gzip bomb, gzipped again -- a few hundred bytes on the wire."""
    return gzip.compress(gzip_bomb(inflated), 9)


@pytest.mark.parametrize("call", GETS)
def test_stacked_encodings_are_refused_before_anything_is_inflated(call: Call) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip, gzip"}
    server = RawServer(always(response(200, stacked_bomb(64 * MiB), headers)))
    tracemalloc.start()
    with server, pytest.raises(InvalidResponse) as raised:
        call(loopback_client(server.url, max_body_size=MiB))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "Content-Encoding" in raised.value.reason
    assert peak < 16 * MiB, f"peak {peak // MiB} MiB for a 1 MiB cap"


@pytest.mark.parametrize("call", GETS)
def test_a_bomb_is_inflated_no_further_than_the_cap(call: Call) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    server = RawServer(always(response(200, gzip_bomb(64 * MiB), headers)))
    tracemalloc.start()
    with server, pytest.raises(InvalidResponse, match="max_body_size"):
        call(loopback_client(server.url, max_body_size=MiB))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * MiB, f"peak {peak // MiB} MiB for a 1 MiB cap"


@pytest.mark.parametrize(
    ("encoding", "body"), [("gzip", b"not gzip at all"), ("br", b"\x0b\x02\x80{}\x03"), ("zstd", b"?")]
)
@pytest.mark.parametrize("call", GETS)
def test_an_undecodable_body_is_an_invalid_response(call: Call, encoding: str, body: bytes) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    server = RawServer(always(response(200, body, headers)))
    with server, pytest.raises(InvalidResponse) as raised:
        call(loopback_client(server.url))
    assert raised.value.status_code == 200


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
@pytest.mark.parametrize("call", GETS)
def test_gzip_and_deflate_bodies_are_read(call: Call, encoding: str) -> None:
    document = json.dumps(response_example()).encode()
    packed = gzip.compress(document) if encoding == "gzip" else zlib.compress(document)
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    with RawServer(always(response(200, packed, headers))) as server:
        result = call(loopback_client(server.url))
    assert result.parsed.to_dict() == response_example()
    assert server.exchanges[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("call", GETS)
def test_a_redirects_body_is_neither_inflated_nor_read_past_the_cap(call: Call) -> None:
    bomb = {"Content-Encoding": "gzip, gzip", "Location": f"{PATH}?hop=1"}
    redirect = response(302, stacked_bomb(64 * MiB) + b"x" * (4 * MiB), bomb)  # built before measuring
    final = response(200, response_example())

    def handler(exchange: Exchange) -> list[bytes]:
        return [final if "hop" in exchange.target else redirect]

    with RawServer(handler) as server:
        tracemalloc.start()
        result = call(loopback_client(server.url, follow_redirects=True, max_body_size=MiB))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert result.status_code == 200
    assert peak < 6 * MiB, f"peak {peak // MiB} MiB for a 1 MiB cap"
