// LoomRedis: placeholder until its first file lands.
