import Testing

@Suite struct EaselCLIPlaceholder {}
