"""The scoring packages' names as ``ui/panel_packages_tab.py`` imports them, until it
imports each from its own module (:mod:`.package_projects`, :mod:`.package_export`,
:mod:`.package_import`); nothing else should import from here."""

from .package_export import ExportResult, export_chosen
from .package_import import import_package
from .package_projects import package_projects

__all__ = ["ExportResult", "export_chosen", "import_package", "package_projects"]
