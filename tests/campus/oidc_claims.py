"""The claims the test OpenID Connect provider gives (tests.campus.oidc_server)."""

from __future__ import annotations

from oauth2_provider.oauth2_validators import OAuth2Validator


class Claims(OAuth2Validator):  # type: ignore[misc]  # untyped library
    """Every claim, whatever scopes were asked for."""

    oidc_claim_scope = None

    def get_additional_claims(self, request: object) -> dict[str, str]:
        user = request.user  # type: ignore[attr-defined]
        return {
            "preferred_username": user.username,
            "email": user.email,
            "employee_number": user.last_name,
        }
