"""certkit — certificate onboarding toolkit for French mutual-TLS government webservices."""

__version__ = "0.1.0"
