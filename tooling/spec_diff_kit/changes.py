"""What a classified change is, and every rule with its severity and reason (docs/changing-the-spec.md quotes them).

Requests are judged from a caller's side (a request the old spec allowed must stay allowed),
responses from the installed client's side (a response the new spec allows must be one the old
client understood). ``client`` rules are decided by the evidence run; ``not-judged`` is a change to
a construct no rule reads: it is reported as such, and gated like a breaking one, never passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["breaking", "non-breaking", "client", "docs", "not-judged"]

# rule id -> (severity, why).
RULES: dict[str, tuple[Severity, str]] = {
    "operation.removed": ("breaking", "callers of the operation get 404/405"),
    "operation.added": ("non-breaking", "nobody calls it yet"),
    "operation.id-changed": ("breaking", "the generated client's function for it is renamed"),
    "request.body-became-required": ("breaking", "callers that sent no body are now rejected"),
    "request.body-became-optional": ("non-breaking", "old callers still send one"),
    "request.body-media-type-removed": ("breaking", "callers send a media type the server no longer takes"),
    "request.body-media-type-added": ("non-breaking", "old callers keep sending the old media type"),
    "request.required-field-added": ("breaking", "old callers do not send it"),
    "request.field-became-required": ("breaking", "old callers may omit it"),
    "request.optional-field-added": ("non-breaking", "old callers may omit it"),
    "request.field-became-optional": ("non-breaking", "old callers still send it"),
    "request.field-removed": ("non-breaking", "the schema still admits unknown properties, so old bodies stay valid"),
    "request.field-removed-closed": ("breaking", "additionalProperties is false: old bodies that send it are invalid"),
    "request.required-without-property": (
        "breaking",
        "a required name lost its property: the new client has no field for what callers must send",
    ),
    "request.field-became-read-only": ("breaking", "old callers send it; the server now ignores or refuses it"),
    "request.field-became-writable": ("non-breaking", "old callers, who never sent it, may still omit it"),
    "request.field-became-writable-required": ("breaking", "old callers never sent it, and requests now require it"),
    "request.enum-narrowed": ("breaking", "old callers may send the removed value"),
    "request.enum-widened": ("non-breaking", "old callers never send the new value"),
    "request.type-changed": ("breaking", "old callers send the old type"),
    "request.format-changed": ("breaking", "old callers send the old format"),
    "request.format-added": ("breaking", "old callers may send values outside the new format"),
    "request.format-removed": ("non-breaking", "every value of the old format is still valid"),
    "request.format-widened": ("non-breaking", "every old value fits the wider format"),
    "request.format-narrowed": ("breaking", "old callers may send values the narrower format excludes"),
    "request.format-within-enum": ("non-breaking", "every value of the closed enum fits both formats"),
    "request.union-widened": ("non-breaking", "every old value still matches an alternative"),
    "request.union-narrowed": ("breaking", "old callers may send a value of the removed alternative"),
    "request.union-overlapping": ("breaking", "an old value may now match two alternatives, which oneOf refuses"),
    "request.constraint-narrowed": ("breaking", "some old values are now out of bounds"),
    "request.constraint-widened": ("non-breaking", "every old value is still in bounds"),
    "request.nullable-removed": ("breaking", "old callers may send null"),
    "request.nullable-added": ("non-breaking", "old callers never send null"),
    "request.default-changed": ("breaking", "callers that omit it get another value (or none) than before"),
    "request.default-added": ("non-breaking", "it says what omitting it means; callers that send it are unaffected"),
    "request.required-parameter-added": ("breaking", "old callers do not send it (a new required header too)"),
    "request.parameter-became-required": ("breaking", "old callers may omit it"),
    "request.parameter-became-optional": ("non-breaking", "old callers still send it"),
    "request.optional-parameter-added": ("non-breaking", "old callers may omit it"),
    "request.parameter-removed": ("non-breaking", "servers ignore parameters they do not know"),
    "request.parameter-serialization-changed": ("breaking", "the server reads old callers' values another way"),
    "response.status-removed": ("breaking", "a documented outcome callers handle is gone"),
    "response.status-added-success": ("breaking", "the old client raises UnexpectedStatus on this success"),
    "response.status-added-error": ("client", "the old client sees an undocumented status"),
    "response.media-type-changed": ("breaking", "the old client parses only the old media type"),
    "response.field-removed": ("breaking", "old callers read a field that no longer comes"),
    "response.field-became-optional": ("breaking", "the old client requires it"),
    "response.field-became-required": ("non-breaking", "the old client copes with it being present"),
    "response.required-without-property": (
        "breaking",
        "a required name lost its property: the new client drops the field old callers read",
    ),
    "response.field-became-write-only": ("breaking", "it no longer comes back, and old callers read it"),
    "response.field-no-longer-write-only": ("client", "it now comes back, and the old client has no attribute for it"),
    "response.required-field-added": ("client", "the old client has no attribute for it"),
    "response.optional-field-added": ("client", "the old client has no attribute for it"),
    "response.enum-widened": ("breaking", "the old client cannot parse the new value"),
    "response.enum-narrowed": ("non-breaking", "the old client knows every remaining value"),
    "response.type-changed": ("breaking", "the old client parses the old type"),
    "response.format-changed": ("breaking", "the old client parses the old format"),
    "response.format-added": ("non-breaking", "every value of the format is one the old client took as the plain type"),
    "response.format-removed": (
        "breaking",
        "a client that validates the format (the generated one parses date-time) rejects values it no longer gets",
    ),
    "response.format-widened": ("client", "values beyond the old width may come: does the old client take them?"),
    "response.format-narrowed": ("non-breaking", "every new value fits the old format"),
    "response.format-within-enum": ("non-breaking", "every value of the closed enum fits both formats"),
    "response.union-widened": ("breaking", "the old client parses only the old alternatives"),
    "response.union-narrowed": ("non-breaking", "every remaining alternative is one the old client parses"),
    "response.constraint-widened": ("breaking", "values the old bounds excluded can come"),
    "response.constraint-narrowed": ("non-breaking", "every new value was already allowed"),
    "response.nullable-added": ("breaking", "the old client does not expect null"),
    "response.nullable-removed": ("non-breaking", "the old client copes with a value always being there"),
    "response.default-changed": (
        "breaking",
        "callers that read an absent field as the old default now read it wrong (the client leaves it UNSET)",
    ),
    "response.default-added": ("non-breaking", "it says what an absent field meant; present values are unaffected"),
    "response.header-added": ("non-breaking", "the old client ignores headers it does not know"),
    "response.header-removed": ("breaking", "the old client or its callers may read it"),
    "response.header-became-optional": ("breaking", "the old client or its callers rely on it being sent"),
    "response.header-became-required": ("non-breaking", "it now always comes, as it could before"),
    "response.link-added": ("non-breaking", "a newly documented relationship: nobody follows it yet"),
    "response.link-removed": ("breaking", "callers that chain the operations this way lose the relationship"),
    "response.link-changed": ("breaking", "callers follow the old operation or pass the old parameters"),
    "servers.site-removed": ("breaking", "callers configured for that site lose it"),
    "servers.site-added": ("non-breaking", "nobody uses it yet"),
    "servers.server-removed": ("breaking", "callers configured for that server lose it"),
    "servers.server-added": ("non-breaking", "nobody uses it yet"),
    "servers.default-changed": ("breaking", "callers that name no value now reach another server"),
    "security.alternative-added": ("non-breaking", "old callers' credentials still satisfy the alternative they used"),
    "security.alternative-removed": ("breaking", "callers that authenticated that way are refused"),
    "security.requirement-added": ("breaking", "old callers do not send the newly required credential (or scope)"),
    "security.scheme-changed": ("breaking", "old callers send the credential where the scheme no longer reads it"),
    "docs.changed": ("docs", "descriptions, examples, summaries and x- notes only"),
    "not-judged": ("not-judged", "no rule reads this construct: a person must judge it (gated as breaking)"),
    "evidence.breaking": ("breaking", "generated cases broke across the change where no rule says why"),
}


@dataclass(frozen=True)
class Change:
    """One classified difference.

    ``where`` is ``"POST /api/v2/hamr request /data/id"``-like: the operation, the part of it, and
    the field's JSON pointer in the request or response document. ``pointer`` is the RFC 6901
    pointer of the changed node in the spec (where it is defined, once spec_diff relocates it).
    """

    rule: str
    where: str
    detail: str
    resolved: Severity | None = None  # set when evidence decided a "client" rule
    basis: str = ""  # what backs the classification beyond the rule (evidence counts)
    pointer: str = ""

    @property
    def severity(self) -> Severity:
        return self.resolved or RULES[self.rule][0]

    @property
    def operation(self) -> str:
        """``"POST /api/v2/hamr"``, or ``""`` for document-wide changes."""
        parts = self.where.split(" ")
        return " ".join(parts[:2]) if len(parts) >= 2 and parts[0].isupper() else ""

    @property
    def why(self) -> str:
        return RULES[self.rule][1]

    @property
    def side(self) -> str:
        return self.rule.split(".", 1)[0]
