"""The registry's authorisation rule, applied after TLS has verified the client's chain.

Source: the registry's kick-off presentation and syndic guide (``../shared/reference/``): the
certificate's subject DN **and** the DN of the CA that issued it must be registered on the syndic's
account (two slots), and the company's SIREN must be in the certificate. How the registry compares
the DN strings is unconfirmed, so both readings are modelled (:class:`DnCompare`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from certkit.errors import CertkitError, InputError
from certkit.platform.accounts import Account, Accounts, Slot

if TYPE_CHECKING:
    from cryptography import x509


class DnCompare(StrEnum):
    """How a presented DN is compared with a registered one."""

    EXACT = "exact"  # the same string, in the registry form (RFC 4514 as certkit.names renders it)
    CANONICAL = "canonical"  # the same name (RFC 5280 §7.1 / RFC 4518 comparison)


class Refusal(StrEnum):
    """Why the platform answers HTTP 403 (the JSON ``error`` code)."""

    NO_CLIENT_CERTIFICATE = "NO_CLIENT_CERTIFICATE"
    DN_NOT_REGISTERED = "DN_NOT_REGISTERED"
    ISSUER_NOT_REGISTERED = "ISSUER_NOT_REGISTERED"
    SIREN_MISSING = "SIREN_MISSING"
    SIREN_MISMATCH = "SIREN_MISMATCH"


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one client certificate: the matched account and slot, or a refusal."""

    subject_dn: str | None
    issuer_dn: str | None
    siren: str | None
    account: Account | None = None
    slot: int | None = None
    refusal: Refusal | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    def to_json(self) -> dict[str, Any]:
        return {
            "account_siren": self.account.siren if self.account else None,
            "account_name": (self.account.name or None) if self.account else None,
            "slot": self.slot,
            "subject": self.subject_dn,
            "issuer": self.issuer_dn,
            "siren": self.siren,
        }


@dataclass(frozen=True, slots=True)
class _Entry:
    account: Account
    slot: Slot
    subject: Any  # certkit.names.ParsedName when comparing canonically, else None
    issuer: Any


class Authoriser:
    """Decides for each presented certificate; registered names are parsed once, at start-up."""

    def __init__(self, accounts: Accounts, compare: DnCompare, *, source: str = "<accounts>"):
        self.accounts = accounts
        self.compare = compare
        entries: list[_Entry] = []
        for account in accounts.accounts:
            for slot in account.slots:
                subject = issuer = None
                if compare is DnCompare.CANONICAL:
                    subject = _parse(slot.subject_dn, source, account.siren, slot.number)
                    issuer = _parse(slot.issuer_dn, source, account.siren, slot.number)
                entries.append(_Entry(account, slot, subject, issuer))
        self._entries = tuple(entries)

    def decide(self, certificate: x509.Certificate | bytes | None) -> Decision:
        """Match ``certificate`` (its DER, or ``None``: the client sent none) against the
        registered slots.

        Order of the checks, like the registry's: a slot whose subject DN matches, then its issuer
        DN, then the SIREN in the certificate against the account's.
        """
        if certificate is None:
            return Decision(None, None, None, refusal=Refusal.NO_CLIENT_CERTIFICATE)
        from certkit.names import certificate_names_der
        from certkit.tls import certificate_names, name_text

        # From the DER: cryptography cannot build names OpenSSL accepted in the handshake.
        if isinstance(certificate, bytes):
            subject_der, issuer_der = certificate_names_der(certificate)
        else:
            subject_der, issuer_der = certificate_names(certificate)
        subject_dn = name_text(subject_der)
        issuer_dn = name_text(issuer_der)
        siren = certificate_siren(subject_der)
        base = Decision(subject_dn, issuer_dn, siren)

        subject_matches = [
            e for e in self._entries if self._same_subject(e, subject_der, subject_dn)
        ]
        if not subject_matches:
            return _refuse(base, Refusal.DN_NOT_REGISTERED)
        full = [e for e in subject_matches if self._same_issuer(e, issuer_der, issuer_dn)]
        if not full:
            first = subject_matches[0]
            return _refuse(base, Refusal.ISSUER_NOT_REGISTERED, first.account, first.slot.number)
        for entry in full:
            if siren is not None and siren == entry.account.siren:
                return Decision(subject_dn, issuer_dn, siren, entry.account, entry.slot.number)
        first = full[0]
        refusal = Refusal.SIREN_MISSING if siren is None else Refusal.SIREN_MISMATCH
        return _refuse(base, refusal, first.account, first.slot.number)

    def _same_subject(self, entry: _Entry, subject_der: bytes, subject_dn: str) -> bool:
        if self.compare is DnCompare.EXACT:
            return entry.slot.subject_dn == subject_dn
        return _equal(entry.subject, subject_der)

    def _same_issuer(self, entry: _Entry, issuer_der: bytes, issuer_dn: str) -> bool:
        if self.compare is DnCompare.EXACT:
            return entry.slot.issuer_dn == issuer_dn
        return _equal(entry.issuer, issuer_der)


def certificate_siren(name: x509.Name | bytes) -> str | None:
    """The company's SIREN in a subject (taken from a SIRET too), as certkit.identity reads it;
    None also when the name cannot be decoded."""
    from certkit.identity import extract_identity
    from certkit.names import NameDecodeError

    try:
        identity = extract_identity(name)
    except (NameDecodeError, ValueError):
        return None
    return identity.siren or (identity.siret[:9] if identity.siret else None)


def _refuse(
    base: Decision, refusal: Refusal, account: Account | None = None, slot: int | None = None
) -> Decision:
    return Decision(base.subject_dn, base.issuer_dn, base.siren, account, slot, refusal)


def _parse(text: str, source: str, siren: str, number: int) -> Any:
    from certkit.names import parse_dn

    try:
        return parse_dn(text)
    except (CertkitError, ValueError) as exc:
        raise InputError(
            "platform.accounts_invalid",
            path=source,
            reason=f"SIREN {siren} slot{number}: cannot parse DN {text!r} ({exc})",
        ) from None


def _equal(registered: Any, presented: bytes) -> bool:
    from certkit.names import NameDecodeError, from_x509, names_equal

    try:
        return bool(names_equal(registered, from_x509(presented)))
    except (NameDecodeError, ValueError):  # a name certkit cannot decode matches nothing
        return False
