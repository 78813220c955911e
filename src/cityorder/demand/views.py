"""Pages of the demand app."""
