"""Stage 3, names and pairing: rule files (data, one YAML file per indicator family) with their
strict loader, the pairing of names with quantities in a sentence, and flattened tables."""
