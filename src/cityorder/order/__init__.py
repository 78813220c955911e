"""The city order: versions, positions, analyst decisions and exports."""
