"""GrensDesk: desk software for the border information points (grensinformatiepunten)."""

__version__ = "0.1.0"
