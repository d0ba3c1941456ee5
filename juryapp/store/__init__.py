"""Everything on disk: the session folder, TinyDB storage, locking, journal, imports."""
