"""API tokens a lender or agency manages itself: created by its entity administrator, shown once, kept only as
a hash (knox), expiring, revocable by it and by regulator staff; every creation, use from a new address and
revocation is recorded."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from .models import ApiToken, TokenEvent, TokenScope, User

USE_RECORDED_EVERY = dt.timedelta(minutes=5)  # last-used time: close enough, without a write per call


def tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    """Regulator staff see every entity's tokens; an entity administrator its own entity's; others none."""
    tokens = ApiToken.objects.select_related("user__lender", "user__agency")
    if user.is_regulator:
        return tokens
    if user.manages_tokens:
        entity = user.entity
        return tokens.filter(**{f"user__{entity._meta.model_name}": entity})
    return tokens.none()


def token_events_visible_to(user: User) -> QuerySet[TokenEvent]:
    """Regulator staff see every token's history, revoked tokens' included; an entity administrator its entity's."""
    if user.is_regulator:
        return TokenEvent.objects.all()
    return TokenEvent.objects.filter(entity_code=user.entity.code) if user.manages_tokens else TokenEvent.objects.none()


def _record(token: ApiToken, kind: str, *, by: User | None = None, address: str | None = None) -> None:
    TokenEvent.objects.create(token_id=token.pk, token_name=token.name, entity_code=token.user.entity.code,
                              kind=kind, by=by, address=address)


def token_create(*, by: User, name: str, scope: str = TokenScope.ALL) -> tuple[ApiToken, str]:
    """A new token of `by`'s entity and its key, which exists nowhere else after this returns."""
    if not by.manages_tokens:
        raise PermissionDenied(_("Only an entity administrator creates its entity's tokens."))
    with transaction.atomic():
        token, key = ApiToken.objects.create(user=by, expiry=settings.REST_KNOX["TOKEN_TTL"], name=name, scope=scope)
        _record(token, TokenEvent.Kind.CREATED, by=by)
    return token, key


def token_revoke(*, token: ApiToken, by: User) -> None:
    if not tokens_visible_to(by).filter(pk=token.pk).exists():
        raise PermissionDenied(_("This token is not yours to revoke."))
    with transaction.atomic():
        _record(token, TokenEvent.Kind.REVOKED, by=by)
        token.delete()


def _submits_reports(request) -> bool:
    match = request._request.resolver_match
    return bool(match and match.url_name and match.url_name.startswith("report-"))


class EntityTokenAuthentication(TokenAuthentication):
    """knox's `Authorization: Token <key>`, and: a token limited to report submission opens nothing else, and
    each use is recorded (when, from where; a new address leaves an event)."""

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is None:
            return None
        user, token = found
        if token.scope == TokenScope.REPORTS and not _submits_reports(request):
            raise exceptions.PermissionDenied(_("This token may only submit reports."))
        address = request.META.get("REMOTE_ADDR") or None
        now = timezone.now()
        if address != token.last_used_from:
            _record(token, TokenEvent.Kind.NEW_ADDRESS, address=address)
        if address != token.last_used_from or not token.last_used_at or now - token.last_used_at > USE_RECORDED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_from=address)
        return found


class EntityTokenScheme(OpenApiAuthenticationExtension):
    """How the API schema describes these tokens: `Authorization: Token <key>`."""

    target_class = EntityTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
