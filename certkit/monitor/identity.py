"""What the monitor stores about a certificate's holder: SIREN, CN and O, read from the subject DER.

The SIREN comes from :func:`certkit.identity.extract_identity` (the project's SIREN/SIRET rules); a
SIRET gives its first nine digits. A malformed or missing identifier gives ``None``: such a
certificate is still monitored, it just pairs with its successor on CN and O.
"""

from __future__ import annotations

from dataclasses import dataclass

CN = "2.5.4.3"
O = "2.5.4.10"  # noqa: E741


@dataclass(frozen=True, slots=True)
class Holder:
    siren: str | None
    cn: str | None
    org: str | None


def holder_of(subject_der: bytes) -> Holder:
    """SIREN, first CN and first O of the subject (DER)."""
    from certkit.identity import extract_identity
    from certkit.names import from_der

    try:
        parsed = from_der(subject_der)
    except ValueError:  # certkit.names.NameDecodeError: not a well-formed name
        return Holder(None, None, None)
    identity = extract_identity(parsed)
    siren = identity.siren or (identity.siret[:9] if identity.siret else None)
    cns = parsed.values(CN)
    orgs = parsed.values(O)
    return Holder(siren, cns[0] if cns else None, orgs[0] if orgs else None)
