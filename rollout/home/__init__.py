"""Pages that bring several areas together, above them all."""
