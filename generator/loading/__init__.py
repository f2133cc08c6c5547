"""Loading: find content files and read them as strict YAML with positions."""
