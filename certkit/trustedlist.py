"""ETSI TS 119 612 trusted lists: providers, services, CA certificates and policy OIDs.

What is checked: the XML is well formed, has no DOCTYPE (so no entity expansion), its root is a
``TrustServiceStatusList`` in the ETSI namespace, every service has a name, type and status, and
every ``X509Certificate`` decodes (base64) to a parseable DER certificate. What is **not** checked:
the XML-DSig signature of the list (certkit does not canonicalise XML); :attr:`TrustedList.signed`
only says whether a signature element is present. Get the list from the operator over HTTPS.

The policy OIDs of a service are the ``PolicyIdentifier`` values of its current
``ServiceInformationExtensions`` (qualification criteria); the history of a service is ignored.
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from certkit import names
from certkit.errors import InputError

if TYPE_CHECKING:
    from certkit.policy import PolicyEntry

TSL_NS = "http://uri.etsi.org/02231/v2#"
XADES_NS = "http://uri.etsi.org/01903/v1.3.2#"
ECC_NS = "http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#"
DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
_T = f"{{{TSL_NS}}}"

# AdditionalServiceInformation URIs → catalogue usage (ETSI TS 119 612 §5.5.9.4).
_USAGE_BY_INFO = {
    "ForeSignatures": "signature",
    "ForeSeals": "seal",
    "ForWebSiteAuthentication": "server",
}
_USAGE_BY_TYPE = {
    "TSA/QTST": "timestamp",
    "TSA": "timestamp",
}
# RGS levels in free-text service names: "RGS***", "RGS **", "3 étoiles", "3 stars", "RGS 2E".
_LEVEL_PATTERNS = (
    re.compile(r"RGS\s*(\*{1,3})"),
    re.compile(r"\b([123])\s*(?:étoiles?|etoiles?|stars?)\b", re.IGNORECASE),
    re.compile(r"RGS\s*([123])\s*E\b"),
)


@dataclass(frozen=True, slots=True)
class Service:
    """One trust service (usually a CA) as the list describes it now."""

    name: str
    type_uri: str
    status_uri: str
    status_since: str
    certificates: tuple[bytes, ...]
    policy_oids: tuple[str, ...]
    additional_info: tuple[str, ...]
    # (OID, text) of each PolicyIdentifier that carries a Description (usage and stars, often).
    policy_descriptions: tuple[tuple[str, str], ...] = ()

    def description(self, oid: str) -> str:
        """The list's own description of policy ``oid`` in this service, or ""."""
        return next((text for o, text in self.policy_descriptions if o == oid), "")

    @property
    def info_names(self) -> tuple[str, ...]:
        """The short names of the additional information URIs (ForWebSiteAuthentication…)."""
        return tuple(uri.rstrip("/").rsplit("/", 1)[-1] for uri in self.additional_info)

    @property
    def type(self) -> str:
        """The short service type, e.g. ``CA/QC`` or ``TSA/QTST``."""
        return self.type_uri.split("/Svctype/", 1)[-1]

    @property
    def status(self) -> str:
        """The short status, e.g. ``granted`` or ``withdrawn``."""
        return self.status_uri.rstrip("/").rsplit("/", 1)[-1]

    @property
    def usage(self) -> str | None:
        """Catalogue usage derived from the service type and additional information, if any."""
        if self.type in _USAGE_BY_TYPE:
            return _USAGE_BY_TYPE[self.type]
        for uri in self.additional_info:
            usage = _USAGE_BY_INFO.get(uri.rstrip("/").rsplit("/", 1)[-1])
            if usage:
                return usage
        return None

    @property
    def rgs_level(self) -> int:
        """The RGS level the service *name* states ("RGS***", "3 étoiles"), 0 when it says none."""
        return rgs_level_from_name(self.name)


@dataclass(frozen=True, slots=True)
class Provider:
    """A trust service provider with its services."""

    name: str
    trade_names: tuple[str, ...]
    services: tuple[Service, ...]


