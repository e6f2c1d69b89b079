"""cockpit: an open in-car assistant simulator."""

__version__ = "0.1.0"
