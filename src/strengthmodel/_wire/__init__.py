"""Codec internals behind the public [`serialization`][strengthmodel.serialization] face.

Private: nothing here is part of the public API, and nothing here imports cattrs or
msgspec when the package itself is imported.

- ``codec``: the compiled codec (msgspec structs and generated converters and layouts).
- ``hooks``: the cattrs hooks and converters of the detailed path.
- ``problems``: cattrs' errors and record errors turned into problems with JSON paths.
- ``limits``: size, depth and exact-integer limits checked around parsing.
- ``migrations``: the registry that upgrades older format versions.
- ``formats``: the wire forms of dates, times and union tags.
"""
