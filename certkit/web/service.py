"""What the web pages and the API do for one request, over :mod:`certkit.app` — no HTTP here.

One :class:`WebService` per server: the policy catalogue and CA store are loaded once at start-up
(:class:`certkit.app.check.CheckSetup`); each request gets its own options derived from them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from certkit.app.check import CheckSetup, report_json
from certkit.errors import InputError
from certkit.web.settings import PAGE_PROFILES, WebSettings

if TYPE_CHECKING:
    from certkit.app.registration import RegistrationReport
    from certkit.checks import CheckOptions, Report
    from certkit.registration import CertificateComparison
    from certkit.sources import CertificateBundle

# What the command line says in its own words ("--password-file"), said for a web form.
_WEB_WORDING = {
    "sources.password_needed": "web.password_needed",
    "sources.pkcs12_bad_password": "web.pkcs12_bad_password",
}


class KeysRefused(InputError):
    """A file holding a private key, on a server that must not receive keys."""


class WebService:
    """The operations of the web application, each on the bytes of one upload."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.setup = CheckSetup.load(settings.catalogues, settings.trust)
        self.setup.profile(settings.profile)  # a bad --profile stops the server at start-up
        from certkit.policy import available_profiles

        self.profiles = tuple(dict.fromkeys((settings.profile, *available_profiles())))

    @property
    def page_profiles(self) -> tuple[str, ...]:
        """The profiles the syndic page offers: the server's default first."""
        return tuple(dict.fromkeys((self.settings.profile, *PAGE_PROFILES)))

    def profile_name(self, requested: str | None) -> str:
        """A profile a request may ask for: a bundled one or the server's (never a file path)."""
        if requested is None:
            return self.settings.profile
        if requested not in self.profiles:
            raise InputError("web.unknown_profile", name=requested, known=", ".join(self.profiles))
        return requested

    def load(self, name: str, data: bytes, password: str | None) -> CertificateBundle:
        """The certificates of an upload; :class:`KeysRefused` for a key this server refuses."""
        from certkit.sources import load_bytes

        def provide(source: str) -> bytes:
            if password is None:
                raise InputError("web.password_needed", path=source)
            return password.encode("utf-8")

        try:
            bundle = load_bytes(data, source=name, password=provide)
        except InputError as exc:
            wording = _WEB_WORDING.get(exc.code)
            if wording is None:
                raise
            raise InputError(wording, **exc.params) from None
        if bundle.has_private_key and not self.settings.accept_private_keys:
            raise KeysRefused("web.keys_refused", path=name)
        return bundle

    def check_options(
        self, *, profile: str | None = None, siren: str | None = None, at: str | None = None
    ) -> CheckOptions:
        return self.setup.options(
            self.profile_name(profile),
            at=at,
            siren=siren,
            fetch_aia=self.settings.fetch_aia,
            timeout=self.settings.timeout,
        )

    def check(self, bundle: CertificateBundle, options: CheckOptions) -> Report:
        from certkit.checks import evaluate

        return evaluate(bundle, options)

    def check_json(self, report: Report, lang: str, dn_format: str | None) -> dict[str, Any]:
        dn = self._dn_format(dn_format) or self.setup.profile(report.profile).dn_format
        return report_json(report, lang, dn)

    def inspect_json(self, bundle: CertificateBundle) -> dict[str, Any]:
        from certkit.app.inspect import inspect_json

        return inspect_json(bundle, dt.datetime.now(dt.UTC))

    def registration(
        self, bundle: CertificateBundle, profile: str | None, dn_format: str | None
    ) -> RegistrationReport:
        from certkit.app.registration import registration_report

        acceptance = self.setup.profile(self.profile_name(profile))
        return registration_report(bundle, acceptance, self._dn_format(dn_format))

    def dn_match(
        self,
        bundle: CertificateBundle,
        subject: str | None,
        issuer: str | None,
        siren: str | None,
        profile: str | None,
        dn_format: str | None,
    ) -> CertificateComparison:
        from certkit.app.dn_match import compare_submission

        acceptance = self.setup.profile(self.profile_name(profile))
        fmt = self._dn_format(dn_format) or acceptance.dn_format
        return compare_submission(bundle, subject, issuer, siren, fmt)

    def dn_match_table(
        self,
        table: tuple[str, bytes],
        certificates: dict[str, bytes],
        *,
        profile: str | None = None,
        dn_format: str | None = None,
        delimiter: str | None = None,
        encoding: str | None = None,
        password: str | None = None,
    ) -> tuple[Any, Any, str]:
        """A spreadsheet of submissions against the certificates uploaded beside it (or the PEM
        in its ``certificate`` column): (results, the table read, the DN form compared)."""
        from certkit.app import dn_match

        acceptance = self.setup.profile(self.profile_name(profile))
        fmt = self._dn_format(dn_format) or acceptance.dn_format
        submissions = dn_match.read_submissions(
            table[1], table[0], delimiter=delimiter, encoding=encoding
        )
        secret = password.encode("utf-8") if password else None
        loader = dn_match.upload_loader(
            certificates, secret, refuse_keys=not self.settings.accept_private_keys
        )
        return dn_match.compare_rows(submissions.rows, loader, fmt), submissions.table, fmt

    @staticmethod
    def _dn_format(value: str | None) -> str | None:
        from certkit.names import DN_FORMATS

        if value is not None and value not in DN_FORMATS:
            raise InputError("names.unknown_format", format=value, choices=", ".join(DN_FORMATS))
        return value
