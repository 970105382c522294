"""Who may read the monitoring figures: a caller with the token, or one from an allowed address."""

import hmac
import ipaddress

from django.conf import settings


def monitoring_allowed(request) -> bool:
    token = settings.MONITORING_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in settings.MONITORING_ALLOWED_NETWORKS)
