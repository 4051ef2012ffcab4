"""newscoder: raw news articles in, structured, source-attributed event records out.

    >>> import newscoder
    >>> rec = newscoder.analyze("Officials in Lima said on Monday that ...", published="2024-03-04")
    >>> rec.to_dict()["actors"]
"""
from .errors import InputError, ModelError, NewscoderError
from .record import Record
from .settings import Settings

__version__ = "0.1.0"
__all__ = ["analyze", "analyze_many", "Record", "Settings", "NewscoderError", "InputError", "ModelError",
           "__version__"]


def __getattr__(name: str):
    # The pipeline pulls in spaCy; load it on first use so `import newscoder.language` stays light.
    if name in ("analyze", "analyze_many"):
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module 'newscoder' has no attribute {name!r}")
