"""Dossiers and the workflow engine that moves them and the issued documents."""
