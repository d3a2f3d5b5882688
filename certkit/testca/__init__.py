"""A test PKI on disk shaped like the French serveur-client CAs: root → intermediate → leaves.

Leaves are issued from :mod:`profiles <certkit.testca.profiles>` (``test_ca/*.toml``) and carry the
names, extensions and policy OIDs of the scenario they stand for (RGS-like serveur-client with a
SIREN, personal, server-only, expired, weak key, SHA-1, ...); a vendor's own key (HSM, Windows
store) is certified from its CSR. Every issuance is recorded in an append-only index before any of
its files appears, so that revocation, the CRL and the OCSP responder know it even when the files
were never written.

The modules, by concern:

- :mod:`~certkit.testca.store` — :class:`TestCA`: the CA folder, its manifest and keys, and the
  operations (issue, sign, revoke, CRL, OCSP);
- :mod:`~certkit.testca.index` — the append-only index (:class:`IssuedRecord`);
- :mod:`~certkit.testca.issuance` — building and signing leaves: subjects, extensions, validity,
  SIRENs, keys, CSRs;
- :mod:`~certkit.testca.files` — PEM and PKCS#12 encodings, output names, crash-safe writes;
- :mod:`~certkit.testca.revocation` — reasons, CRL and OCSP answers;
- :mod:`~certkit.testca.profiles` — profile files; :mod:`~certkit.testca.ocsp` — HTTP responder.
"""

from __future__ import annotations

from certkit.testca.files import P12_ENCRYPTIONS, P12_LEGACY, P12_MODERN
from certkit.testca.index import IssuedRecord
from certkit.testca.issuance import (
    LEGACY_TEST_POLICY_ARC,
    TEST_POLICY_ARC,
    IssuedCertificate,
    SignedCertificate,
    generate_key,
    is_valid_siren,
    random_siren,
    siren_problem,
)
from certkit.testca.profiles import Profile, available_profiles, load_profile, parse_profile
from certkit.testca.revocation import REVOCATION_REASONS
from certkit.testca.store import CA_KEY_TYPES, DEFAULT_BASE_URL, MANIFEST, TestCA

__all__ = [
    "CA_KEY_TYPES",
    "DEFAULT_BASE_URL",
    "LEGACY_TEST_POLICY_ARC",
    "MANIFEST",
    "P12_ENCRYPTIONS",
    "P12_LEGACY",
    "P12_MODERN",
    "REVOCATION_REASONS",
    "TEST_POLICY_ARC",
    "IssuedCertificate",
    "IssuedRecord",
    "Profile",
    "SignedCertificate",
    "TestCA",
    "available_profiles",
    "generate_key",
    "is_valid_siren",
    "load_profile",
    "parse_profile",
    "random_siren",
    "siren_problem",
]
