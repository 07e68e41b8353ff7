"""Typed run events (a msgspec tagged union): publish, replay, live tail."""
