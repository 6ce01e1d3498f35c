"""Infrastructure every concern uses: working days, audit, e-mail, stored files, backups."""
