import Testing

@Suite struct JobSpecPlaceholder {}
