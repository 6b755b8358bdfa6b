"""site stage of the vpcdocs pipeline (see design.md)."""
