"""Tests log staff in with their second factor given, as a person would after typing the code."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrolled_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)


def verify_session(client, user) -> None:
    """Mark a test client's session as having given the second factor (what typing a code does)."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
    session.save()


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def pass_second_factor(page, username: str) -> None:
    """In a browser just logged in: give the code of the user's authenticator when the site asks for one."""
    from supervision.accounts.models import User

    if "/two-factor/" not in page.url:
        return
    device = enrolled_device(User.objects.get(username=username))
    page.fill("#id_code", current_code(device))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