@dataclass(frozen=True, slots=True)
class TrustedList:
    """A parsed trusted list."""

    source: str
    territory: str
    sequence_number: int
    issued: str
    operator: str
    providers: tuple[Provider, ...]
    signed: bool

    @property
    def services(self) -> tuple[Service, ...]:
        return tuple(s for p in self.providers for s in p.services)

    @property
    def certificate_count(self) -> int:
        """Certificates listed in current service identities (duplicates counted)."""
        return sum(len(s.certificates) for s in self.services)

    def unique_certificates(self) -> tuple[tuple[Provider, Service, bytes], ...]:
        """Each distinct CA certificate once, with the first provider and service naming it."""
        seen: set[bytes] = set()
        out: list[tuple[Provider, Service, bytes]] = []
        for provider in self.providers:
            for service in provider.services:
                for der in service.certificates:
                    if der not in seen:
                        seen.add(der)
                        out.append((provider, service, der))
        return tuple(out)


# What a policy Description says of its usage, most specific first (the French list writes
# "Authentification serveur/client SSL/TLS", "Certificat d'authentification de site internet",
# "Certificat de cachet serveur", "Certificat de signature personnel", "… RGS**/ eIDAS").
_USAGE_BY_DESCRIPTION = (
    (
        re.compile(r"serveur\s*[/-]\s*client|client\s*[/-]\s*serveur|server\s*[/-]\s*client", re.I),
        "server-client-auth",
    ),
    (
        re.compile(
            r"site\s+(?:internet|web)|web\s*site|authentification\s+(?:de\s+)?serveur", re.I
        ),
        "server",
    ),
    (re.compile(r"horodatage|time[\s-]*stamp", re.I), "timestamp"),
    (re.compile(r"cachet|\bseal", re.I), "seal"),
    (re.compile(r"authentification|authentication", re.I), "authentication"),
    (re.compile(r"signature", re.I), "signature"),
    (re.compile(r"chiffrement|encryption", re.I), "encryption"),
)
# Stars standing alone in a description ("ID ** Pro", "documents **"): the provider's RGS level.
_LONE_STARS = re.compile(r"(?<![\w*])(\*{1,3})(?![\w*])")


def usage_from_description(text: str) -> str | None:
    """The catalogue usage a policy Description states, or None when it states none."""
    for pattern, usage in _USAGE_BY_DESCRIPTION:
        if pattern.search(text):
            return usage
    return None


def level_from_description(text: str) -> int:
    """The RGS level a policy Description states ("RGS**", "3 étoiles", a lone "**"), or 0."""
    level = rgs_level_from_name(text)
    if level:
        return level
    found = _LONE_STARS.search(text)
    return len(found.group(1)) if found else 0


def rgs_level_from_name(name: str) -> int:
    """The RGS level a service name states, or 0: "RGS***" → 3, "2 étoiles" → 2, "RGS 2E" → 2."""
    for pattern in _LEVEL_PATTERNS:
        match = pattern.search(name)
        if match:
            value = match.group(1)
            return len(value) if value.startswith("*") else int(value)
    return 0


def load(path: str | Path) -> TrustedList:
    """Parse the trusted list at ``path``; InputError on anything unreadable or tampered."""
    from certkit.sources import read_source

    return parse(read_source(path), source=str(path))  # "-": standard input


def parse(data: bytes, *, source: str = "<bytes>") -> TrustedList:
    """Parse trusted-list XML ``data`` (see the module docstring for what is verified)."""
    head = data[:4096]
    if b"<!DOCTYPE" in data or b"<!ENTITY" in head:
        raise InputError("trustedlist.doctype", path=source)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(
            "trustedlist.malformed", path=source, line=line, column=column, reason=str(exc)
        ) from None
    except (LookupError, ValueError) as exc:  # an XML declaration naming an unknown encoding
        raise InputError(
            "trustedlist.malformed", path=source, line=1, column=1, reason=str(exc)[:200]
        ) from None
    if root.tag != f"{_T}TrustServiceStatusList":
        raise InputError("trustedlist.not_a_list", path=source, root=_local(root.tag))
    scheme = root.find(f"{_T}SchemeInformation")
    if scheme is None:
        raise InputError("trustedlist.missing", path=source, element="SchemeInformation", where="")
    sequence_text = _text(scheme.find(f"{_T}TSLSequenceNumber"))
    if not sequence_text.isdigit():
        raise InputError("trustedlist.missing", path=source, element="TSLSequenceNumber", where="")
    providers = tuple(
        _provider(element, source)
        for element in root.iterfind(f"{_T}TrustServiceProviderList/{_T}TrustServiceProvider")
    )
    return TrustedList(
        source=source,
        territory=_text(scheme.find(f"{_T}SchemeTerritory")),
        sequence_number=int(sequence_text),
        issued=_text(scheme.find(f"{_T}ListIssueDateTime")),
        operator=_name(scheme.find(f"{_T}SchemeOperatorName")),
        providers=providers,
        signed=root.find(f"{{{DSIG_NS}}}Signature") is not None,
    )


