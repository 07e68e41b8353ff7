"""Dramatiq broker and actors: thin shells that hand runs to the runner."""
