"""``python -m hamr_client.testing``: serve the HAMR fake on loopback until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from ..dialects import DIALECTS
from .fake import RATE_LIMIT_PERIOD, HamrFake, checked_drift
from .server import IDLE_TIMEOUT, is_loopback, serve


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0-65535 (0: any free one), got {port}")
    return port


def _loopback(text: str) -> str:
    if not is_loopback(text):
        raise argparse.ArgumentTypeError(f"the fake serves loopback only (127.0.0.1, ::1, localhost), not {text!r}")
    return text


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a number of requests: {text!r}")
    return int(text)


def _whole_seconds(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds, 1 or more: {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds above 0: {text!r}")
    return seconds


DRIFT_FORM = "--drift POINTER=JSON, a string quoted: --drift '/data/attributes/modified_by=\"x\"'"


def _drift(text: str) -> tuple[str, Any]:
    # At the first '=': a JSON value often holds one, a key of the answer hardly ever (drift= takes any).
    pointer, equals, value = text.partition("=")
    if not equals:
        raise argparse.ArgumentTypeError(f"not POINTER=JSON: {text!r} (the form: {DRIFT_FORM})")
    try:
        parsed = json.loads(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"the value of {pointer} is not JSON: {value!r} (the form: {DRIFT_FORM})"
        ) from None
    try:
        checked_drift({pointer: parsed})  # NaN and Infinity, which json.loads takes, are refused here
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc} (the form: {DRIFT_FORM})") from None
    return pointer, parsed


def parser() -> argparse.ArgumentParser:
    """The command line of ``python -m hamr_client.testing``."""
    cli = argparse.ArgumentParser(
        prog="python -m hamr_client.testing",
        description="Serve a fake of Datadog's HAMR API (GET/POST /api/v2/hamr) on loopback. "
        "It prints its URL on the first line of stdout and stops cleanly on SIGINT or SIGTERM.",
    )
    cli.add_argument("--port", type=_port, default=8126, help="TCP port, 0 for any free one (default: %(default)s)")
    cli.add_argument("--host", type=_loopback, default="127.0.0.1", help="loopback address (default: %(default)s)")
    cli.add_argument("--api-key", help="the only DD-API-KEY accepted (default: any non-empty key)")
    cli.add_argument("--app-key", help="the only DD-APPLICATION-KEY accepted (default: any non-empty key)")
    cli.add_argument(
        "--bearer-token",
        help="the only OAuth token accepted as 'Authorization: Bearer <token>', the keys' alternative "
        "(default: any non-empty token; a wrong one gets 401)",
    )
    cli.add_argument(
        "--rate-limit", type=_count, help="answer 429 past this many requests per --rate-limit-period (a window)"
    )
    cli.add_argument(
        "--rate-limit-period",
        type=_whole_seconds,
        default=RATE_LIMIT_PERIOD,
        help="the rate limit's window in seconds, announced as X-RateLimit-Period (default: %(default)s)",
    )
    cli.add_argument(
        "--idle-timeout",
        type=_seconds,
        default=IDLE_TIMEOUT,
        help="close a connection silent for this many seconds (default: %(default)s)",
    )
    cli.add_argument(
        "--drift",
        type=_drift,
        action="append",
        default=[],
        metavar="POINTER=JSON",
        help="answer the connection (GET and POST 200) with this JSON value at this JSON pointer, as a server "
        "ahead of the spec would: --drift /data/attributes/hamr_status=6 (repeatable)",
    )
    cli.add_argument(
        "--dialect",
        choices=DIALECTS,
        default="reference",
        help="answer and read as the API reference says (reference, the default) or as Datadog's production "
        "API does (production: PascalCase attributes, zone-less modified_at, 401 for a wrong key)",
    )
    cli.add_argument("--log", action="store_true", help="log each request to stderr")
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the fake until SIGINT or SIGTERM; the exit status (0, or 2 for a bad argument)."""
    cli = parser()
    args = cli.parse_args(argv)
    for name in ("api_key", "app_key", "bearer_token"):
        value = getattr(args, name)
        if value is not None and not value.strip():
            cli.error(f"--{name.replace('_', '-')} must not be empty (leave it out to accept any)")
    drift: dict[str, Any] = {}
    for pointer, value in args.drift:
        if pointer in drift:
            cli.error(f"--drift gives {pointer} twice")
        drift[pointer] = value
    try:
        checked_drift(drift)  # each pointer was checked alone: here, that none holds another
    except ValueError as exc:
        cli.error(f"--drift: {exc}")
    fake = HamrFake(
        api_key=args.api_key,
        app_key=args.app_key,
        rate_limit=args.rate_limit,
        rate_limit_period=args.rate_limit_period,
        drift=drift,
        dialect=args.dialect,
        bearer_token=args.bearer_token,
    )
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    try:
        with serve(fake, args.host, args.port, log=args.log, idle_timeout=args.idle_timeout) as url:
            print(url, flush=True)
            print(f"serving the HAMR fake on {url}/api/v2/hamr; SIGINT or SIGTERM stops it", file=sys.stderr)
            # Poll: the OS may deliver the signal to the server's thread, and Python runs the handler
            # only when the main thread next runs bytecode, which a long wait() would put off.
            while not stop.wait(0.2):
                pass
    except OSError as exc:  # the port is taken, the address cannot be bound
        print(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
