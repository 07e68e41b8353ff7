"""pydantic-ai agent construction, model providers, tools, usage and cost."""
