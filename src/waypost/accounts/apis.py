from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.scopes import ANY_SCOPE


class MeApi(APIView):
    """Who the caller is: username, organisation and role."""

    # Any token may ask whose it is and what it may do.
    token_scope = ANY_SCOPE

    class OrganisationSerializer(serializers.Serializer[object]):
        slug = serializers.CharField()
        name = serializers.CharField()
        kind = serializers.CharField()
        country = serializers.CharField()

    class OutputSerializer(serializers.Serializer[object]):
        username = serializers.CharField()
        organisation = serializers.SerializerMethodField()
        role = serializers.CharField()

        def get_organisation(self, user: object) -> dict[str, str] | None:
            organisation = getattr(user, "organisation", None)
            if organisation is None:
                return None
            data: dict[str, str] = MeApi.OrganisationSerializer(organisation).data
            return data

    @extend_schema(responses=OutputSerializer, operation_id="me")
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(request.user).data)
