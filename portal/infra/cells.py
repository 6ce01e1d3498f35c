"""Cells of the spreadsheets the portal writes (CSV now, XLSX for reports): text that a
spreadsheet would run as a formula is written as text.

A note that begins with "=", "+", "-" or "@" (or a tab or carriage return before one) is a
formula to Excel and LibreOffice: `=HYPERLINK(...)` or DDE in a history file would run on
the officer's machine that opens it. OWASP's rule: prefix such a cell with a single quote,
which the spreadsheet shows as text and does not evaluate."""

# The ASCII triggers, and the full-width forms some spreadsheets fold into them.
FORMULA_START = tuple("=+-@\t\r") + tuple("＝＋－＠")


def cell(value):
    """`value` as a spreadsheet cell that can only be read, never run."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def row(values) -> list:
    return [cell(v) for v in values]
