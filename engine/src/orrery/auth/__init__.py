"""Access-token verification and the local Supabase Auth stand-in."""
