"""Codec internals behind the public [`serialization`][strengthmodel.serialization] face.

Private: nothing here is part of the public API. ``codec`` decodes documents through
msgspec structs generated from the record classes, for the common case of a valid
document in the current format; anything else goes to the detailed path in
``strengthmodel.serialization``.
"""
