"""Layer 2, syntax: what GitHub's renderer sees (blocks, cells, inline spans, badges, slugs); no papers."""
