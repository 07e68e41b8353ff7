"""The HTTP layer: Litestar controllers, thin. Parse, authorize, call a service, return."""
