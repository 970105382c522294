"""DRF permission classes and view decorators, by role."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework import permissions


class IsRegulator(permissions.BasePermission):
    """Supervisors, inspectors and administrators."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_regulator)


class IsSupervisor(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_supervisor)


class ReadScopedWriteSupervisor(permissions.BasePermission):
    """Any logged-in user reads (the queryset is scoped); only supervisors write."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_supervisor


def _role_required(role_property: str):
    """A view decorator: log in first, then the user must have `role_property` (403 otherwise)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not getattr(request.user, role_property):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


regulator_required = _role_required("is_regulator")  # supervisors, inspectors, administrators
supervisor_required = _role_required("is_supervisor")  # supervisors and administrators
