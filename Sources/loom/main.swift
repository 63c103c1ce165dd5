// loom: command-line entry point.
print("loom")
