"""The plan aggregate and everything that acts on a plan as a whole."""
