"""Layer 5, lint: configuration, rules, findings and the engine that runs rules on a survey."""
