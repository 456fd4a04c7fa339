"""BoostDesk: the register of a trade-union federation's employee innovation boost plan."""

__version__ = "0.26.0"  # raised with each release the office installs (关于, --version, the .exe)
