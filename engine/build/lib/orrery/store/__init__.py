"""Postgres access: the pool, the per-user transaction, migrations."""
