"""One small exception hierarchy; every error carries a message code and its parameters.

The message catalogue (:mod:`certkit.i18n`) turns the code into French or English; the CLI maps the
class to an exit code (0 ok, 1 check failed, 2 bad input or usage, 3 internal error).
"""

from __future__ import annotations


def os_reason(exc: BaseException) -> str:
    """Why ``exc`` happened, for a message's ``reason``: the OS's words (``strerror``) that the
    reader gets in their language where the catalogue has them (``system.<ERRNO>``, see
    :class:`certkit.i18n.SystemReason`), else the exception's own text."""
    import errno
    import socket

    from certkit.i18n import SystemReason

    strerror = getattr(exc, "strerror", None)
    number = getattr(exc, "errno", None)
    if isinstance(exc, OSError) and strerror and isinstance(number, int):
        if isinstance(exc, socket.gaierror):
            name = {socket.EAI_NONAME: "EAI_NONAME", socket.EAI_AGAIN: "EAI_AGAIN"}.get(number)
        else:
            name = errno.errorcode.get(number)
        return SystemReason(strerror, f"system.{name}" if name else None)
    return str(strerror or exc)


class CertkitError(Exception):
    """Base of every error certkit raises on purpose."""

    exit_code = 3

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str | None = None) -> str:
        """The user-facing sentence in ``lang`` (default: the locale's language)."""
        from certkit.i18n import t

        return t(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")


class InputError(CertkitError):
    """Bad input: a file that cannot be read, a wrong password, a bad option value."""

    exit_code = 2


class PolicyError(InputError):
    """A policy catalogue or acceptance profile that is missing or malformed."""


class HandshakeError(CertkitError):
    """A TLS connection or handshake that failed for a diagnosed reason."""

    exit_code = 1
