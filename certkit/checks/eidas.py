"""eIDAS qualification: a fact of its own, beside (never instead of) the RGS level.

A certificate is reported as **eIDAS-qualified** only when both hold (ETSI TS 119 615 §4.3,
simplified to what certkit can see):

* its verified path goes through a CA that a trusted list names as a qualified certificate
  service (``CA/QC``) in a current status (granted); the service's *current* status is what the
  bundled list says — the status history is not replayed (an expired service history is not a
  reason for certkit to call a certificate qualified);
* the certificate says it is qualified: a ``QcCompliance`` statement (ETSI EN 319 412-5 §4.2.1)
  or a qualified ETSI policy (QCP-n/-l/-w, QNCP-w…, ETSI EN 319 411-2 §5.3).

A certificate that *says* it is qualified without a proven issuer is only reported as a claim.
RGS v2.0 stays the authentication rule of French administrations (ANSSI, "L'articulation avec le
RGS", 2023): a profile may accept a qualified certificate in place of an RGS level
(``accept_eidas_qualified``), never silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from certkit import der
from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from cryptography import x509

    from certkit.chain import ChainResult, StoreEntry
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts

QC_STATEMENTS_OID = "1.3.6.1.5.5.7.1.3"
# DER of the extension's OID: a certificate without these bytes has no QCStatements at all.
_QC_STATEMENTS_OID_DER = bytes.fromhex("06082b06010505070103")
QC_COMPLIANCE = "0.4.0.1862.1.1"
QC_SSCD = "0.4.0.1862.1.4"
QC_TYPE = "0.4.0.1862.1.6"
QC_TYPES = {
    "0.4.0.1862.1.6.1": "esign",
    "0.4.0.1862.1.6.2": "eseal",
    "0.4.0.1862.1.6.3": "web",
}
PSD2 = "0.4.0.19495.2"
# ETSI EN 319 411-2 §5.3: policies for EU qualified certificates.
QUALIFIED_POLICIES = {
    "0.4.0.194112.1.0": "QCP-n",
    "0.4.0.194112.1.1": "QCP-l",
    "0.4.0.194112.1.2": "QCP-n-qscd",
    "0.4.0.194112.1.3": "QCP-l-qscd",
    "0.4.0.194112.1.4": "QCP-w",
    "0.4.0.194112.1.5": "QNCP-w",
    "0.4.0.194112.1.6": "QNCP-w-gen",
}


@dataclass(frozen=True, slots=True)
class QcInfo:
    """What a certificate's QCStatements extension declares."""

    compliance: bool = False
    sscd: bool = False
    types: tuple[str, ...] = ()
    psd2: bool = False
    unreadable: bool = False


@dataclass(frozen=True, slots=True)
class EidasAssessment:
    """The eIDAS facts of one leaf: what it declares and whether a trusted list backs it."""

    qualified: bool
    declared: bool
    qc: QcInfo
    policies: tuple[str, ...]
    service: str

    def to_json(self) -> dict[str, object]:
        if self is NOT_DECLARED:
            return _NOT_DECLARED_JSON
        return self._json()

    def _json(self) -> dict[str, object]:
        return {
            "qualified": self.qualified,
            "declared": self.declared,
            "qc_compliance": self.qc.compliance,
            "qc_sscd": self.qc.sscd,
            "qc_types": list(self.qc.types),
            "psd2": self.qc.psd2,
            "qualified_policies": list(self.policies),
            "trusted_list_service": self.service or None,
        }


_NO_QC = QcInfo()
NOT_DECLARED = EidasAssessment(False, False, _NO_QC, (), "")
_NOT_DECLARED_JSON = NOT_DECLARED._json()  # shared by every report, never modified


