// CFaceAlign: a small C API over dlib (libdlib-dev). Opaque handles, plain structs, integer error
// codes; C++ stays inside the .cpp files. This umbrella header includes one header per concept.
#ifndef CFACEALIGN_H
#define CFACEALIGN_H
#include "cfa_common.h"
#include "cfa_faces.h"
#include "cfa_descriptor.h"
#endif
