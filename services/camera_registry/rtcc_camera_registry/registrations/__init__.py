"""Residents and businesses linking their cameras: submission, review, consent withdrawal."""
