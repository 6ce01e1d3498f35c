"""The web layer: one blueprint per audience, their forms, and HTTP concerns."""
