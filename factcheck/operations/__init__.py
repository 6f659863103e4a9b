"""Operating a desk: reaching its database, backups and restores, moving it between databases."""
