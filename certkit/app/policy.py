"""The acceptance profiles and policy catalogue as users list them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certkit.policy import AcceptanceProfile


def bundled_profiles() -> list[AcceptanceProfile]:
    """Every bundled acceptance profile, by name."""
    from certkit.policy import available_profiles, load_profile

    return [load_profile(name) for name in available_profiles()]


def profiles_json() -> dict[str, Any]:
    """``certkit policy profiles --json`` and ``GET /api/v1/profiles``."""
    return {"profiles": [p.to_json() for p in bundled_profiles()]}
