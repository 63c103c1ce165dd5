// LoomPostgres: placeholder until its first file lands.
