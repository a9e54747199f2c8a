import Testing

@Suite struct ExpressionsPlaceholder {}
