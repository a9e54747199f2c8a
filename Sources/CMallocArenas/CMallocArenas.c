// The module is its header's inline function; SwiftPM wants a source file for a C target.
#include "CMallocArenas.h"
