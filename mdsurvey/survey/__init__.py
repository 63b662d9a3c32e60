"""Layer 3, survey: the model (sections, tables, rows), the parser that builds it, papers and the legend."""
