"""Uploaded documents on disk: storing them so that a full or read-only disk says so and leaves nothing behind, and
serving them so that a file gone from the storage (a restore without the media folder) answers a clear 404."""
