"""Printed documents (reportlab, no Qt): approval sheets, summary tables, payment lists.

Every PDF embeds the shipped fonts (:mod:`.fonts`); see ``docs/print-samples/`` for how
each document looks.
"""
