"""The workflow document (msgspec types) and its validation. Imports nothing else of ours."""
