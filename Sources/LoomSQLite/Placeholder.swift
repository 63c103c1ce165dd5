// LoomSQLite: placeholder until its first file lands.
