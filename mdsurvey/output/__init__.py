"""Layer 7, output: exports (JSON, CSV, YAML, BibTeX) and finding reports (GitHub, SARIF, statistics)."""
