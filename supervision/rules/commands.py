"""What the management commands share about rule profiles: naming one on the command line."""

from django.core.management.base import CommandError

from .models import RuleProfile, profile_by_name


def add_profile_argument(parser) -> None:
    parser.add_argument("--profile", help='a rule profile\'s name, e.g. CN or "US Regulation F" (its newest version); '
                                          "default: the default profile")


def profile_named(name: str | None) -> RuleProfile | None:
    """The newest version of the profile with this name; None (the default profile) when no name is given."""
    if not name:
        return None
    profile = profile_by_name(name)
    if profile is None:
        known = ", ".join(sorted(set(RuleProfile.objects.values_list("name", flat=True))))
        raise CommandError(f"No rule profile is named {name!r}; there are: {known}.")
    return profile
