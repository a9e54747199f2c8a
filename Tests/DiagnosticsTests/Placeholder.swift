import Testing

@Suite struct DiagnosticsPlaceholder {}
