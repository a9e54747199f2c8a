import Testing

@Suite struct YAMLPlaceholder {}
