"""Text shared by every stage: name normalisation (what "the same name" means),
sentences with their offsets, and look-ups in sorted spans. No I/O, no other stage."""
