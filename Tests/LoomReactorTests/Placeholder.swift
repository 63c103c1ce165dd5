// LoomReactorTests: placeholder.
import Testing
