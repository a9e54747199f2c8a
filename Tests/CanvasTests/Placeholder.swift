import Testing

@Suite struct CanvasPlaceholder {}
