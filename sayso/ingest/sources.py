"""Expand what the user names (paths, folders, globs, URLs, -) into raw inputs."""
