"""The one error of loading an engine."""


class EngineSpecError(ValueError):
    """An engine that cannot be loaded: the message is one line for the user."""
