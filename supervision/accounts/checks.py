from django.conf import settings
from django.core.checks import Error


def second_factor_stays_on(app_configs, **kwargs) -> list[Error]:
    """Turning the second factor off is for `make demo` on a laptop, never for a server."""
    if settings.TWO_FACTOR_REQUIRED or settings.DEBUG:
        return []
    return [Error("TWO_FACTOR_REQUIRED is off while DEBUG is off.", id="accounts.E001",
                  hint="Staff must log in with a second factor; only the demo (DEBUG on) may skip it.")]
