"""The local stand-in for Supabase Auth's HTTP API (embedded mode only)."""
