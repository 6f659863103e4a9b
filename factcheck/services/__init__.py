"""Use-cases. Each takes a Session and an actor, owns its transaction and raises domain errors."""
