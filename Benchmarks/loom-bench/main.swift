// loom-bench: load generator.
print("loom-bench")
