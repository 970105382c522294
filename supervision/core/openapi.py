"""The errors every API operation may answer, documented once for the whole schema."""

from django.utils.translation import gettext_lazy as _

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
         "required": ["detail"]}
# DRF's validation errors: {field: [messages]}, or {"detail": ...} for a request that cannot be parsed.
FIELD_ERRORS = {"type": "object", "additionalProperties": True}

COMMON_ERRORS = {
    "400": (_("Invalid input: the body names each field and why"), "FieldErrors"),
    "401": (_("Not authenticated: send `Authorization: Token …` or log in"), "Error"),
    "403": (_("Authenticated, but this role may not do this"), "Error"),
    "404": (_("No such object, or not one the caller may see"), "Error"),
    "429": (_("Too many requests: try again later"), "Error"),
    "503": (_("The data store does not answer: nothing was stored; send again after Retry-After seconds"), "Error"),
}


def add_common_errors(result: dict, generator, request, public: bool) -> dict:
    """drf-spectacular postprocessing hook: add the error responses an operation does not document itself."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, (description, schema) in COMMON_ERRORS.items():
                responses.setdefault(status, {
                    "description": str(description),
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                })
    return result
