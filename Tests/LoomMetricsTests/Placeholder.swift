// LoomMetricsTests: placeholder.
import Testing
