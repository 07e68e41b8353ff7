"""Handing runs to workers: messages on the Dramatiq broker, sent by actor name
(`dispatcher`), and commands to the worker executing a run (`control`: cancel, look
again).

Both the API (start, resume after a decision, cancel) and the workers (the
sweeper) send messages; neither imports the other's code to do so.
"""
