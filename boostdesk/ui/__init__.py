"""The desktop interface (PySide6 only): main window, register views, forms, dialogs.

Everything below talks to the register through :class:`boostdesk.ui.context.AppContext`;
the domain (models, rules, io, printing) never imports from here.
"""
