"""The login lockout's settings and answer, for django-axes: read from our settings at each attempt, so that a
deployment (or a test) changes them in one place."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.utils.translation import gettext as _


def failure_limit(request, credentials) -> int:
    return settings.LOGIN_MAX_FAILURES


def cool_off(request=None) -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def locked_out(request, credentials, *args, **kwargs):
    """The login page again, saying why and for how long (429)."""
    view = LoginView()
    view.setup(request)
    form = view.get_form_class()(request, data=request.POST or None)
    form.is_valid()
    form.errors.clear()
    form.add_error(None, _("Too many failed attempts. Try again in %(minutes)d minutes.")
                   % {"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60})
    response = view.render_to_response(view.get_context_data(form=form), status=429)
    return response.render()
