"""What checks know besides the certificate: the profile, catalogue, time, and the results of the
I/O done before them (issuer lookup, chain verification, revocation)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certkit.chain import ChainResult, RevocationResult, StoreEntry
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
    chain_only: bool = False  # every certificate of the file is a CA certificate
    expected_siren: str | None = None
    identity: Any = None
    issuer_label: str = ""
    issuer_in_store: bool = False
    chain: ChainResult | None = None
    revocation: RevocationResult | None = None
    revocation_requested: bool = False
    rgs: Any = None
    rgs_confirmation: Any = None
    eidas: Any = None
    # CA-store entries of the verified path, nearest the leaf first (trusted list, --trust).
    path_entries: tuple[StoreEntry, ...] = ()
    # How the user gave the PKCS#12 password (an option to repeat in advice, never the password).
    password_hint: str = ""
