"""`RunAssets`: a run owner's files as a step sees them (`nodes.base.AssetAccess`). What a step
saves is an asset of its run and node; the service's refusals become node errors whose
message says why, and an unavailable store or database a retryable one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from orrery.assets.errors import AssetStepFailed, AssetStoreDown
from orrery.assets.models import reference
from orrery.errors import DependencyUnavailable, OrreryError
from orrery.nodes.base import RunQuota

if TYPE_CHECKING:
    from orrery.assets.service import AssetService


def asset_id_of(value: Any) -> str:
    """The asset id a reference (`{asset_id, ...}`) or a bare id names; `AssetStepFailed` otherwise."""
    candidate = value.get("asset_id") if isinstance(value, Mapping) else value
    try:
        return str(UUID(str(candidate)))
    except ValueError:
        raise AssetStepFailed(
            "Expected a file (an asset reference such as {asset_id, name, mime, size}), "
            f"got {str(value)[:80]!r}."
        ) from None


@dataclass(frozen=True, slots=True)
class OutputLimits:
    """What a step may make: the operator's asset settings."""

    max_duration_s: float
    max_pixels: int
    max_bytes: int


class RunAssets:
    def __init__(
        self, service: AssetService, claims: dict[str, Any], run_id: str, node_id: str, scope: str
    ) -> None:
        self._service = service
        self._claims = claims
        self._run_id = run_id
        self._node_id = node_id
        self._scope = scope

    @property
    def limits(self) -> OutputLimits:
        settings = self._service.settings
        return OutputLimits(settings.max_duration_s, settings.max_video_pixels, settings.max_upload_bytes)

    async def save(self, name: str, data: bytes, *, quota: RunQuota | None = None) -> dict[str, Any]:
        try:
            asset = await self._service.create(
                self._claims,
                name=name,
                data=data,
                run_id=self._run_id,
                node_id=self._node_id,
                scope=self._scope,
                quota=quota,
            )
        except OrreryError as exc:
            raise _step_error(exc, f"Storing `{name}` failed") from exc
        return reference(asset)

    async def run_files(self) -> list[dict[str, Any]]:
        try:
            page = await self._service.list(self._claims, run_id=self._run_id, limit=200)
        except OrreryError as exc:
            raise _step_error(exc, "Listing the run's files failed") from exc
        return [reference(asset) for asset in page.items]

    async def load(self, value: Any) -> tuple[dict[str, Any], bytes]:
        asset_id = asset_id_of(value)
        try:
            asset, data = await self._service.content(self._claims, asset_id)
        except OrreryError as exc:
            raise _step_error(exc, f"Reading the file {asset_id} failed") from exc
        return reference(asset), data


def _step_error(exc: OrreryError, what: str) -> OrreryError:
    if isinstance(exc, AssetStepFailed | AssetStoreDown):
        return exc
    if isinstance(exc, DependencyUnavailable):
        return AssetStoreDown(f"{what}: {exc}")
    return AssetStepFailed(f"{what}: {exc}")
