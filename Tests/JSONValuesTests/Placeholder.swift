import Testing

@Suite struct JSONValuesPlaceholder {}
