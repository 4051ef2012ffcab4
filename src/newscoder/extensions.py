"""Every Doc._ extension newscoder sets, declared in one place."""
from spacy.tokens import Doc

_DOC_EXTENSIONS = {
    "actors": None,   # list[record.Actor], set by the newscoder_actors component
}

for _name, _default in _DOC_EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
