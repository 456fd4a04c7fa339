"""BoostDesk: the register of a trade-union federation's employee innovation boost plan."""

__version__ = "0.1.0"
