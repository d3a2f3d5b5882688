"""What checks know besides the certificate: the profile, catalogue, time, and the results of the
I/O done before them (issuer lookup, chain verification, revocation)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certkit.chain import ChainResult, RevocationResult
    from certkit.policy import AcceptanceProfile, Catalogue


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Everything a check may use other than the leaf's facts. Immutable; no I/O happens here."""

    profile: AcceptanceProfile
    catalogue: Catalogue
    now: dt.datetime
    source: str = ""
    private_key_type: str | None = None
    certificate_count: int = 1
    leaf_count: int = 1
    leaf_candidates: tuple[str, ...] = ()
    expected_siren: str | None = None
    identity: Any = None
    issuer_label: str = ""
    issuer_in_store: bool = False
    chain: ChainResult | None = None
    revocation: RevocationResult | None = None
    revocation_requested: bool = False
    rgs: Any = None
