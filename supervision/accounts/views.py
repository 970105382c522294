from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import TokenScope
from .tokens import token_create, token_events_visible_to, token_revoke, tokens_visible_to
from .two_factor import confirm, enrolment_device, safe_next, secret_of


class SecondFactorForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=16, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
                           help_text=gettext_lazy("The 6 digits your authenticator app shows, or a recovery code."))


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80,
                           help_text=gettext_lazy("Where it is used, for example “monthly upload server”."))
    scope = forms.ChoiceField(label=gettext_lazy("May be used for"), choices=TokenScope.choices,
                              initial=TokenScope.REPORTS)


@login_required
def home(request):
    """Regulator staff start at the overview; entity users at their own entity."""
    if request.user.entity is not None:
        return redirect(request.user.entity.get_absolute_url())
    return redirect("dashboard:overview")


@login_required
def api_tokens(request):
    """An entity administrator's API tokens (create: the key is shown on this answer only; revoke); regulator
    staff see every entity's and may revoke them."""
    user = request.user
    if not (user.manages_tokens or user.is_regulator):
        raise PermissionDenied
    form, created_key = ApiTokenForm(request.POST or None), None
    if request.method == "POST" and user.manages_tokens and form.is_valid():
        token, created_key = token_create(by=user, **form.cleaned_data)
        form = ApiTokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form if user.manages_tokens else None, "created_key": created_key, "tokens": tokens_visible_to(user),
        "events": token_events_visible_to(user).select_related("by")[:50],
    })


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(tokens_visible_to(request.user), pk=pk)
    token_revoke(token=token, by=request.user)
    messages.success(request, _("Token “%(name)s” revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("api_tokens")


@login_required
def two_factor(request):
    """Enrol an authenticator (its key, then a code from it, then recovery codes shown once), or give a code."""
    user = request.user
    enrolled = TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    device = None if enrolled else enrolment_device(user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if device is not None and device.verify_token(code):
            recovery_codes = confirm(device)
            otp_login(request, device)
            return render(request, "accounts/two_factor.html", {
                "recovery_codes": recovery_codes, "next": safe_next(request, reverse("home"))})
        matched = match_token(user, code) if device is None else None
        if matched is not None:
            otp_login(request, matched)
            return redirect(safe_next(request, reverse("home")))
        form.add_error("code", _("That code is not right, or has expired. Try the code your app shows now."))
    return render(request, "accounts/two_factor.html", {
        "form": form, "device": device, "secret": secret_of(device) if device else None,
        "config_url": device.config_url if device else None, "next": safe_next(request, ""),
    }, status=400 if form.errors else 200)
