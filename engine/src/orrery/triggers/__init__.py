"""What starts runs without a person clicking Run: schedules (cron in a time zone, fired once per
fire by the workers' schedulers) and webhooks (a secret URL another service calls). Shaped like
`runs/`: services, models, errors; SQL in `orrery.store`."""

from __future__ import annotations
