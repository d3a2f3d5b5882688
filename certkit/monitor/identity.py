"""The SIREN the monitor files a certificate under.

Delegates to :func:`certkit.identity.extract_identity` (the project's SIREN/SIRET extraction and
checksum rules); a SIRET gives its first nine digits. A malformed or missing identifier gives
``None``: such a certificate is still monitored, it just pairs with its successor on CN and O.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography import x509

_ORG_ID = re.compile(r"^NTRFR-(\d{9}|\d{14})$")
_OU_0002 = re.compile(r"^0002 ?(\d{9}|\d{14})$")


def siren_of(name: x509.Name) -> str | None:
    """The valid SIREN carried by ``name`` (from a SIREN or a SIRET), else ``None``."""
    import importlib

    try:
        module = importlib.import_module("certkit.identity")
    except ImportError:  # until certkit.identity lands
        return _fallback(name)
    identity = module.extract_identity(name)
    siren = identity.siren or (identity.siret[:9] if identity.siret else None)
    return str(siren) if siren else None


def _fallback(name: x509.Name) -> str | None:
    from cryptography.x509.oid import NameOID

    for attribute in name:
        value = attribute.value if isinstance(attribute.value, str) else ""
        if attribute.oid == NameOID.ORGANIZATION_IDENTIFIER:
            match = _ORG_ID.match(value)
        elif attribute.oid == NameOID.ORGANIZATIONAL_UNIT_NAME:
            match = _OU_0002.match(value)
        else:
            continue
        if match and _luhn(match.group(1)):
            return match.group(1)[:9]
    return None


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0
