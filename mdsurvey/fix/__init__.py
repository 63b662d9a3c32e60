"""Layer 6, fix: choosing, applying and verifying the edits that rules propose."""
