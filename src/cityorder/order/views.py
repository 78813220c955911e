"""Pages of the order app."""
