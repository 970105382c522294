"""Taking one step of a django-fsm-2 workflow, with the checks every workflow needs."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm


def check_step(instance, step: str, user) -> None:
    """Refuse, with a message naming the state (ValidationError) or the role (PermissionDenied), a step
    (a transition method) this user may not take now."""
    method = getattr(instance, step)
    if not can_proceed(method):
        raise ValidationError(
            _("This %(what)s is %(state)s and cannot take the step “%(step)s”.")
            % {"what": instance._meta.verbose_name, "state": instance.get_state_display(), "step": step},
            code="wrong_state",
        )
    if not has_transition_perm(method, user):
        raise PermissionDenied(_("Your role may not take the step “%(step)s”.") % {"step": step})


def take_step(instance, step: str, user) -> str:
    """Take a step after check_step; returns the state before it."""
    check_step(instance, step, user)
    before = instance.state
    getattr(instance, step)()
    return before
