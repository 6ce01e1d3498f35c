"""What the authority issues: documents in force, PDFs, letters, signatures, the register."""
