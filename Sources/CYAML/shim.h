#ifndef EASEL_CYAML_SHIM_H
#define EASEL_CYAML_SHIM_H
#include <yaml.h>
#endif
