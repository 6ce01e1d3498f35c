"""Fees: what a dossier owes by its procedure's declaration, how it is paid (a bank transfer
with a VietQR code, reconciled from the bank's statement, or the payment gateway), and the
e-receipt of each payment."""
