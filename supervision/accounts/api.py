"""`/api/v1/tokens/`: an entity administrator's API tokens (session authentication only: a token cannot make
more tokens)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from supervision.core.serializers import LabelField

from .models import ApiToken, TokenScope
from .tokens import token_create, token_revoke, tokens_visible_to


class ManagesOrSupervisesTokens(BasePermission):
    """Entity administrators and regulator staff; creating a token is the entity administrator's alone."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if view.action == "create":
            return user.is_authenticated and user.manages_tokens
        return user.is_authenticated and (user.manages_tokens or user.is_regulator)


class ApiTokenSerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="user.entity.code", read_only=True)
    created_by = serializers.CharField(source="user.username", read_only=True)
    expires_at = serializers.DateTimeField(source="expiry", read_only=True)
    scope_label = LabelField("token_scope", source="scope")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "scope", "scope_label", "entity", "created_by", "created", "expires_at", "last_used_at",
                  "last_used_from"]


class NewTokenSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    scope = serializers.ChoiceField(choices=TokenScope.choices, default=TokenScope.ALL)


class ApiTokenViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """List, create (the key is in this one answer and nowhere else) and revoke API tokens."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [ManagesOrSupervisesTokens]
    serializer_class = ApiTokenSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a user
            return ApiToken.objects.none()
        return tokens_visible_to(self.request.user)

    @extend_schema(request=NewTokenSerializer, responses={201: inline_serializer("CreatedToken", {
        "id": serializers.IntegerField(), "name": serializers.CharField(), "token": serializers.CharField(),
        "expires_at": serializers.DateTimeField()}), 400: OpenApiResponse(description="Invalid name or scope"),
        403: OpenApiResponse(description="Not an entity administrator")})
    def create(self, request, *args, **kwargs):
        form = NewTokenSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            token, key = token_create(by=request.user, **form.validated_data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        return Response({"id": token.pk, "name": token.name, "token": key, "expires_at": token.expiry},
                        status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        try:
            token_revoke(token=instance, by=self.request.user)
        except DjangoPermissionDenied:
            raise PermissionDenied(_("This token is not yours to revoke.")) from None
