// LoomMetrics: placeholder until its first file lands.
