from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


@login_required
def home(request):
    """Regulator staff start at the overview; entity users at their own entity."""
    if request.user.entity is not None:
        return redirect(request.user.entity.get_absolute_url())
    return redirect("dashboard:overview")
