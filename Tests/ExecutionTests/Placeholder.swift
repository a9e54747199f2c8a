import Testing

@Suite struct ExecutionPlaceholder {}