def _provider(element: ET.Element, source: str) -> Provider:
    info = element.find(f"{_T}TSPInformation")
    name = _name(info.find(f"{_T}TSPName") if info is not None else None)
    if not name:
        raise InputError("trustedlist.missing", path=source, element="TSPName", where="")
    trade = info.find(f"{_T}TSPTradeName") if info is not None else None
    trade_names = tuple(
        dict.fromkeys(_text(n) for n in trade.iterfind(f"{_T}Name")) if trade is not None else ()
    )
    services = tuple(
        _service(s, source, name)
        for s in element.iterfind(f"{_T}TSPServices/{_T}TSPService/{_T}ServiceInformation")
    )
    return Provider(name=name, trade_names=trade_names, services=services)


def _service(info: ET.Element, source: str, provider: str) -> Service:
    name = _name(info.find(f"{_T}ServiceName"))
    where = f" ({provider})"
    if not name:
        raise InputError("trustedlist.missing", path=source, element="ServiceName", where=where)
    where = f" ({provider}, « {name} »)"
    type_uri = _text(info.find(f"{_T}ServiceTypeIdentifier"))
    status_uri = _text(info.find(f"{_T}ServiceStatus"))
    for element, value in (("ServiceTypeIdentifier", type_uri), ("ServiceStatus", status_uri)):
        if not value:
            raise InputError("trustedlist.missing", path=source, element=element, where=where)
    certificates: list[bytes] = []
    for cert in info.iterfind(f"{_T}ServiceDigitalIdentity/{_T}DigitalId/{_T}X509Certificate"):
        certificates.append(_certificate(_text(cert), source, provider, name))
    identifiers: list[tuple[str, str]] = []
    for policy in info.iterfind(
        f"{_T}ServiceInformationExtensions/{_T}Extension//{{{ECC_NS}}}PolicyIdentifier"
    ):
        oid = _strip_oid(_text(policy.find(f"{{{XADES_NS}}}Identifier")))
        if oid:
            described = " ".join(_text(policy.find(f"{{{XADES_NS}}}Description")).split())
            identifiers.append((oid, described))
    oids = tuple(dict.fromkeys(oid for oid, _ in identifiers))
    descriptions = tuple(dict.fromkeys((o, d) for o, d in identifiers if d))
    extra = tuple(
        _text(u)
        for u in info.iterfind(
            f"{_T}ServiceInformationExtensions/{_T}Extension/{_T}AdditionalServiceInformation/{_T}URI"
        )
    )
    for oid in oids:  # a catalogue of them must load in `certkit check`
        if not _OID.fullmatch(oid):
            raise InputError(
                "trustedlist.bad_oid", path=source, provider=provider, service=name, value=oid
            )
    return Service(
        name=name,
        type_uri=type_uri,
        status_uri=status_uri,
        status_since=_text(info.find(f"{_T}StatusStartingTime")),
        certificates=tuple(certificates),
        policy_oids=oids,
        additional_info=extra,
        policy_descriptions=descriptions,
    )


_OID = re.compile(r"[0-2](?:\.(?:0|[1-9][0-9]*))+")


def _certificate(text: str, source: str, provider: str, service: str) -> bytes:
    from certkit.sources import load_bytes

    try:
        der = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InputError(
            "trustedlist.bad_certificate",
            path=source,
            provider=provider,
            service=service,
            reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
        ) from None
    try:
        bundle = load_bytes(der, source=source)
        problem = None if bundle.format.value == "der" and bundle.readings == () else "not DER"
    except InputError as exc:
        problem = exc.message("en")
    if problem is not None:  # the CA store written from it must load in `certkit check`
        raise InputError(
            "trustedlist.bad_certificate",
            path=source,
            provider=provider,
            service=service,
            reason=problem,
        )
    return der


def _strip_oid(value: str) -> str:
    value = value.strip()
    return value[len("urn:oid:") :] if value.lower().startswith("urn:oid:") else value


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _name(element: ET.Element | None) -> str:
    """The English name of a multilingual name element, else the first one."""
    if element is None:
        return ""
    names = list(element.iterfind(f"{_T}Name"))
    for n in names:
        if n.get("{http://www.w3.org/XML/1998/namespace}lang") == "en" and _text(n):
            return _text(n)
    return _text(names[0]) if names else ""


