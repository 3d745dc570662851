"""Stage 1, text: reading files (encodings, bad input) and normalization with an offset map
back to the original, so every quote is a slice of what the user gave."""
