from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.translation import gettext as _


@login_required
def home(request):
    """Regulator staff start at the overview; entity users at their own entity."""
    if request.user.entity is not None:
        return redirect(request.user.entity.get_absolute_url())
    return redirect("dashboard:overview")


class RateLimitedLoginView(LoginView):
    """The login page, refusing a username from an address after repeated failures for a while."""

    def _key(self) -> str:
        address = self.request.META.get("REMOTE_ADDR", "")
        return f"login-failures:{address}:{self.request.POST.get('username', '').lower()[:150]}"

    def post(self, request, *args, **kwargs):
        if cache.get(self._key(), 0) >= settings.LOGIN_MAX_FAILURES:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many failed attempts. Try again in %(minutes)d minutes.")
                           % {"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = self._key()
        cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
        cache.incr(key)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(self._key())
        return super().form_valid(form)
