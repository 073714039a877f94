"""One screen or modal per module; each owns its bindings and starts its own store workers."""
