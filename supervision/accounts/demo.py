"""Demo users, one per role, with printed credentials."""

from django.contrib.auth import get_user_model

from supervision.entities.models import Agency, Lender

from .models import Role

DEMO_PASSWORD = "demo-Supervise-2026"


def demo_users() -> list[tuple[str, str, str]]:
    """Create or reset the demo users; returns (username, password, what they are)."""
    User = get_user_model()
    lender = Lender.objects.order_by("code").first()
    agency = Agency.objects.filter(mandates__lender=lender).order_by("code").first()
    people = [
        ("admin", {"role": Role.ADMIN, "is_staff": True, "is_superuser": True}, "administrator"),
        ("sam_supervisor", {"role": Role.SUPERVISOR, "is_staff": True}, "supervisor"),
        ("ivy_inspector", {"role": Role.INSPECTOR}, "inspector"),
        ("larry_lender", {"role": Role.ENTITY, "lender": lender}, f"entity user of lender {lender.code}"),
        ("alice_agency", {"role": Role.ENTITY, "agency": agency}, f"entity user of agency {agency.code}"),
    ]
    credentials = []
    for username, fields, description in people:
        user, _ = User.objects.update_or_create(username=username, defaults=fields | {"email": f"{username}@demo.example"})
        user.set_password(DEMO_PASSWORD)
        user.save()
        credentials.append((username, DEMO_PASSWORD, description))
    return credentials
