"""Rules for how callers reach the API: ``servers`` (the sites) and ``security`` (the credentials).

Both are judged for callers only: a response is not affected by either.

- A server is its URL template; the sites it offers are its variables' values (an enum, or any
  value when a variable has none). A site or server added is additive; one removed is breaking,
  and so is a changed default (callers that name nothing go elsewhere).
- A security requirement is a list of alternatives, each a set of schemes (with OAuth scopes)
  that must all be sent. An old caller holds the credentials of the alternative it used; the change
  is breaking exactly when some old alternative no longer satisfies any new one: either a scheme
  (or scope) was added to it, or it is gone. A new alternative (OAuth beside the keys) is additive.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from tooling import spec_doc
from tooling.spec_diff_kit.changes import Change
from tooling.spec_diff_kit.schema_rules import DOC_KEYS, core

Path = tuple[spec_doc.Part, ...]
Alternative = dict[str, frozenset[str]]  # scheme name -> scopes


def servers(where: str, path: Path, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Iterator[Change]:
    """The servers of the document (``where`` "servers") or of one operation (``"GET /x servers"``)."""
    old_by_url, new_by_url = _by_url(old), _by_url(new)
    for url in sorted(old_by_url.keys() - new_by_url.keys(), key=str):
        yield Change("servers.server-removed", where, f"server {url} removed", pointer=_at(path, old_by_url[url][0]))
    for url in sorted(new_by_url.keys() - old_by_url.keys(), key=str):
        yield Change("servers.server-added", where, f"server {url} added", pointer=_at(path, new_by_url[url][0]))
    for url in sorted(old_by_url.keys() & new_by_url.keys(), key=str):
        index, before = old_by_url[url]
        after = new_by_url[url][1]
        yield from _variables(where, (*path, index), before.get("variables") or {}, after.get("variables") or {})
        for key in sorted((before.keys() | after.keys()) - {"url", "variables"} - DOC_KEYS):
            if not key.startswith("x-") and core(before.get(key)) != core(after.get(key)):
                yield Change("not-judged", where, f"server {url}: `{key}` changed", pointer=_at(path, index, key))


def _by_url(servers: list[dict[str, Any]]) -> dict[str, tuple[int, dict[str, Any]]]:
    """Servers by URL template; a template listed twice (Datadog's spec does) is told apart by a count."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, server in enumerate(servers):
        url, n = str(server.get("url")), 1
        while (url if n == 1 else f"{url} (#{n})") in found:
            n += 1
        found[url if n == 1 else f"{url} (#{n})"] = (index, server)
    return found


def _at(path: Path, *more: spec_doc.Part) -> str:
    return spec_doc.pointer([*path, *more])


def _values(variable: Mapping[str, Any]) -> set[str] | None:
    """The values a server variable takes; None when any value goes."""
    return {str(v) for v in variable["enum"]} if "enum" in variable else None


def _variables(
    where: str, path: Path, old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> Iterator[Change]:
    for name in sorted(old.keys() | new.keys()):
        here = (*path, "variables", name)
        before, after = old.get(name), new.get(name)
        if before is None or after is None:
            yield Change("not-judged", where, f"server variable {name} {'added' if before is None else 'removed'}",
                         pointer=_at(here))  # fmt: skip
            continue
        was, now = _values(before), _values(after)
        if now is not None and (was is None or was - now):
            gone = "any value" if was is None else ", ".join(sorted(was - now))
            yield Change("servers.site-removed", where, f"{name}: {gone} no longer offered", pointer=_at(here, "enum"))
        if was is not None and (now is None or now - was):
            added = "any value" if now is None else ", ".join(sorted(now - was))
            yield Change("servers.site-added", where, f"{name}: {added} now offered", pointer=_at(here, "enum"))
        if before.get("default") != after.get("default"):
            yield Change("servers.default-changed", where,
                         f"{name} default {before.get('default')} -> {after.get('default')}",
                         pointer=_at(here, "default"))  # fmt: skip


def _alternatives(requirement: Sequence[Mapping[str, Sequence[str]]] | None) -> list[Alternative]:
    """No requirement at all is one alternative needing nothing (anonymous access)."""
    if requirement is None:
        return [{}]
    return [{name: frozenset(scopes or ()) for name, scopes in alt.items()} for alt in requirement]


def _satisfies(held: Alternative, wanted: Alternative) -> bool:
    """A caller holding ``held``'s credentials and scopes meets ``wanted``."""
    return all(name in held and scopes <= held[name] for name, scopes in wanted.items())


def _describe(alt: Alternative) -> str:
    if not alt:
        return "anonymous access"
    return " + ".join(f"{name}{'(' + ', '.join(sorted(s)) + ')' if s else ''}" for name, s in sorted(alt.items()))


def security(
    where: str,
    path: Path,
    old: Sequence[Mapping[str, Sequence[str]]] | None,
    new: Sequence[Mapping[str, Sequence[str]]] | None,
    schemes: tuple[Mapping[str, Any], Mapping[str, Any]],
) -> Iterator[Change]:
    """One operation's effective requirement (its own ``security`` or the document's); ``schemes`` old and new."""
    olds, news = _alternatives(old), _alternatives(new)
    here = _at(path)
    extended: list[Alternative] = []
    for alt in olds:
        if any(_satisfies(alt, n) for n in news):
            continue
        wider = [n for n in news if _satisfies(n, alt)]
        if wider:
            extended += wider
            more = {name: s - alt.get(name, frozenset()) for name, s in wider[0].items()}
            needed = _describe({name: s for name, s in more.items() if name not in alt or s})
            yield Change("security.requirement-added", where, f"{_describe(alt)} now also needs {needed}", pointer=here)
        else:
            yield Change("security.alternative-removed", where, f"{_describe(alt)} no longer accepted", pointer=here)
    for alt in news:
        if alt not in olds and alt not in extended:
            yield Change("security.alternative-added", where, f"{_describe(alt)} now accepted", pointer=here)
    old_schemes, new_schemes = schemes
    used = {name for alt in olds for name in alt} & {name for alt in news for name in alt}
    for name in sorted(used):
        before, after = core(old_schemes.get(name)), core(new_schemes.get(name))
        if before != after:
            yield Change("security.scheme-changed", where, f"scheme {name}: {before} -> {after}",
                         pointer=spec_doc.pointer(["components", "securitySchemes", name]))  # fmt: skip
