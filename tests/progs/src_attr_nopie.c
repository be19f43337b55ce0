// build: nopie
// src_attr.c built as a non-PIE executable (same source, same marker lines).
#include "src_attr.c"
