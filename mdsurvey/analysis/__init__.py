"""Layer 4, analysis: facts across a survey (paper grouping, counts, generated views, linked pages)."""
