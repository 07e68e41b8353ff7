"""One module per node type, and the registry that publishes their config schemas."""