def catalogue_entries(tl: TrustedList) -> list[PolicyEntry]:
    """One catalogue entry per policy OID the list names, sourced to its service.

    Usage and RGS level come first from the list's own ``Description`` of that policy, when it
    states them ("Authentification serveur/client SSL/TLS" → server-client-auth, "RGS**" or a
    lone "**" → 2), quoted in ``source``; otherwise the usage comes from the service type and its
    additional information (ForeSignatures → signature, ForeSeals → seal,
    ForWebSiteAuthentication → server, TSA → timestamp) and the level from what the service
    *name* states ("RGS***", "3 étoiles"), 0 otherwise. An OID named by several services is kept
    once, preferring a service whose status is current (granted); ``issuers`` lists the SHA-256
    of the CA certificates of every service naming it, so the level counts only for a leaf whose
    verified path goes through one of them.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.hashes import Hash

    from certkit.policy import PolicyEntry

    def sha256(der: bytes) -> str:
        digest = Hash(hashes.SHA256())
        digest.update(der)
        return digest.finalize().hex()

    chosen: dict[str, PolicyEntry] = {}
    current: dict[str, bool] = {}
    issuers: dict[str, dict[str, None]] = {}
    for provider in tl.providers:
        for service in provider.services:
            is_current = service.status in ("granted", "accredited", "undersupervision")
            for oid in service.policy_oids:
                issuers.setdefault(oid, {}).update(dict.fromkeys(map(sha256, service.certificates)))
                if oid in chosen and (current[oid] or not is_current):
                    continue
                described = service.description(oid)
                described_usage = usage_from_description(described) if described else None
                described_level = level_from_description(described) if described else 0
                level = described_level or service.rgs_level
                if described_level:
                    note = "RGS level as stated in the policy description"
                    note_fr = "niveau RGS tel que l'indique la description de la politique"
                elif level:
                    note = "RGS level as stated in the service name"
                    note_fr = "niveau RGS tel que l'indique le nom du service"
                else:
                    note = note_fr = ""
                source = (
                    f"Trusted list {tl.territory} seq. {tl.sequence_number} "
                    f"({tl.issued}): service « {service.name} » ({service.type}, "
                    f"{service.status})"
                )
                if described:
                    source += f"; policy description « {described} »"
                chosen[oid] = PolicyEntry(
                    oid=oid,
                    provider=provider.name,
                    usage=described_usage or service.usage or "unknown",
                    rgs_level=level,
                    test_only=False,
                    source=source,
                    name=described or service.name,
                    note=note,
                    note_fr=note_fr,
                )
                current[oid] = is_current
    out = [replace(e, issuers=tuple(issuers.get(e.oid, ()))) for e in chosen.values()]
    return sorted(out, key=lambda e: [int(p) for p in e.oid.split(".")])


def _one_line(text: str) -> str:
    """``text`` with every line break (as ``str.splitlines`` sees them: the CA store is read so)
    made a space; other spacing kept."""
    return " ".join(text.splitlines()) if text else text


def ca_store_pem(tl: TrustedList) -> str:
    """Every distinct CA certificate of the list as PEM, each preceded by provider comments."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    blocks: list[str] = []
    for provider, service, der in tl.unique_certificates():
        cert = x509.load_der_x509_certificate(der)
        pem = cert.public_bytes(Encoding.PEM).decode("ascii")
        subject = names.rfc4514(names.subject_issuer_der(cert)[0])
        info = ", ".join(service.info_names)
        blocks.append(
            # One line each, whatever the list's names hold: a line break in a name must not
            # start a line of the store (a "-----BEGIN" there would be read as a certificate).
            f"# Provider: {_one_line(provider.name)}\n"
            f"# Service: {_one_line(f'{service.name} ({service.type}, {service.status})')}\n"
            f"# Service type: {_one_line(service.type)}\n"
            f"# Service status: {_one_line(service.status)}\n"
            + (f"# Service information: {_one_line(info)}\n" if info else "")
            + f"# Subject: {_one_line(subject)}\n"
            f"# Source: trusted list {_one_line(tl.territory)} seq. {tl.sequence_number}\n{pem}"
        )
    return "\n".join(blocks)
