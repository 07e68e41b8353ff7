"""Handing runs to workers: messages on the Dramatiq broker, sent by actor name.

Both the API (start, resume after a decision, cancel) and the workers (the
sweeper) send messages; neither imports the other's code to do so.
"""
