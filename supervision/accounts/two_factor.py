"""The second factor for staff: a time-based code (TOTP, django-otp) with one-time recovery codes.

Regulator staff and the admin always need it; an entity's users when regulator staff set the entity to require it,
or once they have enrolled of their own accord. Until the session is verified, every page but this one, logging out
and changing the language sends them here; API calls in that session are refused (tokens are not sessions and are
unaffected).
"""

import base64
import binascii

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def needs_second_factor(user) -> bool:
    if not user.is_authenticated or not settings.TWO_FACTOR_REQUIRED:
        return False
    entity = user.entity
    return (user.is_regulator or user.is_staff or bool(entity and entity.requires_two_factor)
            or TOTPDevice.objects.devices_for_user(user, confirmed=True).exists())


def enrolment_device(user) -> TOTPDevice:
    """The authenticator being enrolled: made once, kept unconfirmed until a code from it is typed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it (base32)."""
    return base64.b32encode(binascii.unhexlify(device.key)).decode()


def confirm(device: TOTPDevice) -> list[str]:
    """The authenticator confirmed; fresh recovery codes, to be shown once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery, _created = StaticDevice.objects.get_or_create(user=device.user, name="recovery")
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    return codes


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                              require_https=request.is_secure())
    return target if allowed else default


class SecondFactorRequiredMiddleware:
    """After django-otp's middleware: a session that needs a second factor and has not given one goes no further."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not needs_second_factor(user) or user.is_verified() or self._open(request.path):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Give your second factor on the site first (or use an API token)."),
                                 "code": "second_factor_required"}, status=403)
        return redirect(f"{reverse('two_factor')}?next={request.get_full_path()}")

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith((reverse("two_factor"), reverse("logout"), "/i18n/", settings.STATIC_URL))
