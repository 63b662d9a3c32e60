"""Layer 7, workflows: maintainers' operations on the model (add a paper, rotate old rows to pages)."""
