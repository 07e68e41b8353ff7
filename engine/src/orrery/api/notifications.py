"""A user's notifications (the bell: list, unread count, mark read) and where else they go.
Thin: parse, call the service, return. Approving from a notification uses the runs API's
decision endpoint."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY
from orrery.api.strict import require_booleans
from orrery.auth import Principal
from orrery.notifications.models import (
    MarkRead,
    NotificationPage,
    NotificationSettingsRead,
    NotificationSettingsUpdate,
    Unread,
)
from orrery.notifications.service import NotificationService


class NotificationsController(Controller):
    path = "/api/v1"
    tags = ["notifications"]
    security = BEARER_SECURITY

    @get("/notifications", summary="Your notifications, newest first", responses=documented(400, 401))
    async def list_notifications(
        self,
        principal: NamedDependency[Principal],
        notification_service: NamedDependency[NotificationService],
        unread: Annotated[bool, QueryParameter(description="Only the unread ones.")] = False,
        cursor: FromQuery[str | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 25,
    ) -> NotificationPage:
        return await notification_service.list(principal.claims, unread=unread, cursor=cursor, limit=limit)

    @get("/notifications/unread", summary="How many notifications are unread", responses=documented(401))
    async def unread_notifications(
        self,
        principal: NamedDependency[Principal],
        notification_service: NamedDependency[NotificationService],
    ) -> Unread:
        return await notification_service.unread(principal.claims)

    @post(
        "/notifications/read",
        status_code=HTTP_200_OK,
        summary="Mark notifications read (all unread ones without `ids`)",
        responses=documented(400, 401, 413),
    )
    async def mark_notifications_read(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[MarkRead],
        principal: NamedDependency[Principal],
        notification_service: NamedDependency[NotificationService],
    ) -> Unread:
        await require_booleans(request, MarkRead)
        return await notification_service.mark_read(principal.claims, data)

    @get(
        "/notification-settings",
        summary="Where else your notifications go (outgoing webhook, email)",
        responses=documented(401),
    )
    async def get_notification_settings(
        self,
        principal: NamedDependency[Principal],
        notification_service: NamedDependency[NotificationService],
    ) -> NotificationSettingsRead:
        return await notification_service.settings(principal.claims)

    @put(
        "/notification-settings",
        summary="Send notifications to a webhook (signed) and/or by email (fields sent only; null clears)",
        responses=documented(400, 401, 413),
    )
    async def put_notification_settings(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[NotificationSettingsUpdate],
        principal: NamedDependency[Principal],
        notification_service: NamedDependency[NotificationService],
    ) -> NotificationSettingsRead:
        await require_booleans(request, NotificationSettingsUpdate)
        return await notification_service.save_settings(principal.claims, data)