def qc_statements(cert: x509.Certificate, cert_der: bytes | None = None) -> QcInfo:
    """The QCStatements of ``cert`` (ETSI EN 319 412-5); an empty :class:`QcInfo` when absent."""
    if cert_der is not None and _QC_STATEMENTS_OID_DER not in cert_der:
        return QcInfo()
    from cryptography import x509

    try:
        extension = cert.extensions.get_extension_for_oid(x509.ObjectIdentifier(QC_STATEMENTS_OID))
    except x509.ExtensionNotFound:
        return QcInfo()
    except ValueError:
        return QcInfo(unreadable=True)
    value = getattr(extension.value, "value", None)
    if not isinstance(value, bytes):
        return QcInfo(unreadable=True)
    try:
        return _parse_qc(value)
    except der.DerError:
        return QcInfo(unreadable=True)


def _parse_qc(data: bytes) -> QcInfo:
    tag, start, end = der.header(data, 0, len(data))
    if tag != 0x30 or end != len(data):
        raise der.DerError("QCStatements is not a SEQUENCE")
    compliance = sscd = psd2 = False
    types: list[str] = []
    for stag, s_start, s_end in der.children(data, start, end):
        if stag != 0x30:
            raise der.DerError("QCStatement is not a SEQUENCE")
        parts = der.children(data, s_start, s_end)
        if not parts or parts[0][0] != 0x06:
            raise der.DerError("QCStatement without an identifier")
        statement = der.oid(data[parts[0][1] : parts[0][2]])
        if statement == QC_COMPLIANCE:
            compliance = True
        elif statement == QC_SSCD:
            sscd = True
        elif statement == PSD2:
            psd2 = True
        elif statement == QC_TYPE and len(parts) > 1 and parts[1][0] == 0x30:
            for otag, o_start, o_end in der.children(data, parts[1][1], parts[1][2]):
                if otag == 0x06:
                    oid = der.oid(data[o_start:o_end])
                    types.append(QC_TYPES.get(oid, oid))
    return QcInfo(compliance, sscd, tuple(types), psd2)


def assess_eidas(
    facts: CertificateFacts,
    chain: ChainResult | None,
    path_entries: tuple[StoreEntry, ...],
    cert_der: bytes | None = None,
) -> EidasAssessment:
    """Whether ``facts``' certificate is eIDAS-qualified (see the module docstring)."""
    from certkit.chain import ChainStatus

    qc = qc_statements(facts.certificate, cert_der)
    policies = tuple(QUALIFIED_POLICIES[o] for o in facts.policies if o in QUALIFIED_POLICIES)
    if qc == _NO_QC and not policies:
        return NOT_DECLARED  # most certificates: one shared answer (and its JSON) per process
    declared = qc.compliance or bool(policies)
    service = ""
    if chain is not None and chain.status is ChainStatus.VERIFIED:
        service = next((e.label for e in path_entries if e.qualified_ca), "")
    return EidasAssessment(declared and bool(service), declared, qc, policies, service)


def _assessment(facts: CertificateFacts, ctx: CheckContext) -> EidasAssessment:
    if isinstance(ctx.eidas, EidasAssessment):
        return ctx.eidas
    return assess_eidas(facts, ctx.chain, ctx.path_entries)


@check(
    "eidas",
    "policy",
    "eIDAS regulation (EU) 910/2014 art. 3 and 45; ETSI EN 319 412-5 §4.2 (QcCompliance, "
    "QcType), EN 319 411-2 §5.3 (QCP policies), TS 119 612 (trusted lists: service type CA/QC, "
    "status granted); ANSSI: an eIDAS qualification is not an RGS level",
    {"checks.eidas_qualified": Severity.INFO, "checks.eidas_claimed": Severity.INFO},
)
def eidas(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """Say whether the certificate is eIDAS-qualified (proven by a trusted list) or only says so."""
    found = _assessment(facts, ctx)
    if not found.declared:
        return []
    what = ", ".join(
        [*(["QcCompliance"] if found.qc.compliance else []), *found.policies]
        + [f"QcType {t}" for t in found.qc.types]
    )
    if found.qualified:
        return [finding("checks.eidas_qualified", declared=what, service=found.service)]
    return [finding("checks.eidas_claimed", declared=what)]
