"""``python -m strengthmodel``: the ``strengthmodel`` command (see ``strengthmodel.cli``)."""

from strengthmodel.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
