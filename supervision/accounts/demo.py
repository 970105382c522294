"""Demo users, one per role, with printed credentials."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from supervision.entities.models import Agency, Lender

from .models import ApiToken, Role, TokenEvent, TokenScope

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
        ("alice_agency", {"role": Role.ENTITY, "agency": agency, "is_entity_admin": True},
         f"entity administrator of agency {agency.code} (manages its API tokens)"),
    ]
    credentials = []
    for username, fields, description in people:
        user, _ = User.objects.update_or_create(username=username, defaults=fields | {"email": f"{username}@demo.example"})
        user.set_password(DEMO_PASSWORD)
        user.save()
        credentials.append((username, DEMO_PASSWORD, description))
    _demo_token(User.objects.get(username="alice_agency"))
    return credentials


def _demo_token(administrator) -> None:
    """The agency's upload server's token, made and used once, so the tokens page has a history to show."""
    from .tokens import token_create, tokens_visible_to

    if tokens_visible_to(administrator).exists():
        return
    token, _key = token_create(by=administrator, name="月度报送服务器", scope=TokenScope.REPORTS)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now(), last_used_from="10.20.30.40")
    TokenEvent.objects.create(token_id=token.pk, token_name=token.name, entity_code=administrator.entity.code,
                              kind=TokenEvent.Kind.NEW_ADDRESS, address="10.20.30.40")
