import Testing

@Suite struct ResourcesPlaceholder {}
