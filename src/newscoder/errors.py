"""Errors the library raises. The edges translate them: exit codes in the CLI, HTTP statuses in the server."""


class NewscoderError(Exception):
    """Base of every error newscoder raises on purpose."""


class InputError(NewscoderError):
    """One article's input cannot be analysed (empty, binary, too long, malformed...)."""


class ModelError(NewscoderError):
    """No usable spaCy model is installed, or the configured one cannot be loaded."""
