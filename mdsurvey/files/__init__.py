"""Layer 1, files: reading bytes and lines losslessly, and writing atomically."""
