"""The one place that decides which rows a user may see.

Every scoped model's queryset inherits `EntityScopedQuerySet` and says, in
`scope_lookups`, which field leads to the lender and which to the agency the
row belongs to. Regulator staff see everything; an entity user sees the rows
of its own lender or agency; everyone else sees nothing.
"""

from django.db import models


class EntityScopedQuerySet(models.QuerySet):
    # {"lender": path to the lender's id or None, "agency": path to the agency's id or None}
    scope_lookups: dict[str, str | None] = {"lender": None, "agency": None}

    def visible_to(self, user) -> "EntityScopedQuerySet":
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_regulator:
            return self.all()
        for kind, entity_id in (("lender", user.lender_id), ("agency", user.agency_id)):
            lookup = self.scope_lookups.get(kind)
            if entity_id and lookup:
                return self.filter(**{lookup: entity_id})
        return self.none()


def scoped_queryset(scope_lookups: dict[str, str | None]) -> type[EntityScopedQuerySet]:
    """A queryset class scoped by the given lookups, for `Model.objects = ...as_manager()`."""
    return type("ScopedQuerySet", (EntityScopedQuerySet,), {"scope_lookups": scope_lookups})
