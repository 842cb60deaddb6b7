// dlib's own 128-d face descriptor (dlib_face_recognition_resnet_model_v1.dat), the reference that
// OncoNN's import of the network is checked against. Filled by the engine work (issues 2 and 5).
#ifndef CFA_DESCRIPTOR_H
#define CFA_DESCRIPTOR_H
#include "cfa_common.h"
#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
